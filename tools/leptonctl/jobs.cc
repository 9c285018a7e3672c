// status, list, cancel, delete.

#include <functional>

#include <nlohmann/json.hpp>

#include <fmt/format.h>

#include "lepton/sched/app_state.h"
#include "lepton/wire_codec.h"
#include "leptonctl/exit_codes.h"
#include "leptonctl/job_lookup.h"
#include "leptonctl/output.h"
#include "leptonctl/queue_position.h"
#include "leptonctl/verbs.h"

namespace lepton::ctl {
namespace {

// The job a verb's argument names (an id or a lepton:// handle). A malformed handle is the
// caller's mistake (kExitUsage, reported here); other failures come back for Fail.
struct Lookup {
  StatusOr<Job> job;
  int usage_exit = 0;  // Non-zero when the argument itself was wrong (already reported).
};

Lookup Find(Context& ctx, char const* verb, std::string const& job) {
  auto id = sched::JobIdOf(job);
  if (!id) return {id.status(), UsageError(verb, id.status().message())};
  return {FindJob(ctx, *id), 0};
}

std::string Age(Context& ctx, std::optional<std::int64_t> created_ms) {
  if (!created_ms) return "-";
  double const now_ms = static_cast<double>(ToEpochMillis(ctx.clock().Now()));
  return FormatDuration(std::max(0.0, (now_ms - static_cast<double>(*created_ms)) / 1000.0));
}

}  // namespace

int RunStatus(Context& ctx, std::string const& job) {
  auto lookup = Find(ctx, "status", job);
  if (lookup.usage_exit != 0) return lookup.usage_exit;
  auto& found = lookup.job;
  if (!found) return Fail(ctx, "status", found.status());
  auto described = ctx.scheduler().Describe(*found->metadata.id);
  if (!described) return Fail(ctx, "status", described.status());
  if (!described->has_value()) {
    return Fail("status", lepton::Status(StatusCode::kNotFound,
                                         fmt::format("job '{}' was deleted meanwhile", *found->metadata.id)));
  }
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
    PrintJson(out);
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
  if (!jobs) return Fail(ctx, "list", jobs.status());
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
// calls) and act. `done` is the JSON key and the past tense; a job that already ended is not
// stopped again and is reported as such (its state kept).
int ActOnJob(Context& ctx, std::string const& job, char const* verb, char const* done,
             std::function<lepton::Status(std::string const& id)> const& act,
             char const* human_suffix, bool skip_ended) {
  auto lookup = Find(ctx, verb, job);
  if (lookup.usage_exit != 0) return lookup.usage_exit;
  auto& found = lookup.job;
  if (!found) return Fail(ctx, verb, found.status());
  std::string const& id = *found->metadata.id;
  JobStatus const status = found->status.value_or(JobStatus{});
  sched::AppState const state =
      sched::AppStateOf(status, found->spec ? found->spec->completions : std::nullopt);
  if (skip_ended && sched::IsTerminal(state)) {
    std::string const name(sched::AppStateName(state));
    if (ctx.json()) {
      PrintJson(nlohmann::json{{"id", id}, {done, false}, {"state", name}});
    } else {
      fmt::print("{} already ended {} (Lepton state {}); nothing to {}\n", id, name,
                 JobStateName(status.state.value_or(JobState::kUnknown)), verb);
    }
    return kExitOk;
  }
  if (auto st = act(id); !st.ok()) return Fail(ctx, verb, st);
  if (ctx.json()) {
    PrintJson(nlohmann::json{{"id", id}, {done, true}});
  } else {
    fmt::print("{} {}{}\n", done, id, human_suffix);
  }
  return kExitOk;
}

}  // namespace

int RunCancel(Context& ctx, std::string const& job) {
  return ActOnJob(ctx, job, "cancel", "stopped",
                  [&ctx](std::string const& id) { return ctx.scheduler().Cancel(id); },
                  " (kept with its logs; `leptonctl delete` removes it)", /*skip_ended=*/true);
}

int RunDelete(Context& ctx, std::string const& job, bool staged_files) {
  sched::RemoveOptions options;
  options.staged_files = staged_files;
  return ActOnJob(
      ctx, job, "delete", "deleted",
      [&ctx, &options](std::string const& id) { return ctx.scheduler().Remove(id, options); },
      staged_files ? " and its staged files" : "", /*skip_ended=*/false);
}

}  // namespace lepton::ctl
