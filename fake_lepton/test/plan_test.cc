// Plans as data: parsing, selection, and jobs following their scripted attempts.

#include "lepton/fake/plan.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <memory>

#include "job_selector.h"
#include "world.h"

namespace lepton::fake {
namespace {

using ::testing::HasSubstr;
using ::testing::Optional;
using std::chrono::seconds;

TEST(PlanTest, EveryScenarioFileParses) {
  int count = 0;
  for (auto const& entry :
       std::filesystem::directory_iterator(std::string(LEPTONKIT_FIXTURES_DIR) + "/scenarios")) {
    if (entry.path().extension() != ".json") continue;
    auto plan = LoadPlanFile(entry.path().string());
    EXPECT_TRUE(plan.ok()) << plan.status();
    ++count;
  }
  EXPECT_GE(count, 3);
}

TEST(PlanTest, DurationsAcceptUnits) {
  auto plan = ParsePlan(R"({"rules":[{"select":{},"schedule":"250ms","start":"1.5m"}]})");
  ASSERT_TRUE(plan.ok()) << plan.status();
  EXPECT_EQ(plan->rules[0].schedule, std::chrono::milliseconds(250));
  EXPECT_EQ(plan->rules[0].start, seconds(90));
}

TEST(PlanTest, DurationWithoutUnitIsRejectedWithItsPath) {
  auto plan = ParsePlan(R"({"rules":[{"select":{},"start":"5"}]})");
  EXPECT_EQ(plan.status().code(), StatusCode::kInvalidArgument);
  EXPECT_THAT(plan.status().message(), HasSubstr("/rules/0/start"));
}

TEST(PlanTest, ALogLineMayCatAContainerFile) {
  auto plan = ParsePlan(
      R"({"rules":[{"select":{},"attempts":[{"logs":[{"at":"1s","cat":"/data/config.yaml"}]}]}]})");
  ASSERT_TRUE(plan.ok()) << plan.status();
  auto const& line = plan->rules[0].attempts[0].replica.logs.at(0);
  EXPECT_EQ(line.cat, "/data/config.yaml");
  EXPECT_EQ(line.at, seconds(1));
}

TEST(PlanTest, ARelativeCatPathIsRejectedWithItsPath) {
  auto plan = ParsePlan(R"({"rules":[{"select":{},"attempts":[{"logs":[{"cat":"config.yaml"}]}]}]})");
  EXPECT_EQ(plan.status().code(), StatusCode::kInvalidArgument);
  EXPECT_THAT(plan.status().message(), HasSubstr("/logs/0/cat"));
}

TEST(PlanTest, MissingSelectorIsRejected) {
  EXPECT_EQ(ParsePlan(R"({"rules":[{"start":"1s"}]})").status().code(),
            StatusCode::kInvalidArgument);
}

TEST(PlanTest, MalformedJsonIsRejected) {
  EXPECT_EQ(ParsePlan("{\"rules\": [").status().code(), StatusCode::kInvalidArgument);
}

TEST(PlanTest, GlobMatchesStarAndQuestionMark) {
  EXPECT_TRUE(GlobMatch("train-*", "train-llama"));
  EXPECT_TRUE(GlobMatch("t?ain*", "train"));
  EXPECT_FALSE(GlobMatch("train-*", "eval-llama"));
  EXPECT_TRUE(GlobMatch("*", ""));
  EXPECT_FALSE(GlobMatch("a*b*c", std::string(10000, 'a')));
}

class PlannedWorldTest : public ::testing::Test {
 protected:
  void Start(std::string const& plan_json) {
    auto plan = ParsePlan(plan_json);
    ASSERT_TRUE(plan.ok()) << plan.status();
    FakeLeptonOptions options;
    options.clock = clock_;
    options.plans = {*plan};
    world_ = std::make_unique<World>(options);
  }

  std::string Create(std::string const& name, int max_job_retries = 0) {
    Job job;
    job.metadata.name = name;
    auto& spec = job.spec.emplace();
    spec.container.emplace().command = {"sh", "-c", "echo from-the-command; sleep 5"};
    spec.max_job_failure_retry = max_job_retries;
    auto created = world_->CreateJob(job);
    EXPECT_TRUE(created.ok()) << created.status();
    return created.ok() ? *created->metadata.id : "";
  }

  JobState StateAfter(std::string const& id, Duration d) {
    clock_->Advance(d);
    auto job = world_->GetJob(id, JobQueryMode::kAliveAndArchive);
    return job.ok() ? job->status->state.value_or(JobState::kUnknown) : JobState::kUnknown;
  }

  std::shared_ptr<ManualClock> clock_ = std::make_shared<ManualClock>();
  std::unique_ptr<World> world_;
};

TEST_F(PlannedWorldTest, PhaseDurationsComeFromThePlan) {
  Start(R"({"rules":[{"select":{"name":"slow"},"schedule":"10s","start":"20s"}]})");
  std::string const id = Create("slow");
  EXPECT_EQ(StateAfter(id, seconds(9)), JobState::kQueueing);
  EXPECT_EQ(StateAfter(id, seconds(1)), JobState::kStarting);
  EXPECT_EQ(StateAfter(id, seconds(19)), JobState::kStarting);
  EXPECT_EQ(StateAfter(id, seconds(1)), JobState::kRunning);
}

TEST_F(PlannedWorldTest, UnselectedJobFollowsItsCommand) {
  Start(R"({"rules":[{"select":{"name":"other"},"attempts":[{"run":"1h"}]}]})");
  std::string const id = Create("mine");
  EXPECT_EQ(StateAfter(id, seconds(5)), JobState::kRunning);
  EXPECT_EQ(StateAfter(id, seconds(1)), JobState::kCompleted);
}

TEST_F(PlannedWorldTest, ScriptedAttemptsDriveRetries) {
  Start(R"({"rules":[{"select":{"name":"train-*"},"attempts":[
            {"run":"10s","exit_code":1,"logs":["boom"]},
            {"run":"10s","logs":["fine"]}]}]})");
  std::string const id = Create("train-a", /*max_job_retries=*/1);
  EXPECT_EQ(StateAfter(id, seconds(11)), JobState::kTerminating);
  EXPECT_EQ(StateAfter(id, std::chrono::milliseconds(500)), JobState::kPendingRetry);
  EXPECT_EQ(StateAfter(id, seconds(3)), JobState::kRunning);
  EXPECT_EQ(StateAfter(id, seconds(10)), JobState::kCompleted);
  auto job = world_->GetJob(id, JobQueryMode::kAliveOnly);
  ASSERT_TRUE(job.ok());
  EXPECT_THAT(job->status->failed, Optional(1));
  EXPECT_EQ(job->status->job_history->size(), 1U);
}

TEST_F(PlannedWorldTest, ReplicaOverrideAppliesToThatIndexOnly) {
  Start(R"({"rules":[{"select":{},"attempts":[
            {"run":"100s","replicas":{"1":{"run":"5s","exit_code":2,"logs":["replica one dies"]}}}]}]})");
  Job job;
  job.metadata.name = "pair";
  job.spec.emplace().completions = 2;
  job.spec->parallelism = 2;
  auto created = world_->CreateJob(job);
  ASSERT_TRUE(created.ok());
  std::string const id = *created->metadata.id;
  EXPECT_EQ(StateAfter(id, seconds(7)), JobState::kFailed);
  World::LogQuery query;
  query.job_id = id;
  auto lines = world_->QueryLogs(query);
  ASSERT_TRUE(lines.ok());
  ASSERT_EQ(lines->size(), 1U);
  EXPECT_THAT(lines->front().replica_id, HasSubstr("-1-"));
}

TEST_F(PlannedWorldTest, JitterIsReproducibleForASeed) {
  std::string const plan = R"({"rules":[{"select":{},"start":"100s","jitter":0.5}]})";
  auto running_after = [&](Duration d) {
    Start(plan);
    std::string const id = Create("jittery");
    return StateAfter(id, d) == JobState::kRunning;
  };
  // The same seed gives the same start time, so the answer at each instant repeats.
  for (int s : {40, 60, 80, 100, 120, 140, 160}) {
    bool const first = running_after(seconds(s));
    clock_ = std::make_shared<ManualClock>();
    EXPECT_EQ(running_after(seconds(s)), first) << s;
    clock_ = std::make_shared<ManualClock>();
  }
}

}  // namespace
}  // namespace lepton::fake
