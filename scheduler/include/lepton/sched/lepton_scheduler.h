#ifndef LEPTONKIT_SCHEDULER_INCLUDE_LEPTON_SCHED_LEPTON_SCHEDULER_H_
#define LEPTONKIT_SCHEDULER_INCLUDE_LEPTON_SCHED_LEPTON_SCHEDULER_H_

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "lepton/client.h"
#include "lepton/clock.h"
#include "lepton/sched/app_def.h"
#include "lepton/sched/app_state.h"
#include "lepton/sched/app_status.h"
#include "lepton/sched/lepton_executor.h"
#include "lepton/sched/staging.h"
#include "lepton/status.h"

namespace lepton::internal {
class SideCaller;
}  // namespace lepton::internal

namespace lepton::sched {

/// Labels the scheduler puts on every job, so that a job describes itself and `List` finds the
/// jobs of a session with no local state.
inline constexpr char kSessionLabel[] = "leptonkit-session";
inline constexpr char kAppLabel[] = "leptonkit-app";
inline constexpr char kRoleLabel[] = "leptonkit-role";
/// On a job with a staged directory: the index of its mount in `spec.mounts` (Remove with
/// RemoveOptions::staged_files deletes that mount's source).
inline constexpr char kStagedMountLabel[] = "leptonkit-staged-mount";

/// The longest launch script SubmitDryRun makes: well under Linux's 128 KiB limit on one
/// argument (`bash -c SCRIPT`), leaving room for the rest of the job's command.
inline constexpr std::size_t kMaxLaunchScriptBytes = 64 * 1024;

/// What SubmitDryRun prepared: the exact job Schedule will POST.
struct DryRunInfo {
  Job job;
  /// The JSON body of the POST, byte for byte.
  std::string json;
  /// The script the container runs (`bash -c` it): also inside `job` and `json`, here to read.
  std::string launch_script;
  /// The directory Schedule stages before it creates the job (the executor's).
  std::optional<StagedDirectory> staging;
};

struct SchedulerOptions {
  /// Handles are `lepton://<session>/<job id>`; List finds the jobs of this session by the
  /// label leptonkit-session=<session>, so it must be a label value (1-63 of [A-Za-z0-9_.-]).
  std::string session = "default";
  /// Time for waits and the Unknown grace; the system clock when null.
  std::shared_ptr<Clock> clock;
  /// How waits sleep; RealSleeper() when empty.
  Sleeper sleeper;
  /// Wait polls describe first after `poll_initial`, then doubling up to `poll_max`.
  Duration poll_initial = std::chrono::seconds(1);
  Duration poll_max = std::chrono::seconds(30);
  /// Seeds the unique suffix of job names; random when unset. (Create tokens are always random.)
  std::optional<std::uint64_t> seed;
  /// Told what each staging did (files uploaded, unchanged, ...), after it and before the job
  /// is created; for progress output.
  std::function<void(StagingReport const&)> on_staged;
};

/// Options of Remove.
struct RemoveOptions {
  /// Also delete the job's staged directory from storage (the mount its kStagedMountLabel
  /// names), before the job; kFailedPrecondition, deleting nothing, when that directory holds
  /// no staging manifest (kStageManifestName). Another job staged to the same directory loses
  /// its files too.
  bool staged_files = false;
};

/// Options of LogLines (torchx log_iter).
struct LogOptions {
  /// Only lines matching this POSIX extended regular expression (searched, not anchored).
  std::string regex;
  /// Bounds on the line time, `since` inclusive and `until` exclusive (as `GET /logs` takes
  /// them); either one reads the historical log API.
  std::optional<TimePoint> since;
  std::optional<TimePoint> until;
  /// Follow the replica until the app is terminal or the replica completed (reconnecting if the
  /// stream drops, following the replacement if the replica is restarted), instead of stopping
  /// at the current end of the log. Blocks while the replica runs: on a manual clock, someone
  /// must advance it.
  bool should_tail = false;
  /// With should_tail: give up with kDeadlineExceeded once the clock passes this, while waiting
  /// for the replica or between lines. (A quiet stream is only noticed when the client's
  /// request timeout ends the read, so the deadline can be overrun by that timeout times the
  /// client's retries; a caller that needs it tight bounds both, as leptonctl does.)
  std::optional<TimePoint> deadline;
  /// With should_tail: told why, each time the replica is waited for (not yet created), e.g.
  /// "waiting for the replica (Lepton state Queueing)"; for a progress line.
  std::function<void(std::string const& why)> on_wait;
};

/// The torchx scheduler contract on Lepton (torchx's schedulers/api.py; docs/architecture.md,
/// "The scheduler contract"). App ids are Lepton job ids; handles `lepton://<session>/<job id>` are
/// accepted wherever an app id is. Nothing is kept locally: describe, list and cancel work
/// from another process given only the id.
///
/// @par Thread Safety
/// Distinct objects may be used from distinct threads; one object is not synchronised.
class LeptonScheduler {
 public:
  explicit LeptonScheduler(Client client, SchedulerOptions options = {});

  /// Checks the app and the executor offline: exactly one role, an entrypoint, an image, a
  /// shape, nodes >= 1, mounts with both paths, a known priority class, env names that are
  /// variable names, a name that gives a job name. kInvalidArgument names every problem.
  [[nodiscard]] Status Validate(AppDef const& app, LeptonExecutorConfig const& cfg) const;

  /// Validates, then builds the exact job Schedule will POST: a unique job name, the node group
  /// resolved by name and the shape checked against the workspace (read-only calls), labels,
  /// the staged directory's mount, and the launch script (rendezvous environment, staged file
  /// modes read from the local directory, `cd`, pre-launch commands, the role's command).
  /// Submits and uploads nothing.
  [[nodiscard]] StatusOr<DryRunInfo> SubmitDryRun(AppDef const& app,
                                                  LeptonExecutorConfig const& cfg);

  /// Stages the dry-run's directory, if any (Stager: a failure names the file and creates no
  /// job), then POSTs its job (retried safely: it carries a create token); the app handle.
  /// Scheduling the same dry run again finds the job it made instead of making a second one
  /// (and stages nothing).
  [[nodiscard]] StatusOr<std::string> Schedule(DryRunInfo const& info);

  /// SubmitDryRun then Schedule.
  [[nodiscard]] StatusOr<std::string> Submit(AppDef const& app, LeptonExecutorConfig const& cfg);

  /// The app's status, or nothing when no such job exists (never an error for "not found").
  /// Reads the job and its replicas at once (two requests in flight, one round trip), on a
  /// background thread this scheduler starts the first time.
  [[nodiscard]] StatusOr<std::optional<DescribeAppResponse>> Describe(std::string const& app_id);

  /// The apps of this session, newest first (by creation time), with their states; empty,
  /// never null.
  [[nodiscard]] StatusOr<std::vector<ListAppResponse>> List();

  /// Stops the job and keeps it, its status and its logs (PATCH stopped=true); returns at once.
  /// Idempotent: an app that is gone or already terminal is left as it is.
  [[nodiscard]] Status Cancel(std::string const& app_id);

  /// Deletes the job, archived or not (status and logs go with it). Idempotent: a job already
  /// gone is fine.
  [[nodiscard]] Status Remove(std::string const& app_id, RemoveOptions const& options = {});

  /// The lines of replica `k` of the app's role, each ending with "\n". kNotFound when the app
  /// or the replica does not exist (with should_tail, a replica not yet created is waited for
  /// until the app is terminal).
  [[nodiscard]] StatusOr<std::vector<std::string>> LogLines(std::string const& app_id, int k,
                                                            LogOptions const& options = {});

  /// LogLines, delivered as they come: `sink` gets each matching line without its newline and
  /// returns false to stop early (OK). kNotFound, without waiting, when `k` is not a replica
  /// index of the app (0 .. parallelism-1).
  [[nodiscard]] Status StreamLog(std::string const& app_id, int k, LogOptions const& options,
                                 LogLineSink const& sink);

  /// Polls until the app is terminal; its final state. An app seen UNKNOWN without a break for
  /// kUnknownStateGrace is FAILED. kNotFound when it disappears, kDeadlineExceeded (with the
  /// last state) when still not terminal at `deadline` on the clock (looked at once more there).
  /// The client's own retries inside a poll are bounded by its retry policy, not the deadline.
  [[nodiscard]] StatusOr<AppState> Wait(std::string const& app_id,
                                        std::optional<TimePoint> deadline = std::nullopt);

  /// `lepton://<session>/<job id>`.
  [[nodiscard]] std::string HandleOf(std::string const& job_id) const;

 private:
  std::string NewSuffix();
  static std::string NewCreateToken();
  Status CheckSession() const;
  StatusOr<std::string> ResolveNodeGroup(std::string const& name_or_id);
  Status CheckShape(std::string const& shape, std::string const& node_group_id, int gpus_per_node);
  StatusOr<std::optional<Replica>> FindReplica(std::string const& job_id, int k);
  Status CheckStagedByLeptonkit(StagingTarget const& target);

  Client client_;
  SchedulerOptions options_;
  std::mt19937_64 random_;
  // Describe's second request runs here, at the same time as its first (started on first use;
  // copies of this scheduler share it).
  std::shared_ptr<::lepton::internal::SideCaller> side_;
};

/// The job id in `lepton://<session>/<job id>` (or an id given as is); kInvalidArgument for a
/// handle of another scheduler or with an empty id.
[[nodiscard]] StatusOr<std::string> JobIdOf(std::string const& app_id_or_handle);

}  // namespace lepton::sched

#endif  // LEPTONKIT_SCHEDULER_INCLUDE_LEPTON_SCHED_LEPTON_SCHEDULER_H_
