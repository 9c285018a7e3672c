#ifndef LEPTONKIT_FAKE_LEPTON_SRC_WORLD_H_
#define LEPTONKIT_FAKE_LEPTON_SRC_WORLD_H_

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <random>
#include <set>
#include <string>
#include <tuple>
#include <unordered_map>
#include <vector>

#include "cluster.h"
#include "command_script.h"
#include "container_files.h"
#include "pending_queue.h"
#include "lepton/event.h"
#include "lepton/fake/fake_options.h"
#include "lepton/fake/plan.h"
#include "lepton/job.h"
#include "lepton/list_jobs_request.h"
#include "lepton/replica.h"
#include "lepton/status.h"

namespace lepton::fake {

/// The fake workspace as a deterministic simulation: the job store and the lifecycle engine.
/// Knows nothing of HTTP. Transitions are events in a queue ordered by due time (then by the
/// order they were scheduled); every call first applies the events that are due on the clock,
/// so advancing a manual clock and then reading gives the same answer as a real-time run.
///
/// Failures are Statuses whose codes the routes map to HTTP: kInvalidArgument -> 400,
/// kNotFound -> 404.
///
/// @par Thread Safety
/// Every method locks one mutex; the world may be shared by all server threads.
class World {
 public:
  /// The value of a user secret by name; empty when there is none.
  using SecretLookup = std::function<std::string(std::string const&)>;

  /// `secrets` resolves `value_from.secret_name_ref` env vars in simulated commands; `storage`
  /// is what a simulated command sees through the job's `spec.mounts` (read when a replica
  /// starts; without it every mounted path is unknown to the simulation).
  explicit World(FakeLeptonOptions options, SecretLookup secrets = {},
                 StorageAccess storage = {});

  /// Validates and stores a new job; answers the job as served (server-generated id).
  StatusOr<Job> CreateJob(Job request);
  StatusOr<Job> GetJob(std::string const& job_id, JobQueryMode mode);
  /// One page (1-based) of the matching jobs, newest first; `page_size` unset means all.
  JobList ListJobs(ListJobsRequest const& filter, int page, std::optional<int> page_size);
  /// Merges the set fields of `patch.spec` into the job; `stopped` stops or starts it.
  Status PatchJob(std::string const& job_id, Job const& patch);
  Status DeleteJob(std::string const& job_id, JobQueryMode mode);
  StatusOr<std::vector<Replica>> ListReplicas(std::string const& job_id, JobQueryMode mode);
  StatusOr<std::vector<Event>> ListEvents(std::string const& job_id);

  /// Log lines of a replica from line `from_line` on, and whether the replica has ended (no
  /// more lines will come).
  struct LogRead {
    std::vector<std::string> lines;
    bool ended = false;
  };
  StatusOr<LogRead> ReadLog(std::string const& job_id, std::string const& replica_id,
                            std::size_t from_line);

  /// Blocks until the world changes or `real_timeout` passes (real time: this is how a log
  /// stream notices a manual clock being advanced, by looking again).
  void WaitForChange(std::chrono::milliseconds real_timeout);

  /// One line of a historical log query, oldest first unless the query says backward.
  struct LogEntry {
    TimePoint at;
    std::string replica_id;
    std::string text;
  };
  struct LogQuery {
    std::string job_id;
    std::optional<std::string> replica_id;
    std::optional<TimePoint> start;  ///< Inclusive.
    /// Exclusive, as in Loki's query_range: `lep log get` pages backwards by setting `end` to
    /// the oldest line time it received, so a line stamped `end` must not come again.
    std::optional<TimePoint> end;
    std::size_t limit = 5000;
    bool backward = true;
    std::string contains;  ///< `q`: literal text a line must contain.
  };
  /// The lines of a job's replicas (current and earlier attempts), at most `limit`.
  StatusOr<std::vector<LogEntry>> QueryLogs(LogQuery const& query);

  std::vector<NodeGroup> NodeGroups();
  StatusOr<NodeGroup> GetNodeGroup(std::string const& id);
  StatusOr<std::vector<Node>> Nodes(std::string const& group_id, bool idle_only);
  std::vector<Shape> Shapes(std::optional<std::string> const& node_group);
  StatusOr<std::vector<FakeReservation>> Reservations(std::string const& group_id);
  /// "Reserved", "WaitingEffective" or "Expired" now.
  std::string ReservationPhase(FakeReservation const& reservation);
  /// The job's 1-based place among the Queueing jobs waiting for room, if it waits.
  std::optional<std::size_t> QueuePosition(std::string const& job_id);
  /// The place of every job waiting for room, by job id.
  std::unordered_map<std::string, std::size_t> QueuePositions();

  /// Counts for `GET /workspace`.
  struct Stats {
    std::size_t jobs = 0;
    std::size_t replicas = 0;
    Cluster::Usage usage;
  };
  Stats stats();

  /// Puts a job in `state` at once (the control plane's forced state): scheduled transitions
  /// are dropped; a final state ends the replicas; Queueing starts a new attempt.
  Status ForceState(std::string const& job_id, JobState state);
  /// Every job whatever its mode, and whether it is archived, newest first.
  std::vector<std::pair<Job, bool>> AllJobs();
  /// One job of a JobWindow, with what the dashboard shows of it.
  struct WindowedJob {
    Job job;
    bool archived = false;
    std::optional<std::size_t> queue_position;  ///< Its place while it waits for room.
    std::string waiting_reason;  ///< The last FailedScheduling message while it is Queueing.
  };
  /// `limit` jobs from `offset` on in AllJobs' order, the number of jobs, and how many are in
  /// each state (by JobStateName). Costs the offset plus the window, and one pass for the counts.
  struct JobWindow {
    std::size_t total = 0;
    std::map<std::string, std::size_t, std::less<>> states;
    std::vector<WindowedJob> jobs;
  };
  JobWindow JobsWindow(std::size_t offset, std::size_t limit);
  /// The plans in force.
  std::vector<Plan> plans() const;

  /// Replaces the node groups (see Cluster::SetNodeGroups); waiting jobs get another look.
  void SetNodeGroups(std::vector<FakeNodeGroup> groups);
  /// Replaces node groups, shapes and reservations; waiting jobs get another look.
  void ConfigureCluster(FakeClusterConfig config);

  /// Replaces the plans; jobs created afterwards follow the first rule that selects them.
  void SetPlans(std::vector<Plan> plans);

  std::size_t job_count() const;
  /// The job whatever its mode, without applying due events.
  StatusOr<Job> PeekJob(std::string const& job_id) const;
  void Reset();

 private:
  struct ReplicaRun {
    std::string id;
    int index = 0;
    std::string node;
    struct Line {
      TimePoint at;
      std::string text;
    };
    std::vector<Line> log;
    int slot = 0;  // The slot of the job's holding it runs in (Cluster).
    bool ended = false;
    std::string readiness = "Starting";
  };
  // An event as a job keeps it; ListEvents makes the wire's Event of it. About 56 bytes where
  // the wire struct takes 272 plus its strings: at 100,000 stored jobs of three events each
  // that was a quarter of the fake's memory (bench/README.md).
  struct StoredEvent {
    TimePoint at;
    char const* type;    // A string literal: "Normal" or "Warning".
    char const* reason;  // A string literal, e.g. "Queued".
    std::string message;
  };
  struct JobRecord {
    Job job;
    std::uint64_t generation = 0;  // Scheduled events of older generations are stale.
    std::vector<ReplicaRun> replicas;       // The current attempt.
    std::vector<ReplicaRun> past_replicas;  // Earlier attempts (archived replicas).
    int next_index = 0;                     // Next completion index to start.
    int job_retries_used = 0;
    int attempts_started = 0;       // The current attempt is attempts_started - 1.
    std::optional<PlanRule> rule;   // The plan rule that selected the job, if any.
    std::map<int, int> worker_retries_used;  // By completion index.
    bool archived = false;
    std::vector<StoredEvent> events;
    // Placement: the job's place in the queue (kept across preemption, 0 before the first
    // enqueue), the node of each slot once placed, the state and delay it starts with when
    // placed, and whether the event saying why it waits was given for this wait.
    std::uint64_t queue_seq = 0;
    std::vector<std::string> placement;
    JobState starting_state = JobState::kStarting;
    Duration start_delay{};
    bool told_why_waiting = false;
    int placed_priority = 0;  // Its priority when placed (its key in preemptible_).
  };
  using Action = std::function<void(JobRecord&, TimePoint)>;
  struct Scheduled {
    std::string job_id;  // Empty for an event of the whole cluster (`global`).
    std::uint64_t generation = 0;
    Action action;
    std::function<void(TimePoint)> global;
  };

  void AdvanceLocked();
  void Schedule(JobRecord& record, TimePoint due, Action action);
  // A pass over the queue at every reservation start and end still to come.
  void ScheduleReservationPasses();
  JobRecord* FindLocked(std::string const& job_id, JobQueryMode mode);
  void Changed();

  // Lifecycle steps; each runs at its due time `at`.
  void Enqueue(JobRecord& record, TimePoint at);
  // Puts the job in the queue for room; when placed, it begins an attempt in
  // `starting_state` after `delay`. Runs a pass.
  void AskForRoom(JobRecord& record, TimePoint at, JobState starting_state, Duration delay);
  // Offers the waiting jobs the room there is (PendingQueue::Pass).
  void PlaceWaiting(TimePoint at);
  bool TryPlace(JobRecord& record, TimePoint at);
  // The job waits for room: Queueing, with an event saying why (once per wait).
  void MustWait(JobRecord& record, TimePoint at);
  // Evicts lower-priority preemptible jobs if that makes room for `record`; whether it did.
  bool Preempt(JobRecord& record, int width, TimePoint at);
  void Evict(JobRecord& victim, JobRecord const& by, TimePoint at);
  // Gives back everything the job holds and takes it out of the queue.
  void ReleaseRoom(JobRecord& record);
  // Puts a job that holds room in preemptible_ under its current priority if it may be
  // evicted (and takes any older entry out).
  void IndexForPreemption(JobRecord& record);
  void BeginAttempt(JobRecord& record, TimePoint at, JobState starting_state);
  void RunReplicas(JobRecord& record, TimePoint at);
  void StartReplica(JobRecord& record, ReplicaRun& replica, TimePoint at);
  void ReplicaExited(JobRecord& record, std::string const& replica_id, int exit_code,
                     TimePoint at);
  void Finish(JobRecord& record, JobState state, TimePoint at);
  void Stop(JobRecord& record, TimePoint at);
  void EndAllReplicas(JobRecord& record, std::string const& readiness);
  void EndReplica(ReplicaRun& replica, std::string const& readiness);
  void RestartWorker(JobRecord& record, int index, TimePoint at);
  void ArchiveAttempt(JobRecord& record, TimePoint at);
  // The time a line written at `at` is stamped with: `at`, or 1 ns after the line stamped
  // last if that is later, so that no two lines of the workspace share a time (a client paging
  // backwards through /logs with an exclusive `end` would skip lines that share the oldest
  // time of a page, and on a cluster nanosecond line times practically never coincide).
  TimePoint NextLogStamp(TimePoint at);
  // `completion_time` of the job (or of its attempt) ending at `at`, in ms: `at` rounded down,
  // or the first millisecond after the newest line of the job's replicas if that is later, so
  // that every line of the job is stamped strictly before the completion time (a client that
  // reads /logs with `end` at the completion time, exclusive, gets every line).
  static std::int64_t CompletionMillis(JobRecord const& record, TimePoint at);
  // `type` and `reason` must be string literals (they are kept as pointers).
  void AddEvent(JobRecord& record, char const* type, char const* reason, TimePoint at,
                std::string message = {});
  static int Width(JobRecord const& record);
  static std::string DemandOf(JobRecord const& record);

  Duration Jittered(JobRecord const& record, Duration d);
  Duration PhaseDuration(JobRecord const& record, std::optional<Duration> PlanRule::*field,
                         Duration fallback);
  SimulatedRun ScriptFor(JobRecord& record, ReplicaRun const& replica);
  // What the job's containers see at absolute paths: storage through its mounts.
  ContainerFiles MountedFiles(JobRecord const& record) const;
  // Applies a simulated command's change to storage through the job's mounts, when it is due;
  // a change storage refuses is written to the replica's log instead.
  void ApplyChange(JobRecord& record, std::string const& replica_id, FileChange const& change,
                   TimePoint at);
  std::string NewSuffix();
  std::string NewJobId(std::string const& name);
  ReplicaRun NewReplica(JobRecord& record, int index, int slot);
  std::map<std::string, std::string> ReplicaEnvironment(JobRecord const& record,
                                                        ReplicaRun const& replica) const;

  FakeLeptonOptions const options_;
  SecretLookup const secrets_;
  StorageAccess const storage_;
  std::shared_ptr<Clock> clock_;

  mutable std::mutex mu_;
  std::condition_variable changed_;
  std::uint64_t change_count_ = 0;
  std::mt19937_64 rng_;
  TimePoint last_log_stamp_{};
  std::vector<Plan> plans_;
  std::unordered_map<std::string, JobRecord> jobs_;  // References stay valid as it grows.
  // The list order (newest first, then by id) kept as jobs come and go, so that a page does not
  // sort every job: (-created_at, id).
  std::set<std::pair<std::int64_t, std::string>> list_order_;
  // Where the last full page of a paginated list ended, so that the next page of the same
  // listing starts there instead of skipping every earlier match again (auto-pagination would
  // otherwise cost O(n^2 / page size)). Valid only while change_count_ is what it was: any
  // change to any job (Changed()) may move the offsets, and then the page is found by counting.
  struct ListCursor {
    std::uint64_t change_count = 0;
    std::string filter_key;
    std::size_t page_size = 0;
    int next_page = 0;
    std::pair<std::int64_t, std::string> after;
  };
  std::optional<ListCursor> list_cursor_;
  Cluster cluster_;
  PendingQueue pending_;
  std::uint64_t next_queue_seq_ = 1;
  // Jobs holding room that may be evicted, the first to evict first: (priority, -queue_seq,
  // job id), lowest priority and then newest first.
  std::set<std::tuple<int, std::int64_t, std::string>> preemptible_;
  // The last FailedScheduling message of each demand, with the cluster version and time it
  // holds for: jobs queued together with the same demand share one scan of the nodes.
  struct WhyWaiting {
    std::uint64_t version = 0;
    TimePoint at;
    std::string message;
  };
  std::map<std::string, WhyWaiting> why_waiting_;
  // Demands whose preemption attempt failed, with the cluster version and priority it failed at.
  std::map<std::string, std::pair<std::uint64_t, int>> cannot_preempt_;
  // The events by due time; those due at one time in the order they were scheduled. A bucket
  // per time rather than one binary heap: jobs created together share their due times, so most
  // events are appended to a bucket that exists (no sifting through a heap larger than the
  // cache) and run in memory order. Measured against the heap in one run: 5-10% less CPU for
  // 10,000 and 100,000 lifecycles, the ratio between them unchanged (bench/README.md).
  std::map<TimePoint, std::vector<Scheduled>> queue_;
};

}  // namespace lepton::fake

#endif  // LEPTONKIT_FAKE_LEPTON_SRC_WORLD_H_
