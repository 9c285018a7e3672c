// status, list, cancel, delete.

#include <nlohmann/json.hpp>

#include <fmt/format.h>

#include "lepton/sched/app_state.h"
#include "lepton/wire_codec.h"
#include "leptonctl/exit_codes.h"
#include "leptonctl/output.h"
#include "leptonctl/queue_position.h"
#include "leptonctl/verbs.h"

namespace lepton::ctl {
namespace {

// The job as the workspace has it, archived or not; kNotFound (with the id) when it has none.
StatusOr<Job> Find(Context& ctx, std::string const& job) {
  auto id = sched::JobIdOf(job);
  if (!id) return std::move(id).status();
  auto found = ctx.client().GetJob(*id, JobQueryMode::kAliveAndArchive);
  if (!found && found.status().code() == StatusCode::kNotFound) {
    return lepton::Status(StatusCode::kNotFound, fmt::format("no job '{}' in this workspace", *id));
  }
  return found;
}

std::string Age(Context& ctx, std::optional<std::int64_t> created_ms) {
  if (!created_ms) return "-";
  double const now_ms = static_cast<double>(ToEpochMillis(ctx.clock().Now()));
  return FormatDuration(std::max(0.0, (now_ms - static_cast<double>(*created_ms)) / 1000.0));
}

}  // namespace

int RunStatus(Context& ctx, std::string const& job) {
  auto found = Find(ctx, job);
  if (!found) return Fail("status", found.status());
  auto described = ctx.scheduler().Describe(*found->metadata.id);
  if (!described) return Fail("status", described.status());
  if (!described->has_value()) return Fail("status", lepton::Status(StatusCode::kNotFound, "the job is gone"));
  auto const& d = **described;
  std::optional<int> const position = QueuePositionOf(ctx.client(), *found);
  if (ctx.json()) {
    nlohmann::json replicas = nlohmann::json::array();
    for (auto const& role : d.roles_statuses) {
      for (auto const& r : role.replicas) {
        nlohmann::json replica = {{"rank", r.id}, {"state", std::string(sched::AppStateName(r.state))},
                                  {"node", r.hostname}};
        if (r.structured_error_msg != "<NONE>") replica["error"] = r.structured_error_msg;
        replicas.push_back(std::move(replica));
      }
    }
    nlohmann::json out = {{"id", d.app_id},
                          {"name", found->metadata.name.value_or("")},
                          {"state", std::string(sched::AppStateName(d.state))},
                          {"lepton_state", std::string(JobStateName(found->status->state.value_or(JobState::kUnknown)))},
                          {"num_restarts", d.num_restarts},
                          {"message", d.msg},
                          {"replicas", replicas}};
    if (position) out["queue_position"] = *position;
    fmt::print("{}\n", out.dump());
    return kExitOk;
  }
  Table summary({"job", d.app_id});
  summary.Add({"name", found->metadata.name.value_or("")});
  summary.Add({"state", std::string(sched::AppStateName(d.state))});
  summary.Add({"detail", d.msg});
  if (position) summary.Add({"queue position", std::to_string(*position)});
  summary.Add({"restarts", std::to_string(d.num_restarts)});
  summary.Add({"age", Age(ctx, found->metadata.created_at)});
  summary.Print();
  Table replicas({"RANK", "STATE", "NODE", "ERROR"});
  int count = 0;
  for (auto const& role : d.roles_statuses) {
    for (auto const& r : role.replicas) {
      replicas.Add({std::to_string(r.id), std::string(sched::AppStateName(r.state)),
                    r.hostname.empty() ? "-" : r.hostname,
                    r.structured_error_msg == "<NONE>" ? "" : r.structured_error_msg});
      ++count;
    }
  }
  if (count > 0) {
    fmt::print("\n");
    replicas.Print();
  }
  return kExitOk;
}

int RunList(Context& ctx, ListOptions const& options) {
  ListJobsRequest request;
  request.mode = options.archived ? JobQueryMode::kAliveAndArchive : JobQueryMode::kAliveOnly;
  if (!options.name.empty()) request.name_contains = options.name;
  if (!options.label.empty()) request.label_selector = options.label;
  request.states = options.states;
  if (!options.node_group.empty()) request.node_groups = {options.node_group};
  auto jobs = ctx.client().ListJobs(request);
  if (!jobs) return Fail("list", jobs.status());
  if (ctx.json()) {
    std::string out = "[";
    for (std::size_t i = 0; i < jobs->size(); ++i) out += (i ? "," : "") + ToJson((*jobs)[i]);
    fmt::print("{}]\n", out);
    return kExitOk;
  }
  Table table({"ID", "NAME", "STATE", "READY", "AGE"});
  for (auto const& job : *jobs) {
    JobStatus const status = job.status.value_or(JobStatus{});
    std::int64_t const width = job.spec ? job.spec->parallelism.value_or(1) : 1;
    table.Add({job.metadata.id.value_or(""), job.metadata.name.value_or(""),
               std::string(JobStateName(status.state.value_or(JobState::kUnknown))),
               fmt::format("{}/{}", status.ready.value_or(0), width),
               Age(ctx, job.metadata.created_at)});
  }
  table.Print();
  if (jobs->empty()) fmt::print(stderr, "no jobs match\n");
  return kExitOk;
}

namespace {

// Cancel and delete: find the job (404 is an error here, unlike the scheduler's idempotent
// calls), act, report `done` in the JSON under `key` or as the human sentence.
int ActOnJob(Context& ctx, std::string const& job, char const* verb, char const* key,
             lepton::Status (sched::LeptonScheduler::*act)(std::string const&),
             char const* human) {
  auto found = Find(ctx, job);
  if (!found) return Fail(verb, found.status());
  std::string const& id = *found->metadata.id;
  if (auto st = (ctx.scheduler().*act)(id); !st.ok()) return Fail(verb, st);
  if (ctx.json()) {
    fmt::print("{}\n", nlohmann::json{{"id", id}, {key, true}}.dump());
  } else {
    fmt::print(fmt::runtime(human), id);
  }
  return kExitOk;
}

}  // namespace

int RunCancel(Context& ctx, std::string const& job) {
  return ActOnJob(ctx, job, "cancel", "stopped", &sched::LeptonScheduler::Cancel,
                  "stopped {} (kept with its logs; `leptonctl delete` removes it)\n");
}

int RunDelete(Context& ctx, std::string const& job) {
  return ActOnJob(ctx, job, "delete", "deleted", &sched::LeptonScheduler::Remove, "deleted {}\n");
}

}  // namespace lepton::ctl
