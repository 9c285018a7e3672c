// The Lepton -> AppState table, each row once, and the rules that NeMo-Run got wrong. BugNN names
// the NeMo-Run bug (docs/architecture.md, "NeMo-Run's bugs, by number"), stated above each test.

#include "lepton/sched/app_state.h"

#include <gtest/gtest.h>

#include <chrono>
#include <tuple>

#include "state_table.h"

namespace lepton::sched {
namespace {

using std::chrono::seconds;

JobStatus StatusIn(JobState state) {
  JobStatus status;
  status.state = state;
  return status;
}

class StateTableTest : public ::testing::TestWithParam<std::tuple<JobState, AppState>> {};

TEST_P(StateTableTest, MapsTheLeptonState) {
  auto const [lepton, expected] = GetParam();
  EXPECT_EQ(AppStateOf(StatusIn(lepton)), expected) << JobStateName(lepton);
}

INSTANTIATE_TEST_SUITE_P(
    EveryLeptonState, StateTableTest,
    ::testing::ValuesIn(StateTable()));

TEST(AppStateTest, EveryKnownLeptonStateHasAMappingOtherThanUnknown) {
  for (JobState state : kAllJobStates) {
    if (state == JobState::kUnknown) continue;
    EXPECT_NE(AppStateOf(StatusIn(state)), AppState::kUnknown) << JobStateName(state);
  }
}

// Bug 9: NeMo-Run maps Queueing to UNKNOWN; a queued job is PENDING.
TEST(AppStateTest, Bug09_QueueingIsPendingNotUnknown) {
  EXPECT_EQ(AppStateOf(StatusIn(JobState::kQueueing)), AppState::kPending);
}

// Bug 9: NeMo-Run maps Deleted to UNKNOWN, which is not terminal, so wait() never ends; a
// deleted job is terminal.
TEST(AppStateTest, Bug09_DeletedIsTerminal) {
  EXPECT_TRUE(IsTerminal(AppStateOf(StatusIn(JobState::kDeleted))));
}

// Bug 10: NeMo-Run maps Unknown to FAILED at once; Unknown, seen transiently while a job starts,
// is not FAILED (Wait bounds it).
TEST(AppStateTest, Bug10_UnknownIsNotFailed) {
  EXPECT_EQ(AppStateOf(StatusIn(JobState::kUnknown)), AppState::kUnknown);
}

// Bug 11: NeMo-Run maps Stopping to CANCELLED; it is not terminal while pods still run.
TEST(AppStateTest, Bug11_StoppingIsNotTerminal) {
  EXPECT_FALSE(IsTerminal(AppStateOf(StatusIn(JobState::kStopping))));
}

// Bug 11: NeMo-Run maps Archived to SUCCEEDED whatever the outcome; an archived failure is
// FAILED.
TEST(AppStateTest, Bug11_ArchivedFailureIsFailed) {
  JobStatus status = StatusIn(JobState::kArchived);
  status.failed = 1;
  EXPECT_EQ(AppStateOf(status), AppState::kFailed);
}

TEST(AppStateTest, ArchivedSuccessIsSucceeded) {
  JobStatus status = StatusIn(JobState::kArchived);
  status.succeeded = 2;
  EXPECT_EQ(AppStateOf(status, 2), AppState::kSucceeded);
}

// A job whose first attempt failed and whose retry completed stays SUCCEEDED once archived.
TEST(AppStateTest, ArchivedSuccessAfterARetryIsSucceeded) {
  JobStatus status = StatusIn(JobState::kArchived);
  status.failed = 2;
  status.succeeded = 2;
  EXPECT_EQ(AppStateOf(status, 2), AppState::kSucceeded);
}

TEST(AppStateTest, ArchivedPartialSuccessIsFailed) {
  JobStatus status = StatusIn(JobState::kArchived);
  status.failed = 1;
  status.succeeded = 3;
  EXPECT_EQ(AppStateOf(status, 4), AppState::kFailed);
}

// Bug 12: NeMo-Run writes the ready < active rule twice; here it is in one place, AppStateOf.
TEST(AppStateTest, Bug12_RunningWithReplicasNotReadyIsPending) {
  JobStatus status = StatusIn(JobState::kRunning);
  status.active = 4;
  status.ready = 3;
  EXPECT_EQ(AppStateOf(status), AppState::kPending);
  status.ready = 4;
  EXPECT_EQ(AppStateOf(status), AppState::kRunning);
}

TEST(AppStateTest, OnlySucceededFailedAndCancelledAreTerminal) {
  EXPECT_TRUE(IsTerminal(AppState::kSucceeded));
  EXPECT_TRUE(IsTerminal(AppState::kFailed));
  EXPECT_TRUE(IsTerminal(AppState::kCancelled));
  EXPECT_FALSE(IsTerminal(AppState::kUnknown));
  EXPECT_FALSE(IsTerminal(AppState::kRunning));
  EXPECT_FALSE(IsTerminal(AppState::kPending));
}

TEST(AppStateTest, RestartsAreTheEarlierAttempts) {
  JobStatus status = StatusIn(JobState::kRunning);
  EXPECT_EQ(RestartCount(status), 0);
  status.job_history.emplace(2);
  EXPECT_EQ(RestartCount(status), 2);
}

}  // namespace
}  // namespace lepton::sched
