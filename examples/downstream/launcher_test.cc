// A downstream project's test of its own launch logic, offline, against leptonkit's fake.

#include <lepton/fake/journal_matchers.h>
#include <lepton/fake/testing.h>

#include <string>

#include "launcher.h"

namespace {

using downstream::LaunchTraining;

class LauncherTest : public lepton::fake::FakeLeptonTest {};

TEST_F(LauncherTest, TrainingJobCompletes) {
  auto id = LaunchTraining(client(), 2);
  ASSERT_TRUE(id.ok()) << id.status();
  EXPECT_TRUE(AdvanceUntilState(*id, lepton::JobState::kCompleted));
}

TEST_F(LauncherTest, SubmitsOneJobWithOneCompletionPerNode) {
  ASSERT_TRUE(LaunchTraining(client(), 4).ok());
  using namespace lepton::fake;
  EXPECT_THAT(fake().Journal(), ReceivedExactly(1, MethodIs("POST"), PathIs("/jobs"),
                                                BodyFieldIs("spec.completions", 4)));
}

TEST_F(LauncherTest, ReportsAnOutageInsteadOfHanging) {
  lepton::fake::FaultRule outage;
  outage.status = 503;
  ASSERT_TRUE(fake().AddFault(outage).ok());
  auto id = LaunchTraining(client(), 1);
  ASSERT_FALSE(id.ok());
  EXPECT_EQ(id.status().code(), lepton::StatusCode::kUnavailable);
}

}  // namespace
