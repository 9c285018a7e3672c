// Workspace-level routes: historical logs, node groups and nodes, shapes, workspace info and
// user secrets.

#include <cmath>
#include <limits>
#include <map>

#include <fmt/format.h>

#include "route_util.h"
#include "routes.h"

namespace lepton::fake {
namespace {

using internal::Json;

// A NodeReservation as the SDK reads it (types/node_reservation.py): created_at in ms, the
// time rule in seconds, the display name in metadata.name.
Json ReservationJson(World& world, FakeReservation const& r) {
  Json time_rule = Json::object();
  if (r.start != 0) time_rule["start_timestamp"] = r.start;
  if (r.end != 0) time_rule["end_timestamp"] = r.end;
  auto const nodes = static_cast<std::int64_t>(r.node_ids.size());
  return {{"metadata", {{"id", r.id}, {"name", r.name}, {"created_at", 0}}},
          {"spec",
           {{"desired_nodes", nodes}, {"approved_nodes", nodes}, {"time_rule", time_rule}}},
          {"status",
           {{"phase", world.ReservationPhase(r)},
            {"reserved_count", nodes},
            {"reserved_nodes", r.node_ids}}}};
}


constexpr std::int64_t kMaxLogLimit = 10'000;

std::optional<TimePoint> NanosParam(httplib::Request const& req, char const* name,
                                    httplib::Response& res, bool& failed) {
  if (!req.has_param(name)) return std::nullopt;
  auto value = IntParam(req, name, 0, std::numeric_limits<std::int64_t>::max(), res);
  if (!value) {
    failed = true;
    return std::nullopt;
  }
  // The server treats 0 as omitted (the newer SDK refuses to send it for that reason).
  if (*value == 0) return std::nullopt;
  return TimePoint(std::chrono::duration_cast<Duration>(std::chrono::nanoseconds(*value)));
}

// `GET /logs`: the Loki-shaped answer `{"data":{"result":[{"stream":{...},"values":[[ns, line]]}]}}`
// with one stream per replica.
void QueryLogs(World& world, httplib::Request const& req, httplib::Response& res) {
  if (req.has_param("deployment") && !req.has_param("job")) {
    // The fake has no deployments: the selector is valid and matches nothing.
    res.set_content(R"({"status":"success","data":{"resultType":"streams","result":[]}})",
                    kJsonContentType);
    return;
  }
  if (!req.has_param("job")) {
    return Reply(res, BadRequest("one of job or deployment is required"));
  }
  World::LogQuery query;
  query.job_id = req.get_param_value("job");
  if (req.has_param("replica")) query.replica_id = req.get_param_value("replica");
  bool failed = false;
  query.start = NanosParam(req, "start", res, failed);
  if (failed) return;
  query.end = NanosParam(req, "end", res, failed);
  if (failed) return;
  if (query.start && query.end && *query.start > *query.end) {
    // Loki refuses a range that ends before it starts; start == end is an empty range.
    return Reply(res, BadRequest(fmt::format("start ({}) must not be after end ({})",
                                             req.get_param_value("start"),
                                             req.get_param_value("end"))));
  }
  if (req.has_param("limit")) {
    auto limit = IntParam(req, "limit", 1, kMaxLogLimit, res);
    if (!limit) return;
    query.limit = static_cast<std::size_t>(*limit);
  }
  if (req.has_param("direction")) {
    std::string const direction = req.get_param_value("direction");
    if (direction != "forward" && direction != "backward") {
      return Reply(res, BadRequest(fmt::format(
                            "direction must be forward or backward, got '{}'", direction)));
    }
    query.backward = direction == "backward";
  }
  query.contains = req.get_param_value("q");
  auto lines = world.QueryLogs(query);
  if (!lines) return Reply(res, FromStatus(lines.status()));
  std::map<std::string, Json> streams;
  std::vector<std::string> order;
  for (auto const& line : *lines) {
    auto [it, inserted] = streams.try_emplace(line.replica_id, Json::array());
    if (inserted) order.push_back(line.replica_id);
    auto const ns = std::chrono::duration_cast<std::chrono::nanoseconds>(line.at.time_since_epoch());
    it->second.push_back(Json::array({std::to_string(ns.count()), line.text}));
  }
  Json result = Json::array();
  for (auto const& replica : order) {
    result.push_back({{"stream", {{"job", query.job_id}, {"replica", replica}}},
                      {"values", std::move(streams[replica])}});
  }
  Json body = {{"status", "success"},
               {"data", {{"resultType", "streams"}, {"result", std::move(result)}}}};
  res.set_content(internal::DumpJson(body), kJsonContentType);
}

// `supported_shapes` follows the shapes the workspace has now (FakeLepton::SetCluster and
// PUT /fake/v1/cluster replace them). Each value is the SDK's workspace ResourceShape: memory
// in MiB as `memory` (the 0.27 release's name) and as `memory_in_mb` (the newer SDK's); which
// of the two a real server sends is not known [INF], so both go out.
std::map<std::string, WorkspaceShape> SupportedShapes(World& world) {
  std::map<std::string, WorkspaceShape> out;
  for (Shape const& shape : world.Shapes(std::nullopt)) {
    if (!shape.spec || !shape.metadata.name) continue;
    ShapeSpec const& spec = *shape.spec;
    WorkspaceShape& entry = out[*shape.metadata.name];
    entry.description = spec.description;
    entry.cpu = spec.cpu;
    entry.memory = spec.memory_in_mb;
    entry.memory_in_mb = spec.memory_in_mb;
    entry.accelerator_type = spec.accelerator_type;
    if (spec.accelerator_num) entry.accelerator_num = static_cast<double>(*spec.accelerator_num);
    // [INF] Whole accelerators: the fake has no fractional shapes.
    if (spec.accelerator_num.value_or(0) > 0) entry.accelerator_fraction = 1.0;
  }
  return out;
}

ResourceAmount Amount(double cpus, double memory_mib, double gpus) {
  ResourceAmount amount;
  amount.cpu = cpus;
  amount.memory = std::llround(memory_mib);  // The SDK's model takes an integer.
  amount.accelerator_num = gpus;
  return amount;
}

WorkspaceInfo Info(World& world, SecretStore const& secrets, FakeLeptonOptions const& options) {
  World::Stats const stats = world.stats();
  WorkspaceInfo info;
  info.build_time = "2026-01-01T00:00:00Z";
  info.git_commit = "0.26.0";
  info.workspace_name = options.workspace_id;
  info.workspace_tier = "enterprise";
  info.workspace_state = "normal";
  info.supported_shapes = SupportedShapes(world);
  info.workspace_disk_usage_bytes = 0;
  auto& workloads = info.workloads.emplace();
  workloads.num_photons = 0;  // Required by the SDK's 0.27 release; the fake has no photons.
  workloads.num_deployments = 0;
  workloads.num_jobs = static_cast<std::int64_t>(stats.jobs);
  workloads.num_pods = static_cast<std::int64_t>(stats.replicas);
  workloads.num_secrets = static_cast<std::int64_t>(secrets.size());
  workloads.num_image_pull_secrets = 0;
  auto const& usage = stats.usage;
  auto& quota = info.resource_quota.emplace();
  quota.limit = Amount(usage.cpus_total, usage.memory_mib_total, usage.gpus_total);
  quota.used = Amount(usage.cpus_used, usage.memory_mib_used, usage.gpus_used);
  // Required by the SDK's 0.27 release: the fake has no key-value stores or queues.
  auto& service = info.service_quota.emplace();
  service.limit = ServiceAmount{.kv_store_num = 0, .queue_num = 0, .unknown_fields = {}};
  service.used = service.limit;
  return info;
}

}  // namespace

void InstallWorkspaceRoutes(httplib::Server& server, RouteContext const& ctx) {
  WorkspaceRoutes routes(server, ctx);
  std::string const ws = R"(/api/v2/workspaces/[^/]+)";
  World& world = ctx.world;
  SecretStore& secrets = ctx.secrets;

  routes.Get(ws + "/logs", [&world](httplib::Request const& req, httplib::Response& res) {
    QueryLogs(world, req, res);
  });

  routes.Get(ws + "/dedicated-node-groups",
             [&world](httplib::Request const&, httplib::Response& res) {
               ReplyJson(res, world.NodeGroups());
             });
  routes.Get(ws + R"(/dedicated-node-groups/([^/]+))",
             [&world](httplib::Request const& req, httplib::Response& res) {
               ReplyJson(res, world.GetNodeGroup(req.matches[1]));
             });
  routes.Get(ws + R"(/dedicated-node-groups/([^/]+)/nodes)",
             [&world](httplib::Request const& req, httplib::Response& res) {
               bool const idle = req.get_param_value("idle") == "true";
               ReplyJson(res, world.Nodes(req.matches[1], idle));
             });

  routes.Get(ws + R"(/dedicated-node-groups/([^/]+)/reservations)",
             [&world](httplib::Request const& req, httplib::Response& res) {
               auto reservations = world.Reservations(req.matches[1]);
               if (!reservations) return Reply(res, FromStatus(reservations.status()));
               Json out = Json::array();
               for (auto const& r : *reservations) out.push_back(ReservationJson(world, r));
               ReplyObject(res, out);
             });

  routes.Get(ws + "/shapes", [&world](httplib::Request const& req, httplib::Response& res) {
    std::optional<std::string> group;
    if (req.has_param("node_groups")) group = req.get_param_value("node_groups");
    ReplyJson(res, world.Shapes(group));
  });

  routes.Get(ws + "/workspace", [ctx](httplib::Request const&, httplib::Response& res) {
    ReplyJson(res, Info(ctx.world, ctx.secrets, ctx.options));
  });

  routes.Get(ws + "/usersecrets", [&secrets](httplib::Request const&, httplib::Response& res) {
    ReplyJson(res, secrets.List());
  });
  routes.Post(ws + "/usersecrets", [&secrets](httplib::Request const& req,
                                              httplib::Response& res) {
    // The body is a JSON array of {name, value, visibility} (SDK leptonai/api/v2/secret.py).
    auto body = Body<std::vector<Secret>>(req, res);
    if (!body) return;
    ReplyStatus(res, secrets.Add(*body));
  });
  routes.Delete(ws + R"(/usersecrets/([^/]+))",
                [&secrets](httplib::Request const& req, httplib::Response& res) {
                  ReplyStatus(res, secrets.Remove(req.matches[1]));
                });
}

}  // namespace lepton::fake
