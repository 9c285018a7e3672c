#include "world.h"

#include <algorithm>
#include <type_traits>
#include <utility>

#include <fmt/chrono.h>
#include <fmt/format.h>

#include "command_script.h"
#include "job_filter.h"
#include "job_selector.h"
#include "job_validation.h"
#include "queue_priority.h"
#include "spec_merge.h"

namespace lepton::fake {
namespace {

// When a job does not say, finished jobs are archived after the SDK model's default TTL.
constexpr std::int64_t kDefaultTtlSeconds = 600;

Status JobNotFound(std::string const& job_id) {
  return Status(StatusCode::kNotFound, fmt::format("job '{}' not found", job_id));
}

bool VisibleIn(bool archived, JobQueryMode mode) {
  switch (mode) {
    case JobQueryMode::kAliveOnly: return !archived;
    case JobQueryMode::kArchiveOnly: return archived;
    case JobQueryMode::kAliveAndArchive: return true;
  }
  return false;
}

std::int64_t Count(std::optional<std::int64_t> const& value) { return value.value_or(0); }

std::string Rfc3339(TimePoint t) {
  auto const seconds = std::chrono::time_point_cast<std::chrono::seconds>(t);
  return fmt::format("{:%Y-%m-%dT%H:%M:%S}Z", fmt::gmtime(std::chrono::system_clock::to_time_t(seconds)));
}

// The attempt part of a status, for job_history.
JobAttemptStatus AttemptOf(JobStatus const& status) { return static_cast<JobAttemptStatus const&>(status); }

}  // namespace

World::World(FakeLeptonOptions options, SecretLookup secrets, StorageAccess storage)
    : options_(std::move(options)),
      secrets_(std::move(secrets)),
      storage_(std::move(storage)),
      clock_(options_.clock ? options_.clock : std::make_shared<SystemClock>()),
      rng_(options_.seed),
      plans_(options_.plans),
      cluster_(FakeClusterConfig{options_.node_groups, options_.shapes, options_.reservations}) {
  ScheduleReservationPasses();
}

// ---------------------------------------------------------------------------------------------
// Event queue.

void World::Schedule(JobRecord& record, TimePoint due, Action action) {
  Scheduled event;
  event.job_id = *record.job.metadata.id;
  event.generation = record.generation;
  event.action = std::move(action);
  queue_[due].push_back(std::move(event));
}

void World::ScheduleReservationPasses() {
  TimePoint const now = clock_->Now();
  for (TimePoint at : cluster_.ReservationBoundaries()) {
    if (at <= now) continue;
    Scheduled event;
    event.global = [this](TimePoint t) { PlaceWaiting(t); };
    queue_[at].push_back(std::move(event));
  }
}

void World::AdvanceLocked() {
  TimePoint const now = clock_->Now();
  bool any = false;
  while (!queue_.empty() && queue_.begin()->first <= now) {
    auto const bucket = queue_.begin();
    TimePoint const due = bucket->first;
    // An action may schedule more events at `due`: they join this bucket's end and run in
    // this loop (never earlier than `due`: every delay is >= 0). Indexing, not iterators: the
    // vector may grow meanwhile; the map node stays where it is.
    for (std::size_t i = 0; i < bucket->second.size(); ++i) {
      Scheduled next = std::move(bucket->second[i]);
      if (next.global) {
        next.global(due);
        any = true;
        continue;
      }
      auto it = jobs_.find(next.job_id);
      if (it == jobs_.end() || it->second.generation != next.generation) continue;
      next.action(it->second, due);
      any = true;
    }
    queue_.erase(bucket);
  }
  if (any) Changed();
}

void World::Changed() {
  ++change_count_;
  changed_.notify_all();
}

void World::WaitForChange(std::chrono::milliseconds real_timeout) {
  std::unique_lock lock(mu_);
  std::uint64_t const seen = change_count_;
  changed_.wait_for(lock, real_timeout, [&] { return change_count_ != seen; });
}

World::JobRecord* World::FindLocked(std::string const& job_id, JobQueryMode mode) {
  auto it = jobs_.find(job_id);
  if (it == jobs_.end() || !VisibleIn(it->second.archived, mode)) return nullptr;
  return &it->second;
}

// ---------------------------------------------------------------------------------------------
// Ids.

std::string World::NewSuffix() {
  static constexpr char kAlphabet[] = "abcdefghijklmnopqrstuvwxyz0123456789";
  std::uniform_int_distribution<int> pick(0, sizeof(kAlphabet) - 2);
  std::string out(5, 'a');
  for (auto& c : out) c = kAlphabet[pick(rng_)];
  return out;
}

// [INF] Lepton generates ids from the name plus a unique suffix (the CLI prints the generated
// id next to the name, SDK leptonai/cli/job.py); the exact format is unknown. leptonkit uses
// `<name>-<5 random [a-z0-9]>`, a DNS label.
std::string World::NewJobId(std::string const& name) {
  for (;;) {
    std::string id = fmt::format("{}-{}", name, NewSuffix());
    if (!jobs_.contains(id)) return id;
  }
}

World::ReplicaRun World::NewReplica(JobRecord& record, int index, int slot) {
  ReplicaRun replica;
  replica.index = index;
  replica.slot = slot;
  replica.id = fmt::format("{}-{}-{}", *record.job.metadata.id, index, NewSuffix());
  if (slot < static_cast<int>(record.placement.size())) replica.node = record.placement[slot];
  cluster_.NameSlot(*record.job.metadata.id, slot, replica.id);
  return replica;
}

std::map<std::string, std::string> World::ReplicaEnvironment(JobRecord const& record,
                                                             ReplicaRun const& replica) const {
  std::map<std::string, std::string> env;
  auto const& spec = *record.job.spec;
  if (spec.envs) {
    for (auto const& var : *spec.envs) {
      if (!var.name) continue;
      if (var.value) {
        env[*var.name] = *var.value;
      } else if (var.value_from && var.value_from->secret_name_ref && secrets_) {
        env[*var.name] = secrets_(*var.value_from->secret_name_ref);
      }
    }
  }
  // What Lepton sets in every replica (the variables lepton_env_to_pytorch.sh reads).
  env["LEPTON_JOB_NAME"] = *record.job.metadata.id;
  env["LEPTON_JOB_WORKER_INDEX"] = std::to_string(replica.index);
  env["LEPTON_JOB_TOTAL_WORKERS"] = std::to_string(Count(spec.completions));
  env["LEPTON_WORKSPACE_ID"] = options_.workspace_id;
  return env;
}

void World::AddEvent(JobRecord& record, char const* type, char const* reason, TimePoint at,
                     std::string message) {
  record.events.push_back(StoredEvent{at, type, reason, std::move(message)});
}

// ---------------------------------------------------------------------------------------------
// Lifecycle. [INF] The order of states reads the SDK's states (leptonai/api/v2/types/job.py) as
// those of a Kubernetes Indexed Job: Queueing (waiting for room) -> Starting (replicas created,
// containers starting) -> Running -> Completed or Failed; a failed attempt with job retries left
// goes PendingRetry -> Restarting -> Running.

void World::Enqueue(JobRecord& record, TimePoint at) {
  auto& status = *record.job.status;
  status.state = JobState::kQueueing;
  AddEvent(record, "Normal", "Queued", at);
  AskForRoom(record, at, JobState::kStarting,
             PhaseDuration(record, &PlanRule::schedule, options_.timings.schedule));
}

// ---------------------------------------------------------------------------------------------
// Placement: the queue, the cluster's room and preemption.

int World::Width(JobRecord const& record) {
  auto const& spec = *record.job.spec;
  return static_cast<int>(std::min(Count(spec.parallelism), Count(spec.completions)));
}

std::string World::DemandOf(JobRecord const& record) {
  auto const& spec = *record.job.spec;
  std::string key = fmt::format("{}|{}|{}", spec.resource_shape.value_or(""), Width(record),
                                CanPreempt(spec) ? "preempts" : "");
  if (spec.affinity) {
    if (spec.affinity->allowed_dedicated_node_groups) {
      key += fmt::format("|g:{}", fmt::join(*spec.affinity->allowed_dedicated_node_groups, ","));
    }
    if (spec.affinity->allowed_nodes_in_node_group) {
      key += fmt::format("|n:{}", fmt::join(*spec.affinity->allowed_nodes_in_node_group, ","));
    }
  }
  if (spec.reservation_config && spec.reservation_config->reservation_id) {
    key += "|r:" + *spec.reservation_config->reservation_id;
  }
  return key;
}

void World::AskForRoom(JobRecord& record, TimePoint at, JobState starting_state, Duration delay) {
  record.starting_state = starting_state;
  record.start_delay = delay;
  record.told_why_waiting = false;
  if (record.queue_seq == 0) record.queue_seq = next_queue_seq_++;
  std::string const& id = *record.job.metadata.id;
  pending_.Push({PriorityOf(*record.job.spec), record.queue_seq, id, DemandOf(record)});
  // No room came free since the last pass, so only this job can have changed anything: it is
  // tried if it is first of its demand (a job behind an equal one that waits would not fit).
  if (pending_.IsHead(id) && TryPlace(record, at)) {
    pending_.Remove(id);
  } else {
    MustWait(record, at);
  }
}

void World::MustWait(JobRecord& record, TimePoint at) {
  // A job that waits (also one coming back from a retry) is Queueing, and is told why once.
  if (record.job.status->state != JobState::kQueueing) {
    record.job.status->state = JobState::kQueueing;
    AddEvent(record, "Normal", "Queued", at);
  }
  if (record.told_why_waiting) return;
  record.told_why_waiting = true;
  WhyWaiting& why = why_waiting_[DemandOf(record)];
  if (why.message.empty() || why.version != cluster_.version() || why.at != at) {
    why = {cluster_.version(), at, cluster_.WhyNot(*record.job.spec, Width(record), at)};
  }
  AddEvent(record, "Warning", "FailedScheduling", at, why.message);
}

void World::PlaceWaiting(TimePoint at) {
  if (pending_.size() == 0) return;
  pending_.Pass([&](PendingQueue::Entry const& entry) { return TryPlace(jobs_.at(entry.job_id), at); });
}

bool World::TryPlace(JobRecord& record, TimePoint at) {
  auto const& spec = *record.job.spec;
  std::string const& id = *record.job.metadata.id;
  int const width = Width(record);
  auto nodes = cluster_.Allocate(spec, id, width, at);
  if (!nodes && CanPreempt(spec) && Preempt(record, width, at)) {
    nodes = cluster_.Allocate(spec, id, width, at);
  }
  if (!nodes) {
    MustWait(record, at);
    return false;
  }
  record.placement = *std::move(nodes);
  IndexForPreemption(record);
  AddEvent(record, "Normal", "Admitted", at,
           fmt::format("room held on {}", fmt::join(record.placement, ", ")));
  Schedule(record, at + record.start_delay,
           [this](JobRecord& r, TimePoint t) { BeginAttempt(r, t, r.starting_state); });
  return true;
}

// [INF] Lepton documents the flags, not the policy. The fake evicts the fewest jobs it can,
// trying lowest priority first and, within a priority, the newest first (Kubernetes'
// order), and only jobs of strictly lower priority that allow it. Victims give their room back
// at once (the preemptor does not wait out their Terminating), go Terminating for
// `timings.stop`, then Queueing again in their old place in the queue.
bool World::Preempt(JobRecord& record, int width, TimePoint at) {
  auto const& spec = *record.job.spec;
  int const priority = PriorityOf(spec);
  std::string const& id = *record.job.metadata.id;
  // A demand that evicting every candidate would not place is not tried again until room
  // changes (each pass offers it first, being of high priority).
  std::string const demand = DemandOf(record);
  if (auto it = cannot_preempt_.find(demand);
      it != cannot_preempt_.end() && it->second == std::pair{cluster_.version(), priority}) {
    return false;
  }
  std::vector<std::string> victims;  // In eviction order.
  for (auto const& [victim_priority, neg_seq, victim] : preemptible_) {
    if (victim_priority >= priority) break;
    if (victim != id) victims.push_back(victim);
  }
  auto fits_without_first = [&](std::size_t n) {
    std::set<std::string> const without(victims.begin(), victims.begin() + static_cast<std::ptrdiff_t>(n));
    return cluster_.WouldFit(spec, width, at, without);
  };
  if (victims.empty() || !fits_without_first(victims.size())) {
    cannot_preempt_[demand] = {cluster_.version(), priority};
    return false;
  }
  // The shortest prefix of the eviction order that makes room (more evicted, more room).
  std::size_t low = 1, high = victims.size();
  while (low < high) {
    std::size_t const mid = low + (high - low) / 2;
    if (fits_without_first(mid)) {
      high = mid;
    } else {
      low = mid + 1;
    }
  }
  victims.resize(low);
  std::set<std::string> without(victims.begin(), victims.end());
  // Spare the victims the job does not need after all (on nodes it cannot use, or whose room
  // the later ones provide), the last chosen (most valuable) first.
  for (auto it = victims.rbegin(); it != victims.rend(); ++it) {
    without.erase(*it);
    if (!cluster_.WouldFit(spec, width, at, without)) without.insert(*it);
  }
  std::vector<std::string> evicted;
  for (auto const& victim : victims) {
    if (!without.contains(victim)) continue;
    Evict(jobs_.at(victim), record, at);
    evicted.push_back(victim);
  }
  AddEvent(record, "Normal", "Preempting", at,
           fmt::format("evicted {} to make room: {}", evicted.size() == 1 ? "job" : "jobs",
                       fmt::join(evicted, ", ")));
  return true;
}

void World::Evict(JobRecord& victim, JobRecord const& by, TimePoint at) {
  ++victim.generation;
  auto& status = *victim.job.status;
  if (!victim.replicas.empty()) {
    // The preempted attempt goes to job_history as it was when evicted.
    JobAttemptStatus attempt = AttemptOf(status);
    attempt.completion_time = CompletionMillis(victim, at);
    if (!status.job_history) status.job_history.emplace();
    status.job_history->push_back(std::move(attempt));
    EndAllReplicas(victim, "Terminated");
    for (auto& replica : victim.replicas) victim.past_replicas.push_back(std::move(replica));
    victim.replicas.clear();
  }
  ReleaseRoom(victim);
  status.state = JobState::kTerminating;
  status.active = 0;
  status.ready = 0;
  AddEvent(victim, "Warning", "Preempted", at,
           fmt::format("preempted by job {} (priority {}) to make room; back in the queue after "
                       "its replicas stop",
                       *by.job.metadata.id, PriorityName(PriorityOf(*by.job.spec))));
  Schedule(victim, at + options_.timings.stop, [this](JobRecord& r, TimePoint t) { Enqueue(r, t); });
}

void World::IndexForPreemption(JobRecord& record) {
  std::string const& id = *record.job.metadata.id;
  preemptible_.erase({record.placed_priority, -static_cast<std::int64_t>(record.queue_seq), id});
  record.placed_priority = PriorityOf(*record.job.spec);
  if (CanBePreempted(*record.job.spec) && cluster_.Holds(id)) {
    preemptible_.emplace(record.placed_priority, -static_cast<std::int64_t>(record.queue_seq), id);
  }
}

void World::ReleaseRoom(JobRecord& record) {
  std::string const& id = *record.job.metadata.id;
  cluster_.ReleaseJob(id);
  pending_.Remove(id);
  preemptible_.erase({record.placed_priority, -static_cast<std::int64_t>(record.queue_seq), id});
  record.placement.clear();
}

void World::BeginAttempt(JobRecord& record, TimePoint at, JobState starting_state) {
  auto& status = *record.job.status;
  int const width = static_cast<int>(record.placement.size());  // What the job holds room for.
  status.state = starting_state;
  status.active = width;
  status.ready = 0;
  status.succeeded = 0;
  status.creation_time = ToEpochMillis(at);
  status.completion_time.reset();
  record.replicas.clear();
  for (int i = 0; i < width; ++i) record.replicas.push_back(NewReplica(record, i, i));
  record.next_index = width;
  ++record.attempts_started;
  AddEvent(record, "Normal", "Scheduled", at);
  Schedule(record, at + PhaseDuration(record, &PlanRule::start, options_.timings.start),
           [this](JobRecord& r, TimePoint t) { RunReplicas(r, t); });
}

// Lepton reports Running as soon as one pod runs; the others become ready one after another
// (`ready` ramps), `ready_stagger` apart.
void World::RunReplicas(JobRecord& record, TimePoint at) {
  record.job.status->state = JobState::kRunning;
  AddEvent(record, "Normal", "Started", at);
  Duration offset{};
  for (auto const& replica : record.replicas) {
    std::string const replica_id = replica.id;
    Schedule(record, at + offset, [this, replica_id](JobRecord& r, TimePoint t) {
      for (auto& rep : r.replicas) {
        if (rep.id == replica_id && !rep.ended) StartReplica(r, rep, t);
      }
    });
    offset += options_.timings.ready_stagger;
  }
}

void World::StartReplica(JobRecord& record, ReplicaRun& replica, TimePoint at) {
  auto& status = *record.job.status;
  replica.readiness = "Ready";
  status.ready = Count(status.ready) + 1;
  SimulatedRun run = ScriptFor(record, replica);
  std::string const replica_id = replica.id;
  for (auto& line : run.lines) {
    Schedule(record, at + line.offset,
             [this, replica_id, text = std::move(line.text)](JobRecord& r, TimePoint t) {
               for (auto& rep : r.replicas) {
                 if (rep.id == replica_id) rep.log.push_back({NextLogStamp(t), text});
               }
             });
  }
  // Each change lands in storage at its time, before the lines and the exit due then, so a
  // job that reads after this one ended sees them; a stopped or restarted attempt's later
  // changes never land.
  for (auto& change : run.changes) {
    Schedule(record, at + change.offset,
             [this, replica_id, change = std::move(change)](JobRecord& r, TimePoint t) {
               ApplyChange(r, replica_id, change, t);
             });
  }
  int const exit_code = run.exit_code;
  Schedule(record, at + run.duration, [this, replica_id, exit_code](JobRecord& r, TimePoint t) {
    ReplicaExited(r, replica_id, exit_code, t);
  });
}

Duration World::Jittered(JobRecord const& record, Duration d) {
  if (!record.rule || record.rule->jitter <= 0) return d;
  double const j = record.rule->jitter;
  std::uniform_real_distribution<double> factor(1 - j, 1 + j);
  return std::chrono::duration_cast<Duration>(d * factor(rng_));
}

Duration World::PhaseDuration(JobRecord const& record, std::optional<Duration> PlanRule::*field,
                              Duration fallback) {
  Duration const base = record.rule && (*record.rule).*field ? *((*record.rule).*field) : fallback;
  return Jittered(record, base);
}

ContainerFiles World::MountedFiles(JobRecord const& record) const {
  // Files are read when the replica starts: a file staged later is not seen.
  return StorageFiles(record.job.spec->mounts.value_or(std::vector<Mount>{}), storage_);
}

void World::ApplyChange(JobRecord& record, std::string const& replica_id,
                        FileChange const& change, TimePoint at) {
  auto const location =
      LocateInStorage(record.job.spec->mounts.value_or(std::vector<Mount>{}), change.path);
  Status const applied = !location       ? Status(StatusCode::kInvalidArgument, "not in storage")
                         : storage_.change ? storage_.change(location->fs, location->path, change)
                                           : Status();
  if (applied.ok()) return;
  // Storage changed under the simulation (another job, an upload, the capacity): the
  // container would have seen the error, so its log says so.
  for (auto& replica : record.replicas) {
    if (replica.id != replica_id) continue;
    replica.log.push_back({at, fmt::format("[fake-lepton] {} not applied to storage: {}",
                                           change.path, applied.message())});
  }
}

SimulatedRun World::ScriptFor(JobRecord& record, ReplicaRun const& replica) {
  if (record.rule && !record.rule->attempts.empty()) {
    auto const& attempts = record.rule->attempts;
    std::size_t const n = std::min<std::size_t>(
        static_cast<std::size_t>(std::max(record.attempts_started - 1, 0)), attempts.size() - 1);
    auto const& attempt = attempts[n];
    auto const it = attempt.by_index.find(replica.index);
    ReplicaScript const& script = it != attempt.by_index.end() ? it->second : attempt.replica;
    SimulatedRun run;
    run.understood = true;
    run.duration = Jittered(record, script.run);
    run.exit_code = script.exit_code;
    ContainerFiles const files = MountedFiles(record);
    for (auto const& line : script.logs) {
      // A line scripted after the exit is written just before it.
      Duration const at = std::min(Jittered(record, line.at), run.duration);
      if (line.cat.empty()) {
        run.lines.push_back({at, line.text});
        continue;
      }
      SimulatedRun const cat = SimulateCommand({"cat", line.cat}, {}, {}, files);
      if (!cat.understood) {
        run.lines.push_back({at, fmt::format("[fake-lepton] cannot cat {}: {}", line.cat, cat.reason)});
        continue;
      }
      for (auto const& text : cat.lines) run.lines.push_back({at, text.text});
    }
    return run;
  }
  std::vector<std::string> argv;
  auto const& spec = *record.job.spec;
  if (spec.container && spec.container->command) argv = *spec.container->command;
  ContainerFiles const files = MountedFiles(record);
  SimulationLimits limits;
  limits.max_file_bytes = static_cast<std::size_t>(
      std::min<std::uint64_t>(options_.storage_max_file_bytes, limits.max_file_bytes));
  SimulatedRun run = SimulateCommand(argv, ReplicaEnvironment(record, replica), limits, files);
  if (!run.understood) {
    // Outside the simulated subset: the replica runs for the default time and succeeds; its log
    // says why, so a test author sees what happened.
    run.lines = {SimulatedLogLine{Duration::zero(),
                                  fmt::format("[fake-lepton] command not simulated ({}); "
                                              "succeeding after the default run time",
                                              run.reason)}};
    run.duration = options_.timings.default_run;
    run.exit_code = 0;
  }
  return run;
}

void World::ReplicaExited(JobRecord& record, std::string const& replica_id, int exit_code,
                          TimePoint at) {
  auto it = std::find_if(record.replicas.begin(), record.replicas.end(),
                         [&](ReplicaRun const& r) { return r.id == replica_id; });
  if (it == record.replicas.end() || it->ended) return;
  EndReplica(*it, exit_code == 0 ? "Completed" : "Failed");
  int const index = it->index;
  int const slot = it->slot;
  auto& status = *record.job.status;
  auto const& spec = *record.job.spec;
  status.active = Count(status.active) - 1;
  status.ready = Count(status.ready) - 1;
  if (exit_code != 0) {
    status.failed = Count(status.failed) + 1;
    // Per-worker retries first (max_failure_retry), then whole-job retries.
    if (record.worker_retries_used[index] < Count(spec.max_failure_retry)) {
      ++record.worker_retries_used[index];
      AddEvent(record, "Warning", "BackOff", at);
      Schedule(record, at + options_.timings.retry_backoff,
               [this, index](JobRecord& r, TimePoint t) { RestartWorker(r, index, t); });
      return;
    }
    if (record.job_retries_used < Count(spec.max_job_failure_retry)) {
      // The other replicas of the failed attempt are torn down (Terminating), then the job
      // waits out its backoff (PendingRetry) and restarts (Restarting).
      ++record.job_retries_used;
      ArchiveAttempt(record, at);
      ReleaseRoom(record);
      PlaceWaiting(at);
      ++record.generation;
      status.state = JobState::kTerminating;
      status.active = 0;
      status.ready = 0;
      AddEvent(record, "Warning", "BackoffLimitNotReached", at);
      Schedule(record, at + options_.timings.stop, [this](JobRecord& r, TimePoint t) {
        r.job.status->state = JobState::kPendingRetry;
        AddEvent(r, "Normal", "PendingRetry", t);
        // The retry needs room again; it restarts at once when there is some.
        Schedule(r, t + options_.timings.retry_backoff, [this](JobRecord& r2, TimePoint t2) {
          AskForRoom(r2, t2, JobState::kRestarting, Duration::zero());
        });
      });
      return;
    }
    Finish(record, JobState::kFailed, at);
    return;
  }
  status.succeeded = Count(status.succeeded) + 1;
  if (status.succeeded >= Count(spec.completions)) {
    Finish(record, JobState::kCompleted, at);
    return;
  }
  if (record.next_index < Count(spec.completions)) {
    // An indexed job with completions > parallelism: the next index takes the free slot.
    record.replicas.push_back(NewReplica(record, record.next_index++, slot));
    status.active = Count(status.active) + 1;
    StartReplica(record, record.replicas.back(), at);
  } else {
    cluster_.ReleaseSlot(*record.job.metadata.id, slot);
    PlaceWaiting(at);
  }
}

void World::RestartWorker(JobRecord& record, int index, TimePoint at) {
  // The failed replica is replaced by a new one with the same index (a new pod); the job
  // stays Running meanwhile.
  auto it = std::find_if(record.replicas.begin(), record.replicas.end(),
                         [&](ReplicaRun const& r) { return r.index == index; });
  int slot = index % std::max(Width(record), 1);
  if (it != record.replicas.end()) {
    slot = it->slot;
    record.past_replicas.push_back(std::move(*it));
    record.replicas.erase(it);
  }
  record.replicas.push_back(NewReplica(record, index, slot));
  auto& status = *record.job.status;
  status.active = Count(status.active) + 1;
  StartReplica(record, record.replicas.back(), at);
}

void World::EndReplica(ReplicaRun& replica, std::string const& readiness) {
  if (replica.ended) return;
  replica.ended = true;
  replica.readiness = readiness;
}

TimePoint World::NextLogStamp(TimePoint at) {
  static_assert(std::is_same_v<Duration, std::chrono::nanoseconds>,
                "line times are nanoseconds on the wire");
  last_log_stamp_ = std::max(at, last_log_stamp_ + Duration(1));
  return last_log_stamp_;
}

std::int64_t World::CompletionMillis(JobRecord const& record, TimePoint at) {
  std::int64_t ms = ToEpochMillis(at);
  for (auto const* list : {&record.past_replicas, &record.replicas}) {
    for (auto const& run : *list) {
      if (!run.log.empty()) ms = std::max(ms, ToEpochMillis(run.log.back().at) + 1);
    }
  }
  return ms;
}

void World::ArchiveAttempt(JobRecord& record, TimePoint at) {
  auto& status = *record.job.status;
  JobAttemptStatus attempt = AttemptOf(status);
  attempt.state = JobState::kFailed;
  attempt.completion_time = CompletionMillis(record, at);
  if (!status.job_history) status.job_history.emplace();
  status.job_history->push_back(std::move(attempt));
  EndAllReplicas(record, "Terminated");
  for (auto& replica : record.replicas) record.past_replicas.push_back(std::move(replica));
  record.replicas.clear();
}

void World::Finish(JobRecord& record, JobState state, TimePoint at) {
  ++record.generation;  // Nothing scheduled for the attempt applies any more.
  auto& status = *record.job.status;
  status.state = state;
  status.active = 0;
  status.ready = 0;
  status.completion_time = CompletionMillis(record, at);
  EndAllReplicas(record, "Terminated");
  ReleaseRoom(record);
  PlaceWaiting(at);
  AddEvent(record, state == JobState::kCompleted ? "Normal" : "Warning",
           state == JobState::kCompleted ? "Completed" : "BackoffLimitExceeded", at);
  std::int64_t const ttl =
      record.job.spec->ttl_seconds_after_finished.value_or(kDefaultTtlSeconds);
  Schedule(record, at + std::chrono::seconds(ttl), [this](JobRecord& r, TimePoint t) {
    r.archived = true;
    r.job.status->state = JobState::kArchived;
    AddEvent(r, "Normal", "Archived", t);
  });
}

void World::EndAllReplicas(JobRecord& record, std::string const& readiness) {
  for (auto& replica : record.replicas) EndReplica(replica, readiness);
}

void World::Stop(JobRecord& record, TimePoint at) {
  ++record.generation;
  auto& status = *record.job.status;
  status.state = JobState::kStopping;
  EndAllReplicas(record, "Terminated");
  ReleaseRoom(record);
  PlaceWaiting(at);
  AddEvent(record, "Normal", "Stopping", at);
  Schedule(record, at + options_.timings.stop, [this](JobRecord& r, TimePoint t) {
    r.job.status->state = JobState::kStopped;
    r.job.status->active = 0;
    r.job.status->ready = 0;
    AddEvent(r, "Normal", "Stopped", t);
  });
}

// ---------------------------------------------------------------------------------------------
// API.

StatusOr<Job> World::CreateJob(Job request) {
  auto name = RequestedName(request);
  if (!name) return Status(StatusCode::kInvalidArgument, "metadata.name or metadata.id is required");
  if (auto e = ValidateJobName(*name)) return Status(StatusCode::kInvalidArgument, *e);
  if (auto e = ValidateMetadata(request.metadata)) return Status(StatusCode::kInvalidArgument, *e);
  if (!request.spec) request.spec.emplace();
  if (auto e = ValidateJobSpec(*request.spec)) return Status(StatusCode::kInvalidArgument, *e);

  std::lock_guard lock(mu_);
  if (Status s = cluster_.Validate(*request.spec); !s.ok()) return s;
  AdvanceLocked();
  TimePoint const now = clock_->Now();
  JobRecord record;
  record.job = std::move(request);
  auto& metadata = record.job.metadata;
  metadata.id = NewJobId(*name);
  metadata.name = *name;
  metadata.created_at = ToEpochMillis(now);
  metadata.owner = options_.user;
  metadata.created_by = options_.user;
  metadata.last_modified_at = metadata.created_at;
  metadata.last_modified_by = options_.user;
  // [INF] The server applies the SDK model's defaults (completions and parallelism 1).
  auto& spec = *record.job.spec;
  if (!spec.completions) spec.completions = 1;
  if (!spec.parallelism) spec.parallelism = 1;
  record.job.status = JobStatus{};
  auto& status = *record.job.status;
  status.job_name = *metadata.id;
  status.ready = 0;
  status.active = 0;
  status.failed = 0;
  status.succeeded = 0;

  for (auto const& plan : plans_) {
    for (auto const& rule : plan.rules) {
      if (!record.rule && Selects(rule.select, record.job)) record.rule = rule;
    }
  }
  std::string const id = *metadata.id;
  // `record` is moved into the store here: only `stored` may be used below.
  auto& stored = jobs_.emplace(id, std::move(record)).first->second;
  list_order_.emplace(-*stored.job.metadata.created_at, id);
  AddEvent(stored, "Normal", "Created", now);
  auto const& schedule = stored.job.spec->time_schedule;
  TimePoint const start_time{std::chrono::seconds(schedule ? schedule->start_at.value_or(0) : 0)};
  std::optional<TimePoint> const reservation_start =
      cluster_.ReservationStart(*stored.job.spec, now);
  if (start_time > now || reservation_start) {
    // Awaiting until the later of its start time and its reservation coming into effect.
    stored.job.status->state = JobState::kAwaiting;
    bool const for_reservation = reservation_start && *reservation_start > start_time;
    TimePoint const until = for_reservation ? *reservation_start : start_time;
    AddEvent(stored, "Normal", for_reservation ? "AwaitingReservation" : "AwaitingStartTime", now,
             fmt::format("waiting until {}", Rfc3339(until)));
    Schedule(stored, until, [this](JobRecord& r, TimePoint t) { Enqueue(r, t); });
  } else {
    Enqueue(stored, now);
  }
  Changed();
  return stored.job;
}

StatusOr<Job> World::GetJob(std::string const& job_id, JobQueryMode mode) {
  std::lock_guard lock(mu_);
  AdvanceLocked();
  auto* record = FindLocked(job_id, mode);
  if (record == nullptr) return JobNotFound(job_id);
  return record->job;
}

JobList World::ListJobs(ListJobsRequest const& filter, int page, std::optional<int> page_size) {
  std::lock_guard lock(mu_);
  AdvanceLocked();
  // [INF] The server's order is unknown; newest first, then by id, is stable and useful.
  std::size_t const size = page_size ? static_cast<std::size_t>(*page_size) : SIZE_MAX;
  std::size_t skip = page_size ? static_cast<std::size_t>(page - 1) * size : 0;
  auto from = list_order_.begin();
  std::string const key = page_size ? FilterKey(filter) : std::string();
  if (page_size && page > 1 && list_cursor_ && list_cursor_->change_count == change_count_ &&
      list_cursor_->next_page == page && list_cursor_->page_size == size &&
      list_cursor_->filter_key == key) {
    from = list_order_.upper_bound(list_cursor_->after);  // The earlier pages end there.
    skip = 0;
  }
  JobList out;
  auto last = list_order_.end();
  for (auto it = from; it != list_order_.end() && out.jobs.size() < size; ++it) {
    JobRecord const& record = jobs_.at(it->second);
    if (!VisibleIn(record.archived, filter.mode) || !MatchesFilter(record.job, filter)) continue;
    if (skip > 0) {
      --skip;
      continue;
    }
    out.jobs.push_back(record.job);
    last = it;
  }
  if (page_size && out.jobs.size() == size) {
    list_cursor_ = ListCursor{change_count_, key, size, page + 1, *last};
  }
  return out;
}

Status World::PatchJob(std::string const& job_id, Job const& patch) {
  std::lock_guard lock(mu_);
  AdvanceLocked();
  auto* record = FindLocked(job_id, JobQueryMode::kAliveOnly);
  if (record == nullptr) return JobNotFound(job_id);
  if (!patch.spec) return Status();
  JobSpec merged = *record->job.spec;
  MergeSpec(merged, *patch.spec);
  if (auto e = ValidateJobSpec(merged)) return Status(StatusCode::kInvalidArgument, *e);
  // Only what the patch names is checked against the cluster: a job whose reservation or node
  // was removed since must still be stoppable.
  auto const& p = *patch.spec;
  if (p.resource_shape || p.affinity || p.reservation_config) {
    if (Status s = cluster_.Validate(merged); !s.ok()) return s;
  }
  bool const was_stopped = record->job.spec->stopped.value_or(false);
  std::string const old_demand = DemandOf(*record);
  record->job.spec = std::move(merged);
  TimePoint const now = clock_->Now();
  if (pending_.Contains(job_id)) {
    // A waiting job keeps its place among equals; a new priority or demand moves it.
    pending_.Push({PriorityOf(*record->job.spec), record->queue_seq, job_id, DemandOf(*record)});
  } else if (cluster_.Holds(job_id)) {
    if (record->replicas.empty() && DemandOf(*record) != old_demand) {
      // Placed but not started: the room held no longer matches; ask again.
      ++record->generation;
      ReleaseRoom(*record);
      AskForRoom(*record, now, record->starting_state, record->start_delay);
    } else {
      // Running: a new shape or width applies from the next attempt; a new priority or
      // preemptibility at once.
      IndexForPreemption(*record);
    }
  }
  record->job.metadata.last_modified_at = ToEpochMillis(now);
  JobState const state = record->job.status->state.value_or(JobState::kUnknown);
  bool const stop = patch.spec->stopped.value_or(false);
  bool const start = patch.spec->stopped.has_value() && !*patch.spec->stopped;
  // Stop is honoured in the states `lep job stop` acts on (all but Stopped, Stopping, Failed,
  // Deleting, Deleted, Archived, Completed: SDK leptonai/cli/job.py); start only from Stopped, as
  // `lep job start`. Otherwise the flag is stored and nothing else happens.
  if (stop && !was_stopped && !IsFinal(state) && state != JobState::kStopping &&
      state != JobState::kDeleting) {
    Stop(*record, now);
  } else if (start && state == JobState::kStopped) {
    // [INF] A restart after stop is a new attempt; the stopped one goes to job_history.
    auto& status = *record->job.status;
    JobAttemptStatus attempt = AttemptOf(status);
    if (!status.job_history) status.job_history.emplace();
    status.job_history->push_back(std::move(attempt));
    for (auto& replica : record->replicas) record->past_replicas.push_back(std::move(replica));
    record->replicas.clear();
    status.failed = 0;
    ++record->generation;
    AddEvent(*record, "Normal", "Started", now);
    record->queue_seq = 0;  // A restarted job queues behind those already waiting.
    Enqueue(*record, now);
  }
  PlaceWaiting(now);
  Changed();
  return Status();
}

Status World::DeleteJob(std::string const& job_id, JobQueryMode mode) {
  std::lock_guard lock(mu_);
  AdvanceLocked();
  auto* record = FindLocked(job_id, mode);
  if (record == nullptr) return JobNotFound(job_id);
  if (record->job.status->state == JobState::kDeleting) return Status();
  TimePoint const now = clock_->Now();
  if (record->archived) {
    ReleaseRoom(*record);
    list_order_.erase({-record->job.metadata.created_at.value_or(0), job_id});
    jobs_.erase(job_id);
    Changed();
    return Status();
  }
  ++record->generation;
  record->job.status->state = JobState::kDeleting;
  EndAllReplicas(*record, "Deleted");
  ReleaseRoom(*record);
  PlaceWaiting(now);
  AddEvent(*record, "Normal", "Deleting", now);
  // [INF] After Deleting the job leaves the live view and stays readable as Deleted through
  // archive_only / alive_and_archive; deleting it there purges it.
  Schedule(*record, now + options_.timings.delete_grace, [this](JobRecord& r, TimePoint t) {
    r.archived = true;
    r.job.status->state = JobState::kDeleted;
    r.job.status->active = 0;
    r.job.status->ready = 0;
    AddEvent(r, "Normal", "Deleted", t);
  });
  Changed();
  return Status();
}

StatusOr<std::vector<Replica>> World::ListReplicas(std::string const& job_id, JobQueryMode mode) {
  std::lock_guard lock(mu_);
  AdvanceLocked();
  auto* record = FindLocked(job_id, JobQueryMode::kAliveAndArchive);
  if (record == nullptr) return JobNotFound(job_id);
  std::vector<Replica> out;
  auto add = [&](ReplicaRun const& run) {
    Replica replica;
    replica.id = run.id;
    replica.metadata.id = run.id;
    replica.metadata.name = run.id;
    auto& status = replica.status.emplace();
    status.node.emplace().name = run.node;
    status.node->id = run.node;
    status.readiness_issue.emplace().reason = run.readiness;
    out.push_back(std::move(replica));
  };
  // alive_only excludes replicas of earlier attempts (newer SDK, test_job_ssh.py).
  if (!record->archived || mode != JobQueryMode::kAliveOnly) {
    for (auto const& run : record->replicas) add(run);
  }
  if (mode != JobQueryMode::kAliveOnly) {
    for (auto const& run : record->past_replicas) add(run);
  }
  return out;
}

StatusOr<std::vector<Event>> World::ListEvents(std::string const& job_id) {
  std::lock_guard lock(mu_);
  AdvanceLocked();
  auto* record = FindLocked(job_id, JobQueryMode::kAliveAndArchive);
  if (record == nullptr) return JobNotFound(job_id);
  std::string const regarding =
      fmt::format(R"({{"kind":"LeptonJob","name":"{}"}})", *record->job.metadata.id);
  std::vector<Event> out;
  out.reserve(record->events.size());
  for (auto const& stored : record->events) {
    Event& event = out.emplace_back();
    event.type = stored.type;
    event.reason = stored.reason;
    if (!stored.message.empty()) event.message = stored.message;
    event.count = 1;
    event.last_observed_time = Rfc3339(stored.at);
    event.regarding = RawJson{regarding};
  }
  return out;
}

StatusOr<World::LogRead> World::ReadLog(std::string const& job_id, std::string const& replica_id,
                                        std::size_t from_line) {
  std::lock_guard lock(mu_);
  AdvanceLocked();
  auto* record = FindLocked(job_id, JobQueryMode::kAliveAndArchive);
  if (record == nullptr) return JobNotFound(job_id);
  for (auto const* list : {&record->replicas, &record->past_replicas}) {
    for (auto const& run : *list) {
      if (run.id != replica_id) continue;
      LogRead read;
      for (std::size_t i = from_line; i < run.log.size(); ++i) {
        read.lines.push_back(run.log[i].text);
      }
      read.ended = run.ended;
      return read;
    }
  }
  return Status(StatusCode::kNotFound,
                fmt::format("replica '{}' of job '{}' not found", replica_id, job_id));
}

StatusOr<std::vector<World::LogEntry>> World::QueryLogs(LogQuery const& query) {
  std::lock_guard lock(mu_);
  AdvanceLocked();
  auto* record = FindLocked(query.job_id, JobQueryMode::kAliveAndArchive);
  if (record == nullptr) return JobNotFound(query.job_id);
  std::vector<LogEntry> out;
  for (auto const* list : {&record->past_replicas, &record->replicas}) {
    for (auto const& run : *list) {
      if (query.replica_id && run.id != *query.replica_id) continue;
      for (auto const& line : run.log) {
        if (query.start && line.at < *query.start) continue;
        if (query.end && line.at >= *query.end) continue;
        if (!query.contains.empty() && line.text.find(query.contains) == std::string::npos) {
          continue;
        }
        out.push_back({line.at, run.id, line.text});
      }
    }
  }
  std::stable_sort(out.begin(), out.end(),
                   [](LogEntry const& a, LogEntry const& b) { return a.at < b.at; });
  if (query.backward) std::reverse(out.begin(), out.end());
  if (out.size() > query.limit) out.resize(query.limit);
  return out;
}

std::vector<NodeGroup> World::NodeGroups() {
  std::lock_guard lock(mu_);
  AdvanceLocked();
  return cluster_.NodeGroups();
}

StatusOr<NodeGroup> World::GetNodeGroup(std::string const& id) {
  std::lock_guard lock(mu_);
  AdvanceLocked();
  return cluster_.GetNodeGroup(id);
}

StatusOr<std::vector<Node>> World::Nodes(std::string const& group_id, bool idle_only) {
  std::lock_guard lock(mu_);
  AdvanceLocked();
  return cluster_.Nodes(group_id, idle_only);
}

std::vector<Shape> World::Shapes(std::optional<std::string> const& node_group) {
  std::lock_guard lock(mu_);
  return cluster_.Shapes(node_group);
}

StatusOr<std::vector<FakeReservation>> World::Reservations(std::string const& group_id) {
  std::lock_guard lock(mu_);
  return cluster_.Reservations(group_id);
}

std::string World::ReservationPhase(FakeReservation const& reservation) {
  return std::string(Cluster::ReservationPhase(reservation, clock_->Now()));
}

std::optional<std::size_t> World::QueuePosition(std::string const& job_id) {
  std::lock_guard lock(mu_);
  AdvanceLocked();
  return pending_.Position(job_id);
}

std::unordered_map<std::string, std::size_t> World::QueuePositions() {
  std::lock_guard lock(mu_);
  AdvanceLocked();
  return pending_.Positions();
}

World::Stats World::stats() {
  std::lock_guard lock(mu_);
  AdvanceLocked();
  Stats stats;
  for (auto const& [id, record] : jobs_) {
    if (record.archived) continue;
    ++stats.jobs;
    for (auto const& replica : record.replicas) stats.replicas += replica.ended ? 0 : 1;
  }
  stats.usage = cluster_.usage();
  return stats;
}

Status World::ForceState(std::string const& job_id, JobState state) {
  std::lock_guard lock(mu_);
  AdvanceLocked();
  auto* record = FindLocked(job_id, JobQueryMode::kAliveAndArchive);
  if (record == nullptr) return JobNotFound(job_id);
  TimePoint const now = clock_->Now();
  ++record->generation;
  auto& status = *record->job.status;
  pending_.Remove(job_id);
  switch (state) {
    case JobState::kQueueing:
      // A new attempt; the old replicas (and their logs) stay readable as earlier ones.
      record->archived = false;
      EndAllReplicas(*record, "Terminated");
      ReleaseRoom(*record);
      for (auto& replica : record->replicas) record->past_replicas.push_back(std::move(replica));
      record->replicas.clear();
      Enqueue(*record, now);
      break;
    case JobState::kCompleted:
    case JobState::kFailed:
      Finish(*record, state, now);
      break;
    case JobState::kArchived:
    case JobState::kDeleted:
      EndAllReplicas(*record, "Deleted");
      ReleaseRoom(*record);
      status.active = 0;
      status.ready = 0;
      record->archived = true;
      status.state = state;
      break;
    default:
      // A job forced into a state where its replicas live keeps the room they hold.
      if (IsFinal(state)) {
        EndAllReplicas(*record, "Terminated");
        ReleaseRoom(*record);
        status.active = 0;
        status.ready = 0;
      }
      status.state = state;
      if (state == JobState::kUnknown) status.state_text = "";
      break;
  }
  AddEvent(*record, "Warning", "ForcedByTest", now);
  PlaceWaiting(now);
  Changed();
  return Status();
}

std::vector<std::pair<Job, bool>> World::AllJobs() {
  std::lock_guard lock(mu_);
  AdvanceLocked();
  std::vector<std::pair<Job, bool>> out;
  for (auto const& [created, id] : list_order_) {
    JobRecord const& record = jobs_.at(id);
    out.emplace_back(record.job, record.archived);
  }
  return out;
}

World::JobWindow World::JobsWindow(std::size_t offset, std::size_t limit) {
  std::lock_guard lock(mu_);
  AdvanceLocked();
  JobWindow out;
  out.total = list_order_.size();
  for (auto const& [id, record] : jobs_) {
    JobState const state = record.job.status ? record.job.status->state.value_or(JobState::kUnknown)
                                             : JobState::kUnknown;
    ++out.states[std::string(JobStateName(state))];
  }
  auto it = list_order_.begin();
  std::advance(it, std::min(offset, list_order_.size()));
  for (; it != list_order_.end() && out.jobs.size() < limit; ++it) {
    JobRecord const& record = jobs_.at(it->second);
    WindowedJob& entry = out.jobs.emplace_back();
    entry.job = record.job;
    entry.archived = record.archived;
    entry.queue_position = pending_.Position(it->second);
    bool const queueing = record.job.status && record.job.status->state == JobState::kQueueing;
    for (auto event = record.events.rbegin(); queueing && event != record.events.rend(); ++event) {
      if (std::string_view(event->reason) == "FailedScheduling") {
        entry.waiting_reason = event->message;
        break;
      }
    }
  }
  return out;
}

std::vector<Plan> World::plans() const {
  std::lock_guard lock(mu_);
  return plans_;
}

void World::SetNodeGroups(std::vector<FakeNodeGroup> groups) {
  std::lock_guard lock(mu_);
  AdvanceLocked();
  cluster_.SetNodeGroups(std::move(groups));
  PlaceWaiting(clock_->Now());
  Changed();
}

void World::ConfigureCluster(FakeClusterConfig config) {
  std::lock_guard lock(mu_);
  AdvanceLocked();
  cluster_.Configure(std::move(config));
  ScheduleReservationPasses();
  PlaceWaiting(clock_->Now());
  Changed();
}

void World::SetPlans(std::vector<Plan> plans) {
  std::lock_guard lock(mu_);
  plans_ = std::move(plans);
}

std::size_t World::job_count() const {
  std::lock_guard lock(mu_);
  return jobs_.size();
}

StatusOr<Job> World::PeekJob(std::string const& job_id) const {
  std::lock_guard lock(mu_);
  auto it = jobs_.find(job_id);
  if (it == jobs_.end()) return JobNotFound(job_id);
  return it->second.job;
}

void World::Reset() {
  std::lock_guard lock(mu_);
  jobs_.clear();
  list_order_.clear();
  cluster_ = Cluster(FakeClusterConfig{options_.node_groups, options_.shapes, options_.reservations});
  pending_.Clear();
  preemptible_.clear();
  why_waiting_.clear();
  cannot_preempt_.clear();
  next_queue_seq_ = 1;
  queue_.clear();
  rng_.seed(options_.seed);
  last_log_stamp_ = TimePoint{};
  ScheduleReservationPasses();
  Changed();
}

}  // namespace lepton::fake
