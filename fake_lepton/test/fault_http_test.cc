// Every fault action over real HTTP, spoken to with a plain client: what the client sees, what
// the fake's state holds afterwards, and that the server keeps answering.

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <httplib.h>

#include <chrono>
#include <future>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "fake_http_test.h"
#include "lepton/fake/journal_matchers.h"

namespace lepton::fake {
namespace {

using internal::Json;
using ::testing::HasSubstr;
using std::chrono::seconds;

class FaultHttpTest : public FakeHttpTest {
 protected:
  static std::string Path(std::string const& rest) { return std::string(kWorkspace) + rest; }

  static std::string JobBody(std::string const& name, std::string const& command = "true") {
    return Json{{"metadata", {{"name", name}}},
                {"spec",
                 {{"resource_shape", "cpu.small"},
                  {"container", {{"image", "busybox"}, {"command", {"sh", "-c", command}}}}}}}
        .dump();
  }

  httplib::Result PostJob(std::string const& name = "train") {
    return http_->Post(Path("/jobs"), JobBody(name), "application/json");
  }

  std::string AddFault(std::string const& json) {
    auto rule = ParseFaultRule(json);
    EXPECT_TRUE(rule.ok()) << rule.status();
    if (!rule.ok()) return "";
    auto name = fake_->AddFault(*rule);
    EXPECT_TRUE(name.ok()) << name.status();
    return name.ok() ? *name : "";
  }

  // The server still answers a plain request correctly.
  void ExpectHealthy() {
    auto result = http_->Get(Path("/jobs"));
    ASSERT_TRUE(result) << httplib::to_string(result.error());
    EXPECT_EQ(result->status, 200);
    EXPECT_TRUE(Json::parse(result->body, nullptr, false).is_object());
  }

  // A finished job whose only replica printed `lines`; its log path.
  std::string FinishedJobLog(std::vector<std::string> const& lines) {
    std::string command;
    for (auto const& line : lines) command += (command.empty() ? "echo " : "; echo ") + line;
    std::string const id = CreateJob(JobBody("logs", command));
    clock_->Advance(seconds(5));
    Json const replicas = Get("/jobs/" + id + "/replicas");
    return Path("/jobs/" + id + "/replicas/" + replicas[0]["id"].get<std::string>() + "/log");
  }

  int Fired(std::size_t rule) { return fake_->Faults().at(rule).fired; }

  // Waits (bounded, in real time) until rule `rule` has fired once: the request is in the fake.
  ::testing::AssertionResult AwaitFired(std::size_t rule) {
    auto const give_up = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    while (Fired(rule) == 0) {
      if (std::chrono::steady_clock::now() > give_up) {
        return ::testing::AssertionFailure() << "the rule never fired";
      }
      std::this_thread::yield();
    }
    return ::testing::AssertionSuccess();
  }

  int StatusOf(httplib::Result const& result) { return result ? result->status : -1; }
};

TEST_F(FaultHttpTest, AnErrorAnswersALeptonBodyWithRetryAfterAndChangesNothing) {
  AddFault(R"({"action": "error", "status": 429, "retry_after": "1500ms", "times": 1,
               "match": {"method": "POST", "path": "/jobs"}})");
  auto result = PostJob();
  ASSERT_TRUE(result);
  EXPECT_EQ(result->status, 429);
  EXPECT_EQ(result->get_header_value("Retry-After"), "2");
  EXPECT_THAT(result->get_header_value("Content-Type"), HasSubstr("application/json"));
  Json const body = Json::parse(result->body, nullptr, false);
  EXPECT_EQ(body.value("code", ""), "TooManyRequests");
  EXPECT_THAT(body.value("message", ""), HasSubstr("fault-1"));
  EXPECT_EQ(fake_->job_count(), 0u);
  ExpectHealthy();
}

TEST_F(FaultHttpTest, AnErrorCarriesTheGivenCodeAndMessage) {
  AddFault(R"({"status": 500, "code": "Boom", "message": "the database is on fire"})");
  auto result = http_->Get(Path("/jobs"));
  ASSERT_TRUE(result);
  EXPECT_EQ(result->status, 500);
  EXPECT_EQ(Json::parse(result->body), (Json{{"code", "Boom"}, {"message", "the database is on fire"}}));
}

TEST_F(FaultHttpTest, CloseAnswersNothingAndCreatesNothing) {
  AddFault(R"({"action": "close", "times": 1})");
  auto result = PostJob();
  EXPECT_FALSE(result);
  EXPECT_EQ(fake_->job_count(), 0u);
  ExpectHealthy();
}

TEST_F(FaultHttpTest, DropResponseCreatesTheJobButAnswersNothing) {
  AddFault(R"({"action": "drop_response", "times": 1})");
  auto result = PostJob();
  EXPECT_FALSE(result);
  EXPECT_EQ(fake_->job_count(), 1u);
  ExpectHealthy();
}

TEST_F(FaultHttpTest, ResetMidBodyCreatesTheJobAndBreaksTheAnswer) {
  AddFault(R"({"action": "reset", "times": 1})");
  auto result = http_->Post(Path("/jobs"), JobBody("train"), "application/json");
  EXPECT_FALSE(result);
  EXPECT_EQ(result.error(), httplib::Error::Read);
  EXPECT_EQ(fake_->job_count(), 1u);
  ExpectHealthy();
}

TEST_F(FaultHttpTest, ResetMidBodyDeliversHalfTheBodyFirst) {
  std::string const id = CreateJob(JobBody("x"));
  std::string const whole = http_->Get(Path("/jobs/" + id))->body;
  AddFault(R"({"action": "reset", "times": 1})");
  std::string received;
  auto result = http_->Get(Path("/jobs/" + id), [&](char const* data, std::size_t size) {
    received.append(data, size);
    return true;
  });
  EXPECT_FALSE(result);
  EXPECT_EQ(received, whole.substr(0, whole.size() / 2));
}

TEST_F(FaultHttpTest, DamagedAnswersAreDamagedBeforeCompression) {
  std::string const id = CreateJob(JobBody("x"));
  std::string const whole = http_->Get(Path("/jobs/" + id))->body;
  AddFault(R"({"action": "truncate", "times": 1})");
  httplib::Client gzip(fake_->base_url());
  gzip.set_bearer_token_auth("fake-token");
  gzip.set_decompress(true);
  auto result = gzip.Get(Path("/jobs/" + id), {{"Accept-Encoding", "gzip, deflate"}});
  ASSERT_TRUE(result) << httplib::to_string(result.error());
  EXPECT_EQ(result->body, whole.substr(0, whole.size() / 2));
}

TEST_F(FaultHttpTest, MalformedSendsOneContentType) {
  AddFault(R"({"action": "malformed", "times": 1})");
  auto result = http_->Get(Path("/jobs"));
  ASSERT_TRUE(result);
  EXPECT_EQ(result->get_header_value_count("Content-Type"), 1u);
}

TEST_F(FaultHttpTest, BodyFaultsNeverMatchALogStream) {
  std::string const log = FinishedJobLog({"a"});
  AddFault(R"({"action": "truncate"})");
  auto result = http_->Get(log);
  ASSERT_TRUE(result);
  EXPECT_EQ(result->body, "a\n");
  EXPECT_EQ(fake_->Faults()[0].matched, 0);
}

TEST_F(FaultHttpTest, TruncateAnswersTheFirstHalfOfTheJson) {
  AddFault(R"({"action": "truncate", "times": 1})");
  auto result = PostJob();
  ASSERT_TRUE(result) << httplib::to_string(result.error());
  EXPECT_EQ(result->status, 200);
  EXPECT_TRUE(Json::parse(result->body, nullptr, false).is_discarded());
  EXPECT_THAT(result->body, ::testing::StartsWith("{\""));
  EXPECT_EQ(fake_->job_count(), 1u);
  ExpectHealthy();
}

TEST_F(FaultHttpTest, MalformedAnswers200WithABodyThatIsNotJson) {
  AddFault(R"({"action": "malformed", "times": 1})");
  auto result = http_->Get(Path("/jobs"));
  ASSERT_TRUE(result);
  EXPECT_EQ(result->status, 200);
  EXPECT_THAT(result->get_header_value("Content-Type"), HasSubstr("application/json"));
  EXPECT_TRUE(Json::parse(result->body, nullptr, false).is_discarded());
  ExpectHealthy();
}

TEST_F(FaultHttpTest, ADelayHoldsTheRequestUntilTheFakeClockMoves) {
  AddFault(R"({"action": "delay", "delay": "5s", "times": 1})");
  auto answer = std::async(std::launch::async, [this] { return http_->Get(Path("/jobs")); });
  ASSERT_TRUE(AwaitFired(0));
  EXPECT_TRUE(fake_->Journal().empty());  // Not answered: the clock has not moved.
  clock_->Advance(seconds(5));
  auto result = answer.get();
  ASSERT_TRUE(result);
  EXPECT_EQ(result->status, 200);
  ASSERT_EQ(fake_->Journal().size(), 1u);
  EXPECT_EQ(fake_->Journal()[0].latency, seconds(5));
}

TEST_F(FaultHttpTest, ARealTimeDelaySleepsAtLeastThatLong) {
  AddFault(R"({"action": "delay", "delay": "30ms", "real_time": true})");
  ExpectHealthy();
  ASSERT_EQ(fake_->Journal().size(), 1u);
  EXPECT_GE(fake_->Journal()[0].wall_latency, std::chrono::milliseconds(30));
  EXPECT_EQ(fake_->Journal()[0].latency, Duration::zero());
}

TEST_F(FaultHttpTest, ALogStreamBreaksAfterKLines) {
  std::string const log = FinishedJobLog({"a", "b", "c", "d"});
  AddFault(R"({"action": "log_break", "after_lines": 2})");
  std::string received;
  auto result = http_->Get(log, [&](char const* data, std::size_t size) {
    received.append(data, size);
    return true;
  });
  EXPECT_FALSE(result);
  EXPECT_EQ(received, "a\nb\n");
  ExpectHealthy();
}

TEST_F(FaultHttpTest, ALogStreamStallsAfterKLinesUntilTheClockMoves) {
  std::string const log = FinishedJobLog({"a", "b", "c"});
  AddFault(R"({"action": "log_stall", "after_lines": 1, "delay": "10s"})");
  TimePoint const start = clock_->Now();
  // Each chunk and the clock time it arrived at; the job has ended, so without the stall all
  // three lines would come at once.
  std::vector<std::pair<std::string, Duration>> chunks;
  auto result = http_->Get(log, [&](char const* data, std::size_t size) {
    chunks.emplace_back(std::string(data, size), clock_->Now() - start);
    if (chunks.size() == 1) clock_->Advance(seconds(10));
    return true;
  });
  ASSERT_TRUE(result) << httplib::to_string(result.error());
  ASSERT_EQ(chunks.size(), 2u);
  EXPECT_EQ(chunks[0].first, "a\n");
  EXPECT_EQ(chunks[1].first, "b\nc\n");
  EXPECT_GE(chunks[1].second, seconds(10));
}

TEST_F(FaultHttpTest, AnEndlessStallHoldsTheStreamUntilTheClientGivesUp) {
  std::string const log = FinishedJobLog({"a", "b"});
  AddFault(R"({"action": "log_stall", "after_lines": 1})");
  httplib::Client impatient(fake_->base_url());
  impatient.set_bearer_token_auth("fake-token");
  impatient.set_read_timeout(std::chrono::milliseconds(500));
  std::string received;
  auto result = impatient.Get(log, [&](char const* data, std::size_t size) {
    received.append(data, size);
    return true;
  });
  EXPECT_FALSE(result);
  EXPECT_EQ(received, "a\n");
  ExpectHealthy();
}

TEST_F(FaultHttpTest, TheFaultHeaderFailsOnlyItsOwnRequest) {
  auto failed = http_->Get(Path("/jobs"), {{"X-Fake-Lepton-Fault", R"({"status": 503})"}});
  ASSERT_TRUE(failed);
  EXPECT_EQ(failed->status, 503);
  ExpectHealthy();
  EXPECT_EQ(fake_->header_faults_fired(), 1);
  EXPECT_THAT(fake_->Journal(), ReceivedExactly(1, FaultIs("header"), AnsweredWith(503)));
}

TEST_F(FaultHttpTest, TheFaultHeaderCanCloseTheConnection) {
  auto result = http_->Post(Path("/jobs"), {{"X-Fake-Lepton-Fault", R"({"action": "close"})"}},
                            JobBody("x"), "application/json");
  EXPECT_FALSE(result);
  EXPECT_EQ(fake_->job_count(), 0u);
  ExpectHealthy();
}

TEST_F(FaultHttpTest, ABadFaultHeaderIs400NamingTheHeader) {
  auto result = http_->Get(Path("/jobs"), {{"X-Fake-Lepton-Fault", "fail please"}});
  ASSERT_TRUE(result);
  EXPECT_EQ(result->status, 400);
  EXPECT_THAT(result->body, HasSubstr("X-Fake-Lepton-Fault"));
}

TEST_F(FaultHttpTest, TheNextThreeGetsOfThisJobAnswer503ThenNormal) {
  std::string const id = CreateJob(JobBody("flaky"));
  AddFault(R"({"times": 3, "match": {"method": "GET", "path": "/jobs/)" + id + R"("}})");
  std::vector<int> statuses;
  for (int i = 0; i < 4; ++i) statuses.push_back(StatusOf(http_->Get(Path("/jobs/" + id))));
  EXPECT_EQ(statuses, (std::vector<int>{503, 503, 503, 200}));
  EXPECT_EQ(StatusOf(http_->Get(Path("/jobs"))), 200);
}

TEST_F(FaultHttpTest, TheApiIsDownForThirtySecondsOfClockTime) {
  AddFault(R"({"for": "30s"})");
  EXPECT_EQ(StatusOf(http_->Get(Path("/jobs"))), 503);
  clock_->Advance(seconds(29));
  EXPECT_EQ(StatusOf(http_->Get(Path("/jobs"))), 503);
  clock_->Advance(seconds(1));
  EXPECT_EQ(StatusOf(http_->Get(Path("/jobs"))), 200);
  EXPECT_FALSE(fake_->Faults()[0].active);
}

TEST_F(FaultHttpTest, ARuleMatchesTheJobNameOfACreate) {
  AddFault(R"({"match": {"job_name": "flaky"}})");
  EXPECT_EQ(StatusOf(PostJob("flaky")), 503);
  EXPECT_EQ(StatusOf(PostJob("steady")), 200);
}

TEST_F(FaultHttpTest, ARuleMatchesTheJobNameOfAJobInThePath) {
  std::string const flaky = CreateJob(JobBody("flaky"));
  std::string const steady = CreateJob(JobBody("steady"));
  AddFault(R"({"match": {"job_name": "flaky"}})");
  EXPECT_EQ(StatusOf(http_->Get(Path("/jobs/" + flaky))), 503);
  EXPECT_EQ(StatusOf(http_->Get(Path("/jobs/" + steady))), 200);
}

TEST_F(FaultHttpTest, ARuleMatchesAHeader) {
  AddFault(R"({"match": {"header": "X-Attempt", "header_value": "1"}})");
  EXPECT_EQ(StatusOf(http_->Get(Path("/jobs"), {{"X-Attempt", "1"}})), 503);
  EXPECT_EQ(StatusOf(http_->Get(Path("/jobs"), {{"X-Attempt", "2"}})), 200);
}

TEST_F(FaultHttpTest, AProbabilityGivesTheSameAnswersForTheSameSeed) {
  auto statuses = [](FakeLepton& fake) {
    httplib::Client client(fake.base_url());
    client.set_bearer_token_auth("fake-token");
    std::vector<int> out;
    for (int i = 0; i < 32; ++i) {
      auto result = client.Get(Path("/jobs"));
      out.push_back(result ? result->status : -1);
    }
    return out;
  };
  FaultRule rule;
  rule.probability = 0.5;
  FakeLeptonOptions options;
  options.seed = 9;
  auto first = FakeLepton::Start(options);
  auto second = FakeLepton::Start(options);
  ASSERT_TRUE(first.ok() && second.ok());
  ASSERT_TRUE((*first)->AddFault(rule).ok());
  ASSERT_TRUE((*second)->AddFault(rule).ok());
  std::vector<int> const answers = statuses(**first);
  EXPECT_EQ(answers, statuses(**second));
  EXPECT_THAT(answers, ::testing::Contains(503));
  EXPECT_THAT(answers, ::testing::Contains(200));
}

TEST_F(FaultHttpTest, TheControlPlaneAddsListsAndRemovesRules) {
  Json const added = Call("POST", "/fake/v1/faults", R"({"name": "slow", "times": 1})");
  EXPECT_EQ(added, (Json{{"name", "slow"}}));
  EXPECT_EQ(StatusOf(http_->Get(Path("/jobs"))), 503);
  Json const listed = Call("GET", "/fake/v1/faults");
  ASSERT_EQ(listed["faults"].size(), 1u);
  EXPECT_EQ(listed["faults"][0]["name"], "slow");
  EXPECT_EQ(listed["faults"][0]["fired"], 1);
  EXPECT_EQ(listed["faults"][0]["matched"], 1);
  EXPECT_EQ(listed["faults"][0]["active"], false);
  Call("DELETE", "/fake/v1/faults/slow");
  EXPECT_TRUE(Call("GET", "/fake/v1/faults")["faults"].empty());
  Call("DELETE", "/fake/v1/faults/slow", "", 404);
}

TEST_F(FaultHttpTest, TheJournalEndpointAllowsOnlyGetAndDelete) {
  auto result = http_->Post("/fake/v1/journal", "{}", "application/json");
  ASSERT_TRUE(result);
  EXPECT_EQ(result->status, 405);
  EXPECT_EQ(result->get_header_value("Allow"), "GET, DELETE");
}

TEST_F(FaultHttpTest, TheControlPlaneClearsEveryRule) {
  Call("POST", "/fake/v1/faults", "{}");
  Call("POST", "/fake/v1/faults", "{}");
  Call("DELETE", "/fake/v1/faults");
  EXPECT_TRUE(fake_->Faults().empty());
  ExpectHealthy();
}

TEST_F(FaultHttpTest, TheControlPlaneRefusesABadOrDuplicateRule) {
  Json const bad = Call("POST", "/fake/v1/faults", R"({"action": "melt"})", 400);
  EXPECT_EQ(bad.value("code", ""), "BadRequest");
  Call("POST", "/fake/v1/faults", R"({"name": "a"})");
  Call("POST", "/fake/v1/faults", R"({"name": "a"})", 409);
  EXPECT_EQ(fake_->Faults().size(), 1u);
}

TEST_F(FaultHttpTest, FaultsNeverReachTheControlPlane) {
  AddFault("{}");
  Call("GET", "/fake/v1/faults");
  Call("POST", "/fake/v1/clock/advance", R"({"by": "1s"})");
  EXPECT_EQ(fake_->Faults()[0].matched, 0);
}

TEST_F(FaultHttpTest, ResetForgetsTheRules) {
  AddFault("{}");
  Call("POST", "/fake/v1/reset");
  ExpectHealthy();
}

}  // namespace
}  // namespace lepton::fake
