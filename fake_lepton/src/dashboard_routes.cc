// The control-plane calls the dashboard (/fake/ui/) reads, each answer bounded in size whatever
// the number of jobs (fake_lepton/README.md):
//   GET /fake/v1/job-table?offset=&limit=       one page of jobs (newest first) with the
//                                                total, counts per state, queue positions and
//                                                why each waiting job waits
//   GET /fake/v1/jobs/{id}                       a job with its events, replicas and place
//   GET /fake/v1/jobs/{id}/replicas/{rid}/log?tail=   the last lines of a replica's log
//   GET /fake/v1/node-occupancy                  every node of every group with the jobs
//                                                holding its GPUs (and how many replicas
//                                                hold none)
// Like the rest of /fake/v1 they take no token: the page never needs the workspace token.

#include <algorithm>
#include <limits>
#include <map>

#include <fmt/format.h>

#include "internal/json_codec.h"
#include "route_util.h"
#include "routes.h"

namespace lepton::fake {
namespace {

using internal::Json;

constexpr std::int64_t kDefaultPageSize = 50;
constexpr std::int64_t kMostPageSize = 500;
constexpr std::int64_t kDefaultTail = 200;
constexpr std::int64_t kMostTail = 2000;

// A job as one row of the jobs table: what a person scans, not the whole spec.
Json RowJson(World::WindowedJob const& entry) {
  Job const& job = entry.job;
  Json row = {{"id", job.metadata.id.value_or("")},
              {"name", job.metadata.name.value_or("")},
              {"archived", entry.archived},
              {"created_at_ms", job.metadata.created_at.value_or(0)}};
  JobState const state =
      job.status ? job.status->state.value_or(JobState::kUnknown) : JobState::kUnknown;
  row["state"] = std::string(JobStateName(state));
  // The replicas that run at once, as the fake places them: min(parallelism, completions).
  std::int64_t replicas = 1;
  if (job.spec) {
    replicas = std::min(job.spec->parallelism.value_or(1), job.spec->completions.value_or(1));
    if (job.spec->resource_shape) row["shape"] = *job.spec->resource_shape;
  }
  row["replicas"] = replicas;
  row["ready"] = job.status ? job.status->ready.value_or(0) : 0;
  row["attempts"] = job.status && job.status->job_history ? job.status->job_history->size() + 1 : 1;
  if (entry.queue_position) row["queue_position"] = *entry.queue_position;
  if (!entry.waiting_reason.empty()) row["waiting_reason"] = entry.waiting_reason;
  return row;
}

void JobTable(World& world, httplib::Request const& req, httplib::Response& res) {
  std::int64_t offset = 0;
  std::int64_t limit = kDefaultPageSize;
  if (req.has_param("offset")) {
    auto value = IntParam(req, "offset", 0, std::numeric_limits<int>::max(), res);
    if (!value) return;
    offset = *value;
  }
  if (req.has_param("limit")) {
    auto value = IntParam(req, "limit", 1, kMostPageSize, res);
    if (!value) return;
    limit = *value;
  }
  auto window = world.JobsWindow(static_cast<std::size_t>(offset), static_cast<std::size_t>(limit));
  Json rows = Json::array();
  for (auto const& entry : window.jobs) rows.push_back(RowJson(entry));
  Json states = Json::object();
  for (auto const& [state, count] : window.states) states[state.empty() ? "UNK" : state] = count;
  ReplyObject(res, {{"total", window.total},
                    {"offset", offset},
                    {"limit", limit},
                    {"states", std::move(states)},
                    {"jobs", std::move(rows)}});
}

void JobDetail(World& world, std::string const& job_id, httplib::Response& res) {
  auto job = world.GetJob(job_id, JobQueryMode::kAliveAndArchive);
  if (!job) return Reply(res, FromStatus(job.status()));
  auto events = world.ListEvents(job_id);
  auto replicas = world.ListReplicas(job_id, JobQueryMode::kAliveAndArchive);
  if (!events || !replicas) {
    return Reply(res, FromStatus(!events ? events.status() : replicas.status()));
  }
  Json out = {{"job", internal::ToJsonValue(*job)},
              {"events", internal::ToJsonValue(*events)},
              {"replicas", internal::ToJsonValue(*replicas)}};
  if (auto position = world.QueuePosition(job_id)) out["queue_position"] = *position;
  ReplyObject(res, out);
}

void ReplicaLogTail(World& world, httplib::Request const& req, httplib::Response& res) {
  std::int64_t tail = kDefaultTail;
  if (req.has_param("tail")) {
    auto value = IntParam(req, "tail", 1, kMostTail, res);
    if (!value) return;
    tail = *value;
  }
  auto log = world.ReadLog(req.matches[1], req.matches[2], 0);
  if (!log) return Reply(res, FromStatus(log.status()));
  std::size_t const total = log->lines.size();
  std::size_t const first = total > static_cast<std::size_t>(tail) ? total - tail : 0;
  Json lines = Json::array();
  for (std::size_t i = first; i < total; ++i) lines.push_back(log->lines[i]);
  ReplyObject(res, {{"total_lines", total},
                    {"first_line", first},
                    {"ended", log->ended},
                    {"lines", std::move(lines)}});
}

// Every node with its GPUs and the replicas holding them, named by job: what the grid draws.
// Replicas that hold no GPU are only counted, so the answer grows with the GPUs, not the jobs.
void NodeOccupancy(World& world, httplib::Response& res) {
  std::map<std::string, std::string> names;  // Job id -> name, looked up once per job.
  Json groups = Json::array();
  for (auto const& group : world.NodeGroups()) {
    std::string const group_id = group.metadata.id.value_or("");
    auto nodes = world.Nodes(group_id, /*idle_only=*/false);
    if (!nodes) continue;  // Replaced since NodeGroups() answered.
    Json node_rows = Json::array();
    for (auto const& node : *nodes) {
      auto const* gpu = node.spec.resource && node.spec.resource->gpu ? &*node.spec.resource->gpu
                                                                       : nullptr;
      Json holders = Json::array();
      std::size_t without_gpus = 0;
      if (node.status && node.status->workloads) {
        for (auto const& workload : *node.status->workloads) {
          if (workload.gpu_count.value_or(0) <= 0) {
            ++without_gpus;
            continue;
          }
          std::string const job_id = workload.id.value_or("");
          auto [it, inserted] = names.try_emplace(job_id);
          if (inserted) {
            auto job = world.PeekJob(job_id);
            it->second = job ? job->metadata.name.value_or("") : "";
          }
          holders.push_back({{"job_id", job_id},
                             {"job_name", it->second},
                             {"replica_id", workload.replica_id.value_or("")},
                             {"gpus", workload.gpu_count.value_or(0)}});
        }
      }
      bool const ready = node.status && node.status->status &&
                         std::ranges::find(*node.status->status, "Ready") !=
                             node.status->status->end();
      node_rows.push_back({{"id", node.metadata.id.value_or("")},
                           {"ready", ready},
                           {"unschedulable", node.spec.unschedulable},
                           {"gpu_product", gpu && gpu->product ? *gpu->product : ""},
                           {"gpus", gpu ? gpu->total.value_or(0) : 0},
                           {"gpus_allocated", gpu ? gpu->allocated.value_or(0) : 0},
                           {"holders", std::move(holders)},
                           {"replicas_without_gpus", without_gpus}});
    }
    groups.push_back({{"id", group_id},
                      {"name", group.metadata.name.value_or("")},
                      {"nodes", std::move(node_rows)}});
  }
  ReplyObject(res, {{"node_groups", std::move(groups)}});
}

}  // namespace

void InstallDashboardControlRoutes(httplib::Server& server, RouteContext const& ctx) {
  World& world = ctx.world;
  server.Get("/fake/v1/job-table", [&world](httplib::Request const& req, httplib::Response& res) {
    JobTable(world, req, res);
  });
  server.Get(R"(/fake/v1/jobs/([^/]+))",
             [&world](httplib::Request const& req, httplib::Response& res) {
               JobDetail(world, req.matches[1], res);
             });
  server.Get(R"(/fake/v1/jobs/([^/]+)/replicas/([^/]+)/log)",
             [&world](httplib::Request const& req, httplib::Response& res) {
               ReplicaLogTail(world, req, res);
             });
  server.Get("/fake/v1/node-occupancy", [&world](httplib::Request const&, httplib::Response& res) {
    NodeOccupancy(world, res);
  });
}

}  // namespace lepton::fake
