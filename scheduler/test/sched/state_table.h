#ifndef LEPTONKIT_SCHEDULER_TEST_SCHED_STATE_TABLE_H_
#define LEPTONKIT_SCHEDULER_TEST_SCHED_STATE_TABLE_H_

// The Lepton -> AppState table of lepton/sched/app_state.h for a job with no outcome counts,
// one row per Lepton state, shared by the tests of the mapping and of Describe.

#include <tuple>
#include <vector>

#include "lepton/sched/app_state.h"

namespace lepton::sched {

inline std::vector<std::tuple<JobState, AppState>> const& StateTable() {
  static std::vector<std::tuple<JobState, AppState>> const kTable = {
      {JobState::kQueueing, AppState::kPending},    {JobState::kAwaiting, AppState::kPending},
      {JobState::kStarting, AppState::kPending},    {JobState::kRestarting, AppState::kPending},
      {JobState::kPendingRetry, AppState::kPending}, {JobState::kTerminating, AppState::kPending},
      {JobState::kRunning, AppState::kRunning},     {JobState::kStopping, AppState::kRunning},
      {JobState::kCompleted, AppState::kSucceeded}, {JobState::kFailed, AppState::kFailed},
      {JobState::kStopped, AppState::kCancelled},   {JobState::kDeleting, AppState::kCancelled},
      {JobState::kDeleted, AppState::kCancelled},   {JobState::kArchived, AppState::kCancelled},
      {JobState::kUnknown, AppState::kUnknown},
  };
  return kTable;
}

}  // namespace lepton::sched

#endif  // LEPTONKIT_SCHEDULER_TEST_SCHED_STATE_TABLE_H_
