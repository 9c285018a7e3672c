#include "lepton/sched/lepton_scheduler.h"

#include <regex.h>

#include <algorithm>
#include <map>
#include <regex>
#include <sstream>

#include <fmt/format.h>

#include "internal/json_codec.h"
#include "lepton/retry_policy.h"
#include "lepton/sched/job_name.h"
#include "lepton/wire_codec.h"
#include "client/retrying_connection.h"
#include "scheduler/job_builder.h"
#include "scheduler/staged_job.h"
#include "scheduler/side_caller.h"

namespace lepton::sched {
namespace {

constexpr std::string_view kHandlePrefix = "lepton://";

std::int64_t Count(std::optional<std::int64_t> const& n) { return n.value_or(0); }

// The worker index of a replica id `<job id>-<index>-<suffix>`, or -1.
int ReplicaIndex(std::string const& job_id, std::string const& replica_id) {
  if (!replica_id.starts_with(job_id + "-")) return -1;
  std::string_view rest = std::string_view(replica_id).substr(job_id.size() + 1);
  auto const dash = rest.find('-');
  std::string_view const digits = rest.substr(0, dash);
  if (digits.empty() || digits.size() > 6 ||
      digits.find_first_not_of("0123456789") != std::string_view::npos) {
    return -1;
  }
  return std::stoi(std::string(digits));
}

std::string ReplicaIdOf(Replica const& replica) {
  if (replica.id) return *replica.id;
  return replica.metadata.id.value_or("");
}

// A replica's state from its `status.readiness_issue.reason` (values the newer SDK's
// leptonai/api/v2/shell.py reads: Ready, Starting, InProgress, Completed, Failed, Deleted,
// Terminated); the app's state when it says nothing known.
AppState ReplicaStateOf(std::string const& reason, AppState app) {
  if (reason == "Ready") return IsTerminal(app) ? app : AppState::kRunning;
  if (reason == "Starting" || reason == "InProgress") return AppState::kPending;
  if (reason == "Completed") return AppState::kSucceeded;
  if (reason == "Failed") return AppState::kFailed;
  if (reason == "Deleted" || reason == "Terminated") return AppState::kCancelled;
  return app;
}

// A POSIX extended regular expression (glibc's matcher does not recurse per character, so a
// long log line cannot overflow the stack as it can with std::regex).
class LineFilter {
 public:
  static StatusOr<LineFilter> Make(std::string const& pattern) {
    LineFilter filter;
    if (pattern.empty()) return filter;
    filter.compiled_ = std::make_shared<regex_t>();
    int const error = regcomp(filter.compiled_.get(), pattern.c_str(), REG_EXTENDED | REG_NOSUB);
    if (error != 0) {
      char message[256] = {};
      regerror(error, filter.compiled_.get(), message, sizeof(message));
      filter.compiled_.reset();
      return Status(StatusCode::kInvalidArgument,
                    fmt::format("log regex '{}': {}", pattern, message));
    }
    filter.compiled_ = std::shared_ptr<regex_t>(new regex_t(*filter.compiled_), [](regex_t* r) {
      regfree(r);
      delete r;
    });
    return filter;
  }
  [[nodiscard]] bool Keeps(std::string const& line) const {
    return !compiled_ || regexec(compiled_.get(), line.c_str(), 0, nullptr, 0) == 0;
  }

 private:
  std::shared_ptr<regex_t> compiled_;
};

}  // namespace

StatusOr<std::string> JobIdOf(std::string const& app_id_or_handle) {
  std::string_view id = app_id_or_handle;
  if (id.find("://") != std::string_view::npos) {
    if (!id.starts_with(kHandlePrefix)) {
      return Status(StatusCode::kInvalidArgument,
                    fmt::format("'{}' is not a lepton:// handle", app_id_or_handle));
    }
    id.remove_prefix(kHandlePrefix.size());
    auto const slash = id.rfind('/');
    if (slash == std::string_view::npos) {
      return Status(StatusCode::kInvalidArgument,
                    fmt::format("'{}' is not lepton://<session>/<job id>", app_id_or_handle));
    }
    id.remove_prefix(slash + 1);
  }
  // Lepton job ids are DNS labels; anything else (`..`, `a?b`) must not reach a URL path.
  static std::regex const kJobId("[a-z0-9]([a-z0-9-]{0,251}[a-z0-9])?");
  if (!std::regex_match(id.begin(), id.end(), kJobId)) {
    return Status(StatusCode::kInvalidArgument,
                  fmt::format("'{}' names no job id (a lowercase DNS label)", app_id_or_handle));
  }
  return std::string(id);
}

LeptonScheduler::LeptonScheduler(Client client, SchedulerOptions options)
    : client_(std::move(client)), options_(std::move(options)) {
  if (!options_.clock) options_.clock = std::make_shared<SystemClock>();
  if (!options_.sleeper) options_.sleeper = RealSleeper();
  random_.seed(options_.seed.value_or(std::random_device{}()));
}

std::string LeptonScheduler::HandleOf(std::string const& job_id) const {
  return fmt::format("{}{}/{}", kHandlePrefix, options_.session, job_id);
}

std::string LeptonScheduler::NewCreateToken() {
  // Real randomness, never the seeded generator: two schedulers with one seed must not share
  // tokens, or a look-up after a lost answer could return the other's job.
  static constexpr char kAlphabet[] = "abcdefghijklmnopqrstuvwxyz0123456789";
  std::random_device device;
  std::string out(20, 'a');
  for (auto& c : out) c = kAlphabet[device() % (sizeof(kAlphabet) - 1)];
  return out;
}

Status LeptonScheduler::CheckSession() const {
  static std::regex const kLabelValue("[A-Za-z0-9]([A-Za-z0-9_.-]{0,61}[A-Za-z0-9])?");
  if (std::regex_match(options_.session, kLabelValue)) return Status();
  return Status(StatusCode::kInvalidArgument,
                fmt::format("session '{}' is not a label value (1-63 of [A-Za-z0-9_.-], starting "
                            "and ending alphanumeric)",
                            options_.session));
}

std::string LeptonScheduler::NewSuffix() {
  static constexpr char kAlphabet[] = "abcdefghijklmnopqrstuvwxyz0123456789";
  std::string out(5, 'a');
  for (auto& c : out) c = kAlphabet[random_() % (sizeof(kAlphabet) - 1)];
  return out;
}

Status LeptonScheduler::Validate(AppDef const& app, LeptonExecutorConfig const& cfg) const {
  return internal::ValidateApp(app, cfg);
}

StatusOr<std::string> LeptonScheduler::ResolveNodeGroup(std::string const& name_or_id) {
  auto groups = client_.ListNodeGroups();
  if (!groups) return std::move(groups).status();
  std::vector<std::string> ids_by_name;
  std::vector<std::string> known;
  for (auto const& group : *groups) {
    std::string const id = group.metadata.id.value_or("");
    std::string const name = group.metadata.name.value_or("");
    if (id == name_or_id) return id;
    if (name == name_or_id) ids_by_name.push_back(id);
    known.push_back(name.empty() ? id : name);
  }
  if (ids_by_name.size() == 1 && !ids_by_name[0].empty()) return ids_by_name[0];
  if (ids_by_name.size() > 1) {
    return Status(StatusCode::kInvalidArgument,
                  fmt::format("node group name '{}' is ambiguous: {} groups have it; use an id "
                              "({})",
                              name_or_id, ids_by_name.size(), fmt::join(ids_by_name, ", ")));
  }
  return Status(StatusCode::kNotFound,
                fmt::format("no node group named '{}' in this workspace; known: {}", name_or_id,
                            known.empty() ? "(none)" : fmt::format("{}", fmt::join(known, ", "))));
}

Status LeptonScheduler::CheckShape(std::string const& shape, std::string const& node_group_id,
                                   int gpus_per_node) {
  auto shapes = client_.ListShapes(node_group_id.empty() ? std::nullopt
                                                         : std::optional<std::string>(node_group_id));
  if (!shapes) return shapes.status();
  std::vector<std::string> names;
  for (auto const& s : *shapes) {
    if (s.metadata.name != shape) {
      names.push_back(s.metadata.name.value_or("?"));
      continue;
    }
    std::int64_t const gpus = s.spec ? s.spec->accelerator_num.value_or(0) : 0;
    if (gpus_per_node > gpus) {
      return Status(StatusCode::kInvalidArgument,
                    fmt::format("gpus_per_node is {} but shape '{}' has {} accelerators",
                                gpus_per_node, shape, gpus));
    }
    return Status();
  }
  return Status(StatusCode::kInvalidArgument,
                fmt::format("resource shape '{}' is not offered{}; available: {}", shape,
                            node_group_id.empty() ? "" : " in node group " + node_group_id,
                            fmt::join(names, ", ")));
}

StatusOr<DryRunInfo> LeptonScheduler::SubmitDryRun(AppDef const& app,
                                                   LeptonExecutorConfig const& cfg) {
  if (Status s = CheckSession(); !s.ok()) return s;
  if (Status s = Validate(app, cfg); !s.ok()) return s;
  internal::JobIdentity identity;
  identity.job_name = MakeJobName(app.name, NewSuffix());
  identity.session = options_.session;
  identity.create_token = NewCreateToken();
  if (!cfg.node_group.empty()) {
    auto id = ResolveNodeGroup(cfg.node_group);
    if (!id) return std::move(id).status();
    identity.node_group_id = *id;
  }
  Role const& role = app.roles.front();
  std::string const shape = role.resource_shape.empty() ? cfg.resource_shape : role.resource_shape;
  if (Status s = CheckShape(shape, identity.node_group_id, cfg.gpus_per_node); !s.ok()) return s;
  if (cfg.staging) {
    auto modes = internal::StagedModes(cfg.staging->local_dir);
    if (!modes) return std::move(modes).status();
    identity.staged_modes = *std::move(modes);
  }
  DryRunInfo info;
  info.job = internal::BuildJob(app, cfg, identity);
  info.json = ToJson(info.job);
  info.launch_script = info.job.spec->container->command->back();
  if (info.launch_script.size() > kMaxLaunchScriptBytes) {
    // Linux refuses one argument over 128 KiB (MAX_ARG_STRLEN): the container would not start.
    return Status(StatusCode::kInvalidArgument,
                  fmt::format("the launch script is {} bytes, over the {} a container command "
                              "can safely carry: fewer pre-launch lines, env values or "
                              "executable staged files",
                              info.launch_script.size(), kMaxLaunchScriptBytes));
  }
  info.staging = cfg.staging;
  return info;
}

Status LeptonScheduler::CheckStagedByLeptonkit(StagingTarget const& target) {
  // The label only points at a mount: before a recursive delete, the directory must be one a
  // staging made (it holds the manifest), not a dataset mount a label came to point at.
  auto exists = client_.StoragePathExists(target.file_system, target.path);
  if (!exists) return std::move(exists).status();
  if (!*exists) return Status();  // Already gone: nothing to check or delete.
  std::string manifest = target.path;
  if (!manifest.ends_with('/')) manifest += '/';
  manifest += kStageManifestName;
  auto staged = client_.StoragePathExists(target.file_system, manifest);
  if (!staged) return std::move(staged).status();
  if (!*staged) {
    return Status(StatusCode::kFailedPrecondition,
                  fmt::format("{}:{} holds no {}: not a directory leptonkit staged, so it is "
                              "not deleted (the job is kept too)",
                              target.file_system, target.path, kStageManifestName));
  }
  return Status();
}

StatusOr<std::string> LeptonScheduler::Schedule(DryRunInfo const& info) {
  // Scheduling one dry run twice (say, again after a call that gave up) finds the first job.
  if (info.job.metadata.labels && info.job.metadata.labels->contains(lepton::internal::kCreateTokenLabel)) {
    ListJobsRequest lookup;
    lookup.mode = JobQueryMode::kAliveAndArchive;
    lookup.label_selector = fmt::format("{}={}", lepton::internal::kCreateTokenLabel,
                                        info.job.metadata.labels->at(lepton::internal::kCreateTokenLabel));
    lookup.page = 1;
    auto found = client_.ListJobs(lookup);
    if (!found) return std::move(found).status();
    if (!found->empty() && found->front().metadata.id) return HandleOf(*found->front().metadata.id);
  }
  if (info.staging) {
    // Before the job exists: a staging that fails leaves nothing to clean up but the files.
    Stager stager(client_);
    auto staged = stager.Stage(info.staging->local_dir,
                               StagingTarget{info.staging->file_system, info.staging->remote_path});
    if (!staged) {
      return Status(staged.status().code(),
                    fmt::format("staging {} to {}:{} failed, no job was created: {}",
                                info.staging->local_dir.string(), info.staging->file_system,
                                info.staging->remote_path, staged.status().message()));
    }
    if (options_.on_staged) options_.on_staged(*staged);
  }
  auto created = client_.CreateJob(info.job);
  if (!created) return std::move(created).status();
  if (!created->metadata.id || created->metadata.id->empty()) {
    return Status(StatusCode::kInternal, "POST /jobs: the answer carries no metadata.id");
  }
  return HandleOf(*created->metadata.id);
}

StatusOr<std::string> LeptonScheduler::Submit(AppDef const& app, LeptonExecutorConfig const& cfg) {
  auto info = SubmitDryRun(app, cfg);
  if (!info) return std::move(info).status();
  return Schedule(*info);
}

StatusOr<std::optional<DescribeAppResponse>> LeptonScheduler::Describe(std::string const& app_id) {
  auto job_id = JobIdOf(app_id);
  if (!job_id) return std::move(job_id).status();
  // The replicas of a job that is not archived are read while the job is: one round trip
  // instead of two (most describes are of live jobs; an archived job's are read again below).
  if (!side_) side_ = std::make_shared<::lepton::internal::SideCaller>();
  auto alive_replicas = side_->Run([client = client_, id = *job_id]() mutable {
    return client.ListReplicas(id, JobQueryMode::kAliveOnly);
  });
  auto job = client_.GetJob(*job_id, JobQueryMode::kAliveAndArchive);
  // Always collected, so that no request of this call outlives it.
  StatusOr<std::vector<Replica>> replicas = alive_replicas.get();
  if (!job) {
    if (job.status().code() == StatusCode::kNotFound) return std::optional<DescribeAppResponse>();
    return std::move(job).status();
  }
  JobStatus const status = job->status.value_or(JobStatus{});
  DescribeAppResponse out;
  out.app_id = *job_id;
  out.state = AppStateOf(status, job->spec ? job->spec->completions : std::nullopt);
  out.num_restarts = RestartCount(status);
  out.msg = fmt::format("Lepton state {}, {}/{} replicas ready, {} succeeded, {} failed",
                        JobStateName(status.state.value_or(JobState::kUnknown)),
                        Count(status.ready), Count(status.active), Count(status.succeeded),
                        Count(status.failed));
  if (status.state == JobState::kQueueing) {
    // Why it waits (NVIDIA-NeMo/Run #487: jobs on crowded clusters queue unseen): the
    // message of a FailedScheduling event since the job last queued or got room. [INF] Live
    // Lepton's events for a queued job are not documented; the reasons are Kubernetes' and the
    // fake's. One extra request, only while the job queues; a failure to read events leaves
    // the message out.
    auto events = client_.ListEvents(*job_id);
    if (events) {
      for (auto it = events->rbegin(); it != events->rend(); ++it) {
        std::string const reason = it->reason.value_or("");
        if (reason == "Queued" || reason == "Admitted") break;
        if (reason == "FailedScheduling" && it->message && !it->message->empty()) {
          out.msg += fmt::format("; waiting: {}", *it->message);
          break;
        }
      }
    }
  }
  if (job->metadata.labels) out.metadata = *job->metadata.labels;
  RoleStatus role;
  auto const& labels = job->metadata.labels;
  role.role = labels && labels->contains(kRoleLabel) ? labels->at(kRoleLabel)
                                                     : job->metadata.name.value_or(*job_id);
  // The current attempt's replicas; an archived job has only archived ones, possibly several
  // per index (one per attempt), of which the last listed is kept.
  bool const archived = status.state == JobState::kArchived || status.state == JobState::kDeleted;
  if (archived) replicas = client_.ListReplicas(*job_id, JobQueryMode::kAliveAndArchive);
  if (replicas) {
    std::map<int, std::size_t> last_by_index;
    for (std::size_t i = 0; i < replicas->size(); ++i) {
      last_by_index[ReplicaIndex(*job_id, ReplicaIdOf((*replicas)[i]))] = i;
    }
    std::vector<Replica> current;
    for (auto const& [index, at] : last_by_index) current.push_back((*replicas)[at]);
    *replicas = std::move(current);
    for (auto const& replica : *replicas) {
      ReplicaStatus r;
      r.id = ReplicaIndex(*job_id, ReplicaIdOf(replica));
      r.role = role.role;
      r.state = out.state;
      if (replica.status && replica.status->node) r.hostname = replica.status->node->name.value_or("");
      if (replica.status && replica.status->readiness_issue) {
        auto const& issue = *replica.status->readiness_issue;
        std::string const reason = issue.reason.value_or("");
        r.state = ReplicaStateOf(reason, out.state);
        if (reason != "Ready" && reason != "Completed" && (!reason.empty() || issue.message)) {
          r.structured_error_msg = lepton::internal::DumpJson(
              {{"reason", reason}, {"message", issue.message.value_or("")}});
        }
      }
      role.replicas.push_back(std::move(r));
    }
  } else if (replicas.status().code() != StatusCode::kNotFound) {
    out.msg += fmt::format("; replicas unavailable: {}", replicas.status().message());
  }
  out.roles_statuses.push_back(std::move(role));
  return std::optional<DescribeAppResponse>(std::move(out));
}

StatusOr<std::vector<ListAppResponse>> LeptonScheduler::List() {
  if (Status s = CheckSession(); !s.ok()) return s;
  ListJobsRequest request;
  request.mode = JobQueryMode::kAliveAndArchive;
  request.label_selector = fmt::format("{}={}", kSessionLabel, options_.session);
  auto jobs = client_.ListJobs(request);
  if (!jobs) return std::move(jobs).status();
  // Newest first; the server's own order is not documented (the CLI sorts by created_at itself).
  std::stable_sort(jobs->begin(), jobs->end(), [](Job const& a, Job const& b) {
    return a.metadata.created_at.value_or(0) > b.metadata.created_at.value_or(0);
  });
  std::vector<ListAppResponse> out;
  for (auto const& job : *jobs) {
    if (!job.metadata.id) continue;
    ListAppResponse app;
    app.app_id = *job.metadata.id;
    app.state = AppStateOf(job.status.value_or(JobStatus{}),
                           job.spec ? job.spec->completions : std::nullopt);
    app.app_handle = HandleOf(app.app_id);
    app.name = job.metadata.name.value_or("");
    out.push_back(std::move(app));
  }
  return out;
}

Status LeptonScheduler::Cancel(std::string const& app_id) {
  auto described = Describe(app_id);
  if (!described) return described.status();
  if (!*described || IsTerminal((*described)->state)) return Status();
  Status stopped = client_.StopJob((*described)->app_id);
  if (stopped.code() == StatusCode::kNotFound) return Status();  // Gone meanwhile.
  return stopped;
}

Status LeptonScheduler::Remove(std::string const& app_id, RemoveOptions const& options) {
  auto job_id = JobIdOf(app_id);
  if (!job_id) return job_id.status();
  if (options.staged_files) {
    // Files first: once the job is gone, nothing says where they are.
    auto job = client_.GetJob(*job_id, JobQueryMode::kAliveAndArchive);
    if (!job && job.status().code() != StatusCode::kNotFound) return std::move(job).status();
    if (job) {
      if (auto target = internal::StagedTargetOf(*job)) {
        if (Status checked = CheckStagedByLeptonkit(*target); !checked.ok()) return checked;
        if (Status removed = Stager(client_).Remove(*target); !removed.ok()) return removed;
      }
    }
  }
  // Archived jobs too: an alive-only DELETE of an archived job answers 404 and deletes nothing.
  Status deleted = client_.DeleteJob(*job_id, JobQueryMode::kAliveAndArchive);
  if (deleted.code() == StatusCode::kNotFound) return Status();
  return deleted;
}

StatusOr<AppState> LeptonScheduler::Wait(std::string const& app_id,
                                         std::optional<TimePoint> deadline) {
  Duration interval = options_.poll_initial;
  bool seen_unknown = false;
  TimePoint unknown_since{};
  bool last_look = false;
  for (;;) {
    auto described = Describe(app_id);
    if (!described) return described.status();
    if (!*described) {
      return Status(StatusCode::kNotFound, fmt::format("app '{}' no longer exists", app_id));
    }
    AppState const state = (*described)->state;
    if (IsTerminal(state)) return state;
    TimePoint const now = options_.clock->Now();
    // Lepton reports Unknown transiently while a job starts; one that lasts is a failure.
    if (state != AppState::kUnknown) {
      seen_unknown = false;
    } else if (!seen_unknown) {
      seen_unknown = true;
      unknown_since = now;
    } else if (now - unknown_since >= kUnknownStateGrace) {
      return AppState::kFailed;
    }
    if (last_look) {
      return Status(StatusCode::kDeadlineExceeded,
                    fmt::format("app '{}' is still {} at the deadline", app_id, AppStateName(state)));
    }
    if (deadline && now + interval >= *deadline) {
      // One more look at the deadline itself, so a job that ended meanwhile is not missed.
      if (now < *deadline) options_.sleeper(*deadline - now);
      last_look = true;
      continue;
    }
    options_.sleeper(interval);
    interval = std::min(interval * 2, options_.poll_max);
  }
}

StatusOr<std::optional<Replica>> LeptonScheduler::FindReplica(std::string const& job_id, int k) {
  // The current attempt's replica k; for a job with none alive (archived), the first archived
  // one listed, which the fake lists newest attempt first [INF].
  for (JobQueryMode mode : {JobQueryMode::kAliveOnly, JobQueryMode::kAliveAndArchive}) {
    auto replicas = client_.ListReplicas(job_id, mode);
    if (!replicas) {
      if (replicas.status().code() == StatusCode::kNotFound) return std::optional<Replica>();
      return std::move(replicas).status();
    }
    for (auto const& replica : *replicas) {
      if (ReplicaIndex(job_id, ReplicaIdOf(replica)) == k) return std::optional<Replica>(replica);
    }
  }
  return std::optional<Replica>();
}

StatusOr<std::vector<std::string>> LeptonScheduler::LogLines(std::string const& app_id, int k,
                                                             LogOptions const& options) {
  std::vector<std::string> lines;
  Status const streamed = StreamLog(app_id, k, options, [&](std::string_view line) {
    lines.push_back(std::string(line) + "\n");
    return true;
  });
  if (!streamed.ok()) return streamed;
  return lines;
}

Status LeptonScheduler::StreamLog(std::string const& app_id, int k, LogOptions const& options,
                                  LogLineSink const& sink) {
  auto job_id = JobIdOf(app_id);
  if (!job_id) return std::move(job_id).status();
  auto filter = LineFilter::Make(options.regex);
  if (!filter) return std::move(filter).status();
  auto past_deadline = [&] { return options.deadline && options_.clock->Now() >= *options.deadline; };
  auto deadline_passed = [&](std::string const& doing) {
    return Status(StatusCode::kDeadlineExceeded,
                  fmt::format("app '{}' replica {}: deadline passed while {}", app_id, k, doing));
  };
  // Sleeps the poll interval (or `at_least`, a server's Retry-After, when longer), or until the
  // deadline when that comes first.
  Duration interval = options_.poll_initial;
  auto pause = [&](Duration at_least = Duration::zero()) {
    Duration nap = std::max(interval, at_least);
    if (options.deadline) {
      nap = std::min(nap, std::max(Duration::zero(), *options.deadline - options_.clock->Now()));
    }
    options_.sleeper(nap);
    interval = std::min(interval * 2, options_.poll_max);
  };

  // Find replica k; when tailing, wait for it (bounded by the app reaching a terminal state).
  std::optional<Replica> replica;
  for (;;) {
    auto found = FindReplica(*job_id, k);
    if (!found) return std::move(found).status();
    replica = *std::move(found);
    if (replica) break;
    auto job = client_.GetJob(*job_id, JobQueryMode::kAliveAndArchive);
    if (!job) {
      if (job.status().code() == StatusCode::kNotFound) {
        return Status(StatusCode::kNotFound, fmt::format("app '{}' does not exist", app_id));
      }
      return std::move(job).status();
    }
    std::int64_t const width = job->spec ? job->spec->parallelism.value_or(1) : 1;
    if (k < 0 || k >= width) {
      // Never created, so never waited for.
      return Status(StatusCode::kNotFound, fmt::format("app '{}' has replicas 0 to {}, not {}",
                                                       app_id, width - 1, k));
    }
    JobStatus const status = job->status.value_or(JobStatus{});
    AppState const state = AppStateOf(status, job->spec ? job->spec->completions : std::nullopt);
    if (!options.should_tail || IsTerminal(state)) {
      return Status(StatusCode::kNotFound,
                    fmt::format("app '{}' has no replica {} (Lepton state {})", app_id, k,
                                JobStateName(status.state.value_or(JobState::kUnknown))));
    }
    std::string const waiting = fmt::format("waiting for the replica (Lepton state {})",
                                            JobStateName(status.state.value_or(JobState::kUnknown)));
    if (past_deadline()) return deadline_passed(waiting);
    if (options.on_wait) options.on_wait(waiting);
    pause();
  }

  if (options.since || options.until || !options.should_tail) {
    // The historical API: what has been written so far, oldest first, within the bounds,
    // page after page (the server returns at most 10,000 lines a query).
    LogQuery query;
    query.job_id = *job_id;
    query.replica_id = ReplicaIdOf(*replica);
    query.start = options.since;
    query.end = options.until;
    query.backward = false;
    query.limit = 10'000;
    std::size_t skip_at_start = 0;  // Lines at the page boundary's timestamp already read.
    for (;;) {
      auto page = client_.QueryLogs(query);
      if (!page) return std::move(page).status();
      std::size_t at_last = 0;
      for (std::size_t i = skip_at_start; i < page->size(); ++i) {
        std::string const& text = (*page)[i].text;
        if (filter->Keeps(text + "\n") && !sink(text)) return {};
      }
      if (page->size() < query.limit) return {};
      TimePoint const last = page->back().at;
      for (auto const& line : *page) at_last += line.at == last;
      // The next page starts at the last timestamp (the bound is inclusive) and begins with the
      // lines at that timestamp this page held, all read already: skip them. (Assumes the server
      // orders lines with one timestamp the same way each time.)
      skip_at_start = at_last;
      if (skip_at_start >= query.limit) {
        return Status(StatusCode::kOutOfRange,
                      fmt::format("more than {} log lines share one timestamp", query.limit));
      }
      query.start = last;
    }
  }
  // Follow the replica's stream, line by line, until the app is terminal or the replica
  // completed. A stream that ends early (a dropped connection, or a quiet stream timed out by
  // the client) is opened again and the lines already seen are skipped; a replica replaced by a
  // restart is followed from its first line.
  std::string followed = ReplicaIdOf(*replica);
  std::size_t seen = 0;
  enum class Stop { kNo, kBySink, kByDeadline } stop = Stop::kNo;
  auto read_from_seen = [&] {
    std::size_t index = 0;
    return client_.FollowReplicaLog(*job_id, followed, [&](std::string_view line) {
      if (index++ < seen) return true;
      seen = index;
      if (past_deadline()) {
        stop = Stop::kByDeadline;
        return false;
      }
      if (filter->Keeps(std::string(line) + "\n") && !sink(line)) {
        stop = Stop::kBySink;
        return false;
      }
      return true;
    });
  };
  // A read that failed transiently (a rate limit, a gateway, a dropped stream) is made again
  // after a pause, as long as the app runs, and a few times more for an ended app's last lines.
  auto const transient = [](Status const& s) { return IsTransientFailure(s); };
  auto const retry_after = [](Status const& s) {
    auto const seconds = s.error_info().retry_after_seconds;
    return seconds && *seconds > 0 ? Duration(std::chrono::seconds(*seconds)) : Duration::zero();
  };
  constexpr int kFinalReads = 3;
  for (;;) {
    if (past_deadline()) return deadline_passed("following the log");
    Status read = read_from_seen();
    if (stop == Stop::kByDeadline) return deadline_passed("following the log");
    if (stop == Stop::kBySink) return {};
    auto current = FindReplica(*job_id, k);
    if (!current) return std::move(current).status();
    if (*current && ReplicaIdOf(**current) != followed) {
      // Replaced by a restart (its old log may even answer 404): follow the new one.
      followed = ReplicaIdOf(**current);
      seen = 0;
      continue;
    }
    if (!read.ok() && !transient(read)) return read;
    auto described = Describe(app_id);
    if (!described) return described.status();
    if (!*described || IsTerminal((*described)->state)) {
      // The app ended; a stream that dropped meanwhile is read again for its last lines.
      for (int i = 0; i < kFinalReads && !read.ok() && transient(read) && stop == Stop::kNo; ++i) {
        read = read_from_seen();
      }
      if (stop == Stop::kByDeadline) return deadline_passed("following the log");
      if (stop == Stop::kBySink) return {};
      return read;
    }
    bool const completed = *current && (*current)->status &&
                           (*current)->status->readiness_issue &&
                           (*current)->status->readiness_issue->reason == "Completed";
    if (read.ok() && completed) return {};  // Its log is whole; other replicas may run on.
    pause(read.ok() ? Duration::zero() : retry_after(read));
  }
}

}  // namespace lepton::sched
