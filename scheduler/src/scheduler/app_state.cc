#include "lepton/sched/app_state.h"

namespace lepton::sched {
namespace {

std::int64_t Count(std::optional<std::int64_t> const& n) { return n.value_or(0); }

}  // namespace

std::string_view AppStateName(AppState state) {
  switch (state) {
    case AppState::kUnsubmitted: return "UNSUBMITTED";
    case AppState::kSubmitted: return "SUBMITTED";
    case AppState::kPending: return "PENDING";
    case AppState::kRunning: return "RUNNING";
    case AppState::kSucceeded: return "SUCCEEDED";
    case AppState::kFailed: return "FAILED";
    case AppState::kCancelled: return "CANCELLED";
    case AppState::kUnknown: return "UNKNOWN";
  }
  return "UNKNOWN";
}

bool IsTerminal(AppState state) {
  return state == AppState::kSucceeded || state == AppState::kFailed ||
         state == AppState::kCancelled;
}

AppState AppStateOf(JobStatus const& status, std::optional<std::int64_t> completions) {
  switch (status.state.value_or(JobState::kUnknown)) {
    case JobState::kQueueing:
    case JobState::kAwaiting:
    case JobState::kStarting:
    case JobState::kRestarting:
    case JobState::kPendingRetry:
    case JobState::kTerminating:
      return AppState::kPending;
    case JobState::kRunning:
      // A multi-node job runs only once every active replica is ready; until then (and while
      // a restarted pod comes back) it is still starting.
      return Count(status.ready) < Count(status.active) ? AppState::kPending : AppState::kRunning;
    case JobState::kStopping:
      return AppState::kRunning;
    case JobState::kCompleted:
      return AppState::kSucceeded;
    case JobState::kFailed:
      return AppState::kFailed;
    case JobState::kStopped:
    case JobState::kDeleting:
    case JobState::kDeleted:
      return AppState::kCancelled;
    case JobState::kArchived:
      if (Count(status.succeeded) > 0 && Count(status.succeeded) >= completions.value_or(1)) {
        return AppState::kSucceeded;
      }
      return Count(status.failed) > 0 ? AppState::kFailed : AppState::kCancelled;
    case JobState::kUnknown:
      break;
  }
  return AppState::kUnknown;
}

int RestartCount(JobStatus const& status) {
  return status.job_history ? static_cast<int>(status.job_history->size()) : 0;
}

}  // namespace lepton::sched
