#ifndef LEPTONKIT_SCHEDULER_INCLUDE_LEPTON_SCHED_APP_STATE_H_
#define LEPTONKIT_SCHEDULER_INCLUDE_LEPTON_SCHED_APP_STATE_H_

#include <string_view>

#include "lepton/clock.h"
#include "lepton/job_status.h"

namespace lepton::sched {

/// torchx's AppState (scheduler-contract.md §1.1), with the same order and meaning.
enum class AppState {
  kUnsubmitted = 0,
  kSubmitted = 1,
  kPending = 2,
  kRunning = 3,
  kSucceeded = 4,
  kFailed = 5,
  kCancelled = 6,
  kUnknown = 7,
};

/// "UNSUBMITTED", "SUBMITTED", "PENDING", "RUNNING", "SUCCEEDED", "FAILED", "CANCELLED",
/// "UNKNOWN".
[[nodiscard]] std::string_view AppStateName(AppState state);

/// SUCCEEDED, FAILED and CANCELLED: nothing changes after them. UNKNOWN is not terminal.
[[nodiscard]] bool IsTerminal(AppState state);

/// How long a job may report Lepton's Unknown state (seen transiently while a job starts)
/// before AppStateOf calls it FAILED.
inline constexpr Duration kUnknownStateGrace = std::chrono::seconds(60);

/// The one mapping from a Lepton job status to an AppState (DESIGN.md, "the scheduler contract"),
/// fixing NeMo-Run's table (scheduler-contract.md §3, items 9-12):
///
/// | Lepton | AppState |
/// |---|---|
/// | Queueing, Awaiting, Starting, Restarting, PendingRetry, Terminating | PENDING |
/// | Running with every active replica ready | RUNNING |
/// | Running with `ready < active` (the one place this rule lives) | PENDING |
/// | Stopping (pods still run until Stopped) | RUNNING |
/// | Completed | SUCCEEDED |
/// | Failed | FAILED |
/// | Stopped, Deleting, Deleted | CANCELLED |
/// | Archived | SUCCEEDED if replicas succeeded and none failed, FAILED if any failed, else CANCELLED [INF] |
/// | Unknown ("UNK" or unrecognised) | UNKNOWN for kUnknownStateGrace after creation, then FAILED |
///
/// `now` is the clock reading the grace is measured against, from the attempt's
/// `creation_time`, else from `job_created` (the job's `metadata.created_at`); with neither the
/// state stays UNKNOWN.
[[nodiscard]] AppState AppStateOf(JobStatus const& status, TimePoint now,
                                  std::optional<TimePoint> job_created = std::nullopt);

/// The number of restarts a job has been through: its earlier attempts (job_history).
[[nodiscard]] int RestartCount(JobStatus const& status);

}  // namespace lepton::sched

#endif  // LEPTONKIT_SCHEDULER_INCLUDE_LEPTON_SCHED_APP_STATE_H_
