#ifndef LEPTONKIT_SCHEDULER_INCLUDE_LEPTON_JOB_STATE_H_
#define LEPTONKIT_SCHEDULER_INCLUDE_LEPTON_JOB_STATE_H_

#include <array>
#include <ostream>
#include <string>
#include <string_view>

namespace lepton {

/// The state of a Lepton job, as in the server's `leptonjob_types.go` (mirrored by the SDK's
/// LeptonJobState in leptonai/api/v2/types/job.py, SDK commit 7a102384).
enum class JobState {
  kStarting,
  kRunning,
  kFailed,
  kCompleted,
  kStopped,
  kStopping,
  kDeleting,
  kDeleted,
  kRestarting,
  kArchived,
  kQueueing,
  kAwaiting,
  kPendingRetry,
  kTerminating,
  /// Anything else: the server's own unknown (the empty string), the SDK's "UNK", or a state
  /// string this version does not know.
  kUnknown,
};

/// Every known state, kUnknown last.
inline constexpr std::array<JobState, 15> kAllJobStates = {
    JobState::kStarting,   JobState::kRunning,  JobState::kFailed,      JobState::kCompleted,
    JobState::kStopped,    JobState::kStopping, JobState::kDeleting,    JobState::kDeleted,
    JobState::kRestarting, JobState::kArchived, JobState::kQueueing,    JobState::kAwaiting,
    JobState::kPendingRetry, JobState::kTerminating, JobState::kUnknown};

/// The wire string of a state ("Running"); kUnknown gives "UNK", the SDK's display form.
[[nodiscard]] std::string_view JobStateName(JobState state);

/// The state a wire string names. Matching is exact, as the SDK's enum is; any other string,
/// including "" and "UNK", gives kUnknown.
[[nodiscard]] JobState ParseJobState(std::string_view text);

/// True for Completed, Failed, Stopped, Deleted and Archived: states a job leaves only when a
/// user acts (start after stop) or never.
[[nodiscard]] bool IsFinal(JobState state);

std::ostream& operator<<(std::ostream& os, JobState state);

}  // namespace lepton

#endif  // LEPTONKIT_SCHEDULER_INCLUDE_LEPTON_JOB_STATE_H_
