// Fault rules without HTTP: their JSON form and when the engine fires them.

#include <gtest/gtest.h>

#include <algorithm>
#include <deque>
#include <memory>
#include <string>
#include <vector>

#include "fault_engine.h"
#include "lepton/fake/fault.h"

namespace lepton::fake {
namespace {

using std::chrono::seconds;

TEST(ParseFaultRuleTest, ReadsEveryField) {
  auto rule = ParseFaultRule(R"({
    "name": "storm", "action": "error", "status": 429, "code": "Slow", "message": "later",
    "retry_after": "2s", "nth": 2, "times": 3, "probability": 0.5, "seed": 7, "for": "30s",
    "match": {"method": "GET", "path": "/jobs/[^/]+", "job_name": "train",
              "header": "X-Test", "header_value": "a"}})");
  ASSERT_TRUE(rule.ok()) << rule.status();
  EXPECT_EQ(rule->name, "storm");
  EXPECT_EQ(rule->kind, FaultKind::kError);
  EXPECT_EQ(rule->status, 429);
  EXPECT_EQ(rule->code, "Slow");
  EXPECT_EQ(rule->retry_after, seconds(2));
  EXPECT_EQ(rule->nth, 2);
  EXPECT_EQ(rule->times, 3);
  EXPECT_EQ(rule->probability, 0.5);
  EXPECT_EQ(rule->seed, 7u);
  EXPECT_EQ(rule->active_for, seconds(30));
  EXPECT_EQ(rule->match.path, "/jobs/[^/]+");
  EXPECT_EQ(rule->match.job_name, "train");
  EXPECT_EQ(rule->match.header_value, "a");
}

TEST(ParseFaultRuleTest, RejectsAnUnknownKeySoAMisspellingNeverMeansAny) {
  auto rule = ParseFaultRule(R"({"action": "error", "match": {"methd": "GET"}})");
  ASSERT_FALSE(rule.ok());
  EXPECT_EQ(rule.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(rule.status().message().find("/match/methd"), std::string::npos);
}

TEST(ParseFaultRuleTest, RejectsAnUnknownAction) {
  auto rule = ParseFaultRule(R"({"action": "explode"})");
  ASSERT_FALSE(rule.ok());
  EXPECT_NE(rule.status().message().find("/action"), std::string::npos);
}

TEST(ParseFaultRuleTest, RejectsABadRegularExpression) {
  auto rule = ParseFaultRule(R"({"match": {"path": "/jobs/(["}})");
  ASSERT_FALSE(rule.ok());
  EXPECT_NE(rule.status().message().find("regular expression"), std::string::npos);
}

TEST(ParseFaultRuleTest, RejectsOutOfRangeNumbers) {
  EXPECT_FALSE(ParseFaultRule(R"({"status": 99})").ok());
  EXPECT_FALSE(ParseFaultRule(R"({"nth": 0})").ok());
  EXPECT_FALSE(ParseFaultRule(R"({"probability": 1.5})").ok());
  EXPECT_FALSE(ParseFaultRule(R"({"after_lines": -1})").ok());
  EXPECT_FALSE(ParseFaultRule(R"({"delay": "soon"})").ok());
  // Past 1e9 s a Duration added to a clock reading could overflow.
  EXPECT_FALSE(ParseFaultRule(R"({"retry_after": "10000000h"})").ok());
  EXPECT_FALSE(ParseFaultRule(R"({"for": "2500000h"})").ok());
}

TEST(ParseFaultRuleTest, DefaultsToA503ForEveryRequest) {
  auto rule = ParseFaultRule("{}");
  ASSERT_TRUE(rule.ok()) << rule.status();
  EXPECT_EQ(rule->kind, FaultKind::kError);
  EXPECT_EQ(rule->status, 503);
  EXPECT_EQ(rule->nth, 1);
  EXPECT_FALSE(rule->times.has_value());
}

class FaultEngineTest : public ::testing::Test {
 protected:
  FaultRequest Get(std::string const& path) { return Request("GET", path); }
  FaultRequest Request(std::string const& method, std::string const& path) {
    methods_.push_back(method);
    paths_.push_back("/api/v2/workspaces/ws" + path);
    return FaultRequest{methods_.back(), paths_.back(), nullptr, [this] { return job_name_; }};
  }
  // Which of `n` GETs of /jobs fire.
  std::vector<bool> Fired(FaultEngine& engine, int n) {
    std::vector<bool> out;
    for (int i = 0; i < n; ++i) out.push_back(engine.Decide(Get("/jobs")).act.has_value());
    return out;
  }

  std::shared_ptr<ManualClock> clock_ = std::make_shared<ManualClock>();
  FaultEngine engine_{clock_, 1};
  std::string job_name_;
  std::deque<std::string> methods_, paths_;
};

TEST_F(FaultEngineTest, FiresFromTheNthMatchForTimesTimes) {
  FaultRule rule;
  rule.nth = 2;
  rule.times = 2;
  ASSERT_TRUE(engine_.Add(rule).ok());
  EXPECT_EQ(Fired(engine_, 5), (std::vector<bool>{false, true, true, false, false}));
  auto const stats = engine_.List();
  ASSERT_EQ(stats.size(), 1u);
  EXPECT_EQ(stats[0].matched, 5);
  EXPECT_EQ(stats[0].fired, 2);
  EXPECT_FALSE(stats[0].active);
}

TEST_F(FaultEngineTest, AProbabilityReplaysExactlyForTheSameSeed) {
  FaultRule rule;
  rule.probability = 0.5;
  rule.seed = 42;
  FaultEngine other(clock_, 1);
  ASSERT_TRUE(engine_.Add(rule).ok());
  ASSERT_TRUE(other.Add(rule).ok());
  std::vector<bool> const first = Fired(engine_, 64);
  EXPECT_EQ(first, Fired(other, 64));
  auto const fired = std::count(first.begin(), first.end(), true);
  EXPECT_GT(fired, 16);
  EXPECT_LT(fired, 48);
}

TEST_F(FaultEngineTest, TwoUnseededRulesDrawDifferentSequences) {
  FaultRule rule;
  rule.probability = 0.5;
  rule.name = "one";
  FaultEngine other(clock_, 1);
  ASSERT_TRUE(engine_.Add(rule).ok());
  rule.name = "two";
  ASSERT_TRUE(other.Add(rule).ok());
  EXPECT_NE(Fired(engine_, 64), Fired(other, 64));
}

TEST_F(FaultEngineTest, ADifferentSeedGivesADifferentSequence) {
  FaultRule rule;
  rule.probability = 0.5;
  rule.seed = 1;
  FaultEngine other(clock_, 1);
  ASSERT_TRUE(engine_.Add(rule).ok());
  rule.seed = 2;
  ASSERT_TRUE(other.Add(rule).ok());
  EXPECT_NE(Fired(engine_, 64), Fired(other, 64));
}

TEST_F(FaultEngineTest, AnOutageEndsAfterItsClockTime) {
  FaultRule rule;
  rule.active_for = seconds(30);
  ASSERT_TRUE(engine_.Add(rule).ok());
  EXPECT_TRUE(engine_.Decide(Get("/jobs")).act.has_value());
  clock_->Advance(seconds(29));
  EXPECT_TRUE(engine_.Decide(Get("/jobs")).act.has_value());
  clock_->Advance(seconds(1));
  EXPECT_FALSE(engine_.Decide(Get("/jobs")).act.has_value());
  EXPECT_FALSE(engine_.List()[0].active);
}

TEST_F(FaultEngineTest, DelaysAddUpAndTheFirstOtherRuleDecides) {
  FaultRule delay;
  delay.kind = FaultKind::kDelay;
  delay.delay = seconds(2);
  FaultRule first;
  first.name = "first";
  first.status = 429;
  FaultRule second;
  second.name = "second";
  ASSERT_TRUE(engine_.Add(delay).ok());
  ASSERT_TRUE(engine_.Add(delay).ok());
  ASSERT_TRUE(engine_.Add(first).ok());
  ASSERT_TRUE(engine_.Add(second).ok());
  FaultDecision const decision = engine_.Decide(Get("/jobs"));
  EXPECT_EQ(decision.clock_delay, seconds(4));
  ASSERT_TRUE(decision.act.has_value());
  EXPECT_EQ(decision.act->name, "first");
  EXPECT_EQ(decision.fired, "fault-1,fault-2,first");
  EXPECT_EQ(engine_.List()[3].matched, 0);
}

TEST_F(FaultEngineTest, MatchesMethodCaseInsensitivelyAndPathBelowTheWorkspace) {
  FaultRule rule;
  rule.match.method = "get";
  rule.match.path = "/jobs/[^/]+";
  ASSERT_TRUE(engine_.Add(rule).ok());
  EXPECT_TRUE(engine_.Decide(Get("/jobs/a-1")).act.has_value());
  EXPECT_FALSE(engine_.Decide(Get("/jobs")).act.has_value());
  EXPECT_FALSE(engine_.Decide(Request("DELETE", "/jobs/a-1")).act.has_value());
}

TEST_F(FaultEngineTest, MatchesTheJobName) {
  FaultRule rule;
  rule.match.job_name = "train";
  ASSERT_TRUE(engine_.Add(rule).ok());
  job_name_ = "eval";
  EXPECT_FALSE(engine_.Decide(Get("/jobs/eval-1")).act.has_value());
  job_name_ = "train";
  EXPECT_TRUE(engine_.Decide(Get("/jobs/train-1")).act.has_value());
}

TEST_F(FaultEngineTest, LogFaultsOnlyMatchLogStreams) {
  FaultRule rule;
  rule.kind = FaultKind::kLogBreak;
  ASSERT_TRUE(engine_.Add(rule).ok());
  EXPECT_FALSE(engine_.Decide(Get("/jobs/a-1")).act.has_value());
  EXPECT_TRUE(engine_.Decide(Get("/jobs/a-1/replicas/r-0/log")).act.has_value());
}

TEST_F(FaultEngineTest, RefusesADuplicateNameAndRemovesByName) {
  FaultRule rule;
  rule.name = "once";
  ASSERT_TRUE(engine_.Add(rule).ok());
  EXPECT_EQ(engine_.Add(rule).status().code(), StatusCode::kAlreadyExists);
  EXPECT_TRUE(engine_.Remove("once").ok());
  EXPECT_EQ(engine_.Remove("once").code(), StatusCode::kNotFound);
  EXPECT_TRUE(engine_.empty());
}

}  // namespace
}  // namespace lepton::fake
