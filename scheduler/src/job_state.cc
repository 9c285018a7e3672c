#include "lepton/job_state.h"

namespace lepton {

std::string_view JobStateName(JobState state) {
  switch (state) {
    case JobState::kStarting: return "Starting";
    case JobState::kRunning: return "Running";
    case JobState::kFailed: return "Failed";
    case JobState::kCompleted: return "Completed";
    case JobState::kStopped: return "Stopped";
    case JobState::kStopping: return "Stopping";
    case JobState::kDeleting: return "Deleting";
    case JobState::kDeleted: return "Deleted";
    case JobState::kRestarting: return "Restarting";
    case JobState::kArchived: return "Archived";
    case JobState::kQueueing: return "Queueing";
    case JobState::kAwaiting: return "Awaiting";
    case JobState::kPendingRetry: return "PendingRetry";
    case JobState::kTerminating: return "Terminating";
    case JobState::kUnknown: return "UNK";
  }
  return "UNK";
}

JobState ParseJobState(std::string_view text) {
  for (JobState state : kAllJobStates) {
    if (state != JobState::kUnknown && JobStateName(state) == text) return state;
  }
  return JobState::kUnknown;
}

bool IsFinal(JobState state) {
  switch (state) {
    case JobState::kCompleted:
    case JobState::kFailed:
    case JobState::kStopped:
    case JobState::kDeleted:
    case JobState::kArchived:
      return true;
    default:
      return false;
  }
}

std::ostream& operator<<(std::ostream& os, JobState state) { return os << JobStateName(state); }

}  // namespace lepton
