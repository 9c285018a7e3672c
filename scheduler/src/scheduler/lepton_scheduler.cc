#include "lepton/sched/lepton_scheduler.h"

#include <algorithm>
#include <map>
#include <regex>
#include <sstream>

#include <fmt/format.h>

#include "internal/json_codec.h"
#include "lepton/sched/job_name.h"
#include "lepton/wire_codec.h"
#include "scheduler/job_builder.h"

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

// A replica's state from its readiness reason (lepton-api.md §5.3: Ready, Starting, InProgress,
// Completed, Failed, Deleted, Terminated); the app's state when it says nothing known.
AppState ReplicaStateOf(std::string const& reason, AppState app) {
  if (reason == "Ready") return IsTerminal(app) ? app : AppState::kRunning;
  if (reason == "Starting" || reason == "InProgress") return AppState::kPending;
  if (reason == "Completed") return AppState::kSucceeded;
  if (reason == "Failed") return AppState::kFailed;
  if (reason == "Deleted" || reason == "Terminated") return AppState::kCancelled;
  return app;
}

std::optional<TimePoint> CreatedAt(Job const& job) {
  if (!job.metadata.created_at) return std::nullopt;
  return FromEpochMillis(*job.metadata.created_at);
}

std::vector<std::string> SplitLines(std::string const& text) {
  std::vector<std::string> lines;
  std::size_t start = 0;
  while (start < text.size()) {
    auto const end = text.find('\n', start);
    if (end == std::string::npos) {
      lines.push_back(text.substr(start) + "\n");
      break;
    }
    lines.push_back(text.substr(start, end - start + 1));
    start = end + 1;
  }
  return lines;
}

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
  if (id.empty() || id.find('/') != std::string_view::npos) {
    return Status(StatusCode::kInvalidArgument,
                  fmt::format("'{}' names no job id", app_id_or_handle));
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

Status LeptonScheduler::CheckShape(std::string const& shape, std::string const& node_group_id) {
  auto shapes = client_.ListShapes(node_group_id.empty() ? std::nullopt
                                                         : std::optional<std::string>(node_group_id));
  if (!shapes) return shapes.status();
  std::vector<std::string> names;
  for (auto const& s : *shapes) {
    if (s.metadata.name == shape) return Status();
    names.push_back(s.metadata.name.value_or("?"));
  }
  return Status(StatusCode::kInvalidArgument,
                fmt::format("resource shape '{}' is not offered{}; available: {}", shape,
                            node_group_id.empty() ? "" : " in node group " + node_group_id,
                            fmt::join(names, ", ")));
}

StatusOr<DryRunInfo> LeptonScheduler::SubmitDryRun(AppDef const& app,
                                                   LeptonExecutorConfig const& cfg) {
  if (Status s = Validate(app, cfg); !s.ok()) return s;
  internal::JobIdentity identity;
  identity.job_name = MakeJobName(app.name, NewSuffix());
  identity.session = options_.session;
  identity.create_token = NewSuffix() + NewSuffix() + NewSuffix();
  if (!cfg.node_group.empty()) {
    auto id = ResolveNodeGroup(cfg.node_group);
    if (!id) return std::move(id).status();
    identity.node_group_id = *id;
  }
  Role const& role = app.roles.front();
  std::string const shape = role.resource_shape.empty() ? cfg.resource_shape : role.resource_shape;
  if (Status s = CheckShape(shape, identity.node_group_id); !s.ok()) return s;
  DryRunInfo info;
  info.job = internal::BuildJob(app, cfg, identity);
  info.json = ToJson(info.job);
  return info;
}

StatusOr<std::string> LeptonScheduler::Schedule(DryRunInfo const& info) {
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
  auto job = client_.GetJob(*job_id, JobQueryMode::kAliveAndArchive);
  if (!job) {
    if (job.status().code() == StatusCode::kNotFound) return std::optional<DescribeAppResponse>();
    return std::move(job).status();
  }
  JobStatus const status = job->status.value_or(JobStatus{});
  DescribeAppResponse out;
  out.app_id = *job_id;
  out.state = AppStateOf(status, options_.clock->Now(), CreatedAt(*job));
  out.num_restarts = RestartCount(status);
  out.msg = fmt::format("Lepton state {}, {}/{} replicas ready, {} succeeded, {} failed",
                        JobStateName(status.state.value_or(JobState::kUnknown)),
                        Count(status.ready), Count(status.active), Count(status.succeeded),
                        Count(status.failed));
  if (job->metadata.labels) out.metadata = *job->metadata.labels;
  RoleStatus role;
  auto const& labels = job->metadata.labels;
  role.role = labels && labels->contains(kRoleLabel) ? labels->at(kRoleLabel)
                                                     : job->metadata.name.value_or(*job_id);
  // The current attempt's replicas; an archived job has only archived ones, possibly several
  // per index (one per attempt), of which the last listed is kept.
  bool const archived = status.state == JobState::kArchived || status.state == JobState::kDeleted;
  auto replicas = client_.ListReplicas(
      *job_id, archived ? JobQueryMode::kAliveAndArchive : JobQueryMode::kAliveOnly);
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
  ListJobsRequest request;
  request.mode = JobQueryMode::kAliveAndArchive;
  request.label_selector = fmt::format("{}={}", kSessionLabel, MakeJobName(options_.session, ""));
  auto jobs = client_.ListJobs(request);
  if (!jobs) return std::move(jobs).status();
  std::vector<ListAppResponse> out;
  TimePoint const now = options_.clock->Now();
  for (auto const& job : *jobs) {
    if (!job.metadata.id) continue;
    ListAppResponse app;
    app.app_id = *job.metadata.id;
    app.state = AppStateOf(job.status.value_or(JobStatus{}), now, CreatedAt(job));
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

Status LeptonScheduler::Remove(std::string const& app_id) {
  auto job_id = JobIdOf(app_id);
  if (!job_id) return job_id.status();
  Status deleted = client_.DeleteJob(*job_id, JobQueryMode::kAliveOnly);
  if (deleted.code() == StatusCode::kNotFound) return Status();
  return deleted;
}

StatusOr<AppState> LeptonScheduler::Wait(std::string const& app_id,
                                         std::optional<TimePoint> deadline) {
  Duration interval = options_.poll_initial;
  for (;;) {
    auto described = Describe(app_id);
    if (!described) return described.status();
    if (!*described) {
      return Status(StatusCode::kNotFound, fmt::format("app '{}' no longer exists", app_id));
    }
    AppState const state = (*described)->state;
    if (IsTerminal(state)) return state;
    TimePoint const now = options_.clock->Now();
    if (deadline && now + interval > *deadline) {
      if (now < *deadline) options_.sleeper(*deadline - now);
      return Status(StatusCode::kDeadlineExceeded,
                    fmt::format("app '{}' is still {} at the deadline", app_id, AppStateName(state)));
    }
    options_.sleeper(interval);
    interval = std::min(interval * 2, options_.poll_max);
  }
}

StatusOr<std::vector<std::string>> LeptonScheduler::LogLines(std::string const& app_id, int k,
                                                             LogOptions const& options) {
  auto job_id = JobIdOf(app_id);
  if (!job_id) return std::move(job_id).status();
  std::optional<std::regex> pattern;
  if (!options.regex.empty()) {
    try {
      pattern.emplace(options.regex);
    } catch (std::regex_error const& e) {
      return Status(StatusCode::kInvalidArgument,
                    fmt::format("log regex '{}': {}", options.regex, e.what()));
    }
  }
  auto keep = [&](std::string const& line) {
    return !pattern || std::regex_search(line, *pattern);
  };

  // Find replica k; when tailing, wait for it (bounded by the app reaching a terminal state).
  std::string replica_id;
  Duration interval = options_.poll_initial;
  for (;;) {
    auto replicas = client_.ListReplicas(*job_id, JobQueryMode::kAliveAndArchive);
    if (!replicas && replicas.status().code() != StatusCode::kNotFound) return replicas.status();
    if (replicas) {
      for (auto const& replica : *replicas) {
        if (ReplicaIndex(*job_id, ReplicaIdOf(replica)) == k) replica_id = ReplicaIdOf(replica);
      }
    }
    if (!replica_id.empty()) break;
    auto described = Describe(app_id);
    if (!described) return described.status();
    if (!*described) return Status(StatusCode::kNotFound, fmt::format("app '{}' does not exist", app_id));
    if (!options.should_tail || IsTerminal((*described)->state)) {
      return Status(StatusCode::kNotFound,
                    fmt::format("app '{}' has no replica {} ({})", app_id, k, (*described)->msg));
    }
    options_.sleeper(interval);
    interval = std::min(interval * 2, options_.poll_max);
  }

  std::vector<std::string> lines;
  if (options.since || options.until || !options.should_tail) {
    // The historical API: what has been written so far, oldest first, within the bounds.
    LogQuery query;
    query.job_id = *job_id;
    query.replica_id = replica_id;
    query.start = options.since;
    query.end = options.until;
    query.backward = false;
    query.limit = 10'000;
    auto history = client_.QueryLogs(query);
    if (!history) return std::move(history).status();
    for (auto const& line : *history) {
      std::string text = line.text + "\n";
      if (keep(text)) lines.push_back(std::move(text));
    }
    return lines;
  }
  // Follow the replica's stream until the app is terminal; a stream that ends early (a dropped
  // connection, the replica restarted) is read again and only the new lines are kept.
  std::size_t seen = 0;
  for (;;) {
    auto text = client_.ReadReplicaLog(*job_id, replica_id);
    if (text) {
      std::vector<std::string> all = SplitLines(*text);
      for (std::size_t i = seen; i < all.size(); ++i) {
        if (keep(all[i])) lines.push_back(all[i]);
      }
      seen = std::max(seen, all.size());
    }
    auto described = Describe(app_id);
    if (!described) return described.status();
    if (!*described || IsTerminal((*described)->state)) return lines;
    if (!text && text.status().code() != StatusCode::kUnavailable &&
        text.status().code() != StatusCode::kDeadlineExceeded) {
      return std::move(text).status();
    }
    options_.sleeper(interval);
    interval = std::min(interval * 2, options_.poll_max);
  }
}

}  // namespace lepton::sched
