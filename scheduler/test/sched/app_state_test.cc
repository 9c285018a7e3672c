// The Lepton -> AppState table, each row once, and the rules that NeMo-Run got wrong
// (scheduler-contract.md §3, items 9-12).

#include "lepton/sched/app_state.h"

#include <gtest/gtest.h>

#include <chrono>
#include <tuple>

namespace lepton::sched {
namespace {

using std::chrono::seconds;

TimePoint const kNow = ManualClock::DefaultStart();

JobStatus StatusIn(JobState state) {
  JobStatus status;
  status.state = state;
  status.creation_time = ToEpochMillis(kNow);
  return status;
}

class StateTableTest : public ::testing::TestWithParam<std::tuple<JobState, AppState>> {};

TEST_P(StateTableTest, MapsTheLeptonState) {
  auto const [lepton, expected] = GetParam();
  EXPECT_EQ(AppStateOf(StatusIn(lepton), kNow), expected) << JobStateName(lepton);
}

INSTANTIATE_TEST_SUITE_P(
    EveryLeptonState, StateTableTest,
    ::testing::Values(std::make_tuple(JobState::kQueueing, AppState::kPending),
                      std::make_tuple(JobState::kAwaiting, AppState::kPending),
                      std::make_tuple(JobState::kStarting, AppState::kPending),
                      std::make_tuple(JobState::kRestarting, AppState::kPending),
                      std::make_tuple(JobState::kPendingRetry, AppState::kPending),
                      std::make_tuple(JobState::kTerminating, AppState::kPending),
                      std::make_tuple(JobState::kRunning, AppState::kRunning),
                      std::make_tuple(JobState::kStopping, AppState::kRunning),
                      std::make_tuple(JobState::kCompleted, AppState::kSucceeded),
                      std::make_tuple(JobState::kFailed, AppState::kFailed),
                      std::make_tuple(JobState::kStopped, AppState::kCancelled),
                      std::make_tuple(JobState::kDeleting, AppState::kCancelled),
                      std::make_tuple(JobState::kDeleted, AppState::kCancelled),
                      std::make_tuple(JobState::kArchived, AppState::kCancelled),
                      std::make_tuple(JobState::kUnknown, AppState::kUnknown)));

TEST(AppStateTest, EveryLeptonStateHasAMapping) {
  for (JobState state : kAllJobStates) {
    AppState const mapped = AppStateOf(StatusIn(state), kNow);
    EXPECT_GE(static_cast<int>(mapped), static_cast<int>(AppState::kPending)) << JobStateName(state);
  }
}

// §3.9: a queued job is PENDING, not UNKNOWN.
TEST(AppStateTest, Bug09_QueueingIsPendingNotUnknown) {
  EXPECT_EQ(AppStateOf(StatusIn(JobState::kQueueing), kNow), AppState::kPending);
}

// §3.9: a deleted job is terminal, so wait() ends.
TEST(AppStateTest, Bug09_DeletedIsTerminal) {
  EXPECT_TRUE(IsTerminal(AppStateOf(StatusIn(JobState::kDeleted), kNow)));
}

// §3.10: Unknown while starting is not FAILED...
TEST(AppStateTest, Bug10_UnknownIsNotFailedWithinTheGrace) {
  EXPECT_EQ(AppStateOf(StatusIn(JobState::kUnknown), kNow + seconds(59)), AppState::kUnknown);
}

// ...but it does not stay non-terminal forever either.
TEST(AppStateTest, Bug10_UnknownBecomesFailedAfterTheGrace) {
  EXPECT_EQ(AppStateOf(StatusIn(JobState::kUnknown), kNow + kUnknownStateGrace), AppState::kFailed);
}

// A job that never started has no attempt time: the grace counts from the job's creation.
TEST(AppStateTest, Bug10_TheGraceCountsFromTheJobWhenNoAttemptStarted) {
  JobStatus status;
  status.state = JobState::kUnknown;
  EXPECT_EQ(AppStateOf(status, kNow + kUnknownStateGrace, kNow), AppState::kFailed);
  EXPECT_EQ(AppStateOf(status, kNow + kUnknownStateGrace), AppState::kUnknown);
}

// §3.11: Stopping is not terminal while pods still run.
TEST(AppStateTest, Bug11_StoppingIsNotTerminal) {
  EXPECT_FALSE(IsTerminal(AppStateOf(StatusIn(JobState::kStopping), kNow)));
}

// §3.11: an archived failure is FAILED, not SUCCEEDED.
TEST(AppStateTest, Bug11_ArchivedFailureIsFailed) {
  JobStatus status = StatusIn(JobState::kArchived);
  status.failed = 1;
  EXPECT_EQ(AppStateOf(status, kNow), AppState::kFailed);
}

TEST(AppStateTest, ArchivedSuccessIsSucceeded) {
  JobStatus status = StatusIn(JobState::kArchived);
  status.succeeded = 2;
  EXPECT_EQ(AppStateOf(status, kNow), AppState::kSucceeded);
}

// §3.12: the ready < active rule, in one place.
TEST(AppStateTest, Bug12_RunningWithReplicasNotReadyIsPending) {
  JobStatus status = StatusIn(JobState::kRunning);
  status.active = 4;
  status.ready = 3;
  EXPECT_EQ(AppStateOf(status, kNow), AppState::kPending);
  status.ready = 4;
  EXPECT_EQ(AppStateOf(status, kNow), AppState::kRunning);
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
