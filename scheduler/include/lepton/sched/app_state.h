#ifndef LEPTONKIT_SCHEDULER_INCLUDE_LEPTON_SCHED_APP_STATE_H_
#define LEPTONKIT_SCHEDULER_INCLUDE_LEPTON_SCHED_APP_STATE_H_

#include <string_view>

#include "lepton/clock.h"
#include "lepton/job_status.h"

namespace lepton::sched {

/// torchx's AppState (torchx's specs/api.py), with the same order and meaning.
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

/// How long LeptonScheduler::Wait accepts Lepton's Unknown state (seen transiently while a job
/// starts), observed without a break, before it calls the app FAILED.
inline constexpr Duration kUnknownStateGrace = std::chrono::seconds(60);

/// The one mapping from a Lepton job status to an AppState (docs/architecture.md, "The scheduler
/// contract"), fixing NeMo-Run's table, which leaves Queueing, Awaiting, PendingRetry and Deleted
/// UNKNOWN (never terminal), makes Unknown FAILED at once, Stopping CANCELLED while pods run and
/// Archived always SUCCEEDED, and applies the `ready < active` rule in two places:
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
/// | Archived | by the last attempt [INF]: SUCCEEDED when its `succeeded` reaches `completions` (any success when completions is unknown), else FAILED if replicas failed, else CANCELLED |
/// | Unknown ("UNK" or unrecognised) | UNKNOWN (Wait turns a lasting one into FAILED) |
///
/// `completions` is the job's `spec.completions`. `succeeded` counts the current attempt (it
/// starts again at each attempt) while `failed` counts every attempt, so a job that failed once
/// and then succeeded is SUCCEEDED.
[[nodiscard]] AppState AppStateOf(JobStatus const& status,
                                  std::optional<std::int64_t> completions = std::nullopt);

/// The number of restarts a job has been through: its earlier attempts (job_history).
[[nodiscard]] int RestartCount(JobStatus const& status);

}  // namespace lepton::sched

#endif  // LEPTONKIT_SCHEDULER_INCLUDE_LEPTON_SCHED_APP_STATE_H_
