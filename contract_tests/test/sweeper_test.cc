// The live run's sweeper: contract jobs that killed runs left behind go; nothing else does.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "lepton/contract/test_jobs.h"
#include "lepton/fake/testing.h"
#include "sweeper.h"

namespace lepton::contract {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

class SweeperTest : public fake::FakeLeptonTest {
 protected:
  // A job that runs for a day, labelled as the contract suite's when `contract` is set.
  std::string Create(std::string const& name, bool contract) {
    Job job;
    job.metadata.name = name;
    if (contract) {
      job.metadata.labels = std::map<std::string, std::string>{{kContractLabel, "ct-old"}};
    }
    job.spec.emplace().resource_shape = "cpu.small";
    job.spec->container.emplace().image = "ubuntu:24.04";
    job.spec->container->command = std::vector<std::string>{"sleep", "1d"};
    auto created = client().CreateJob(job);
    EXPECT_TRUE(created.ok()) << created.status();
    return created.ok() ? *created->metadata.id : "";
  }
};

TEST_F(SweeperTest, DeletesContractJobsOlderThanTheCutOff) {
  std::string const old_job = Create("old-contract", true);
  Advance(std::chrono::hours(2));
  auto swept = SweepLeftovers(client(), clock().Now(), std::chrono::hours(1));
  ASSERT_TRUE(swept.ok()) << swept.status();
  EXPECT_THAT(*swept, ElementsAre(old_job));
}

TEST_F(SweeperTest, LeavesContractJobsOfARunStillGoing) {
  Create("old-contract", true);
  Advance(std::chrono::minutes(10));
  auto swept = SweepLeftovers(client(), clock().Now(), std::chrono::hours(1));
  ASSERT_TRUE(swept.ok()) << swept.status();
  EXPECT_THAT(*swept, IsEmpty());
}

TEST_F(SweeperTest, LeavesJobsWithoutTheContractLabel) {
  Create("someone-elses", false);
  Advance(std::chrono::hours(2));
  auto swept = SweepLeftovers(client(), clock().Now(), std::chrono::hours(1));
  ASSERT_TRUE(swept.ok()) << swept.status();
  EXPECT_THAT(*swept, IsEmpty());
}

}  // namespace
}  // namespace lepton::contract
