// The public GoogleTest fixture, used as a downstream project would.

#include "lepton/fake/testing.h"

#include <gmock/gmock.h>

namespace lepton::fake {
namespace {

class TestingFixtureTest : public FakeLeptonTest {};

Job SleepJob(std::string const& seconds) {
  Job job;
  job.metadata.name = "fixture";
  job.spec.emplace().container.emplace().command = {"sh", "-c", "sleep " + seconds};
  return job;
}

TEST_F(TestingFixtureTest, EachTestStartsWithAnEmptyWorkspace) {
  auto jobs = client().ListJobs();
  ASSERT_TRUE(jobs.ok()) << jobs.status();
  EXPECT_TRUE(jobs->empty());
}

TEST_F(TestingFixtureTest, AdvanceUntilStateReachesIt) {
  auto job = client().CreateJob(SleepJob("30"));
  ASSERT_TRUE(job.ok()) << job.status();
  EXPECT_TRUE(AdvanceUntilState(*job->metadata.id, JobState::kCompleted));
}

TEST_F(TestingFixtureTest, AdvanceUntilStateGivesUpAtItsLimit) {
  auto job = client().CreateJob(SleepJob("3600"));
  ASSERT_TRUE(job.ok()) << job.status();
  auto const result =
      AdvanceUntilState(*job->metadata.id, JobState::kCompleted, std::chrono::minutes(1));
  EXPECT_FALSE(result);
  EXPECT_THAT(result.message(), ::testing::HasSubstr("last state Running"));
}

class CustomOptionsFixtureTest : public FakeLeptonTest {
 protected:
  FakeLeptonOptions FakeOptions() override {
    FakeLeptonOptions options;
    options.workspace_id = "team-ws";
    return options;
  }
};

TEST_F(CustomOptionsFixtureTest, OptionsReachTheFake) {
  EXPECT_THAT(fake().workspace_url(), ::testing::EndsWith("/api/v2/workspaces/team-ws"));
  EXPECT_TRUE(client().ListJobs().ok());
}

}  // namespace
}  // namespace lepton::fake
