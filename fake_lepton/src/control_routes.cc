// The control plane only the fake understands, under /fake/v1 on the same port
// (docs/architecture.md, "The fake's layers"): reset, clock, plans, jobs inspection, forced states,
// node groups. Nothing of it exists under the workspace API path.

#include <chrono>

#include <fmt/format.h>

#include "internal/json_codec.h"
#include "route_util.h"
#include "routes.h"

namespace lepton::fake {
namespace {

using internal::Json;

Json ClockJson(Clock const& clock) {
  return {{"now_ms", ToEpochMillis(clock.Now())},
          {"manual", dynamic_cast<ManualClock const*>(&clock) != nullptr}};
}

// {"by": "5s"} or {"seconds": 5}: moves a manual or scaled clock forward.
void AdvanceClock(Clock& clock, httplib::Request const& req, httplib::Response& res) {
  auto body = internal::ParseJson(req.body.empty() ? "{}" : req.body);
  if (!body || !body->is_object()) {
    return Reply(res, BadRequest("expected a JSON object such as {\"by\": \"5s\"}"));
  }
  std::optional<Duration> by;
  if (auto it = body->find("by"); it != body->end() && it->is_string()) {
    by = ParseDuration(it->get<std::string>());
  } else if (auto s = body->find("seconds"); s != body->end() && s->is_number()) {
    double const seconds = s->get<double>();
    if (seconds >= 0 && seconds <= 1e9) {
      by = std::chrono::duration_cast<Duration>(std::chrono::duration<double>(seconds));
    }
  }
  if (!by) {
    return Reply(res, BadRequest("give \"by\" as a duration (\"500ms\", \"5s\", \"2m\") or "
                                 "\"seconds\" as a non-negative number"));
  }
  if (auto* manual = dynamic_cast<ManualClock*>(&clock)) {
    manual->Advance(*by);
  } else if (auto* scaled = dynamic_cast<ScaledClock*>(&clock)) {
    scaled->Advance(*by);
  } else {
    return Reply(res, HttpError{409, "Conflict", "this fake runs on the system clock"});
  }
  ReplyObject(res, ClockJson(clock));
}

}  // namespace

void InstallControlRoutes(httplib::Server& server, RouteContext const& ctx,
                          std::function<void()> reset) {
  World& world = ctx.world;
  Clock& clock = *ctx.options.clock;

  server.Post("/fake/v1/reset", [reset](httplib::Request const&, httplib::Response& res) {
    reset();
    ReplyObject(res, Json::object());
  });

  server.Get("/fake/v1/clock", [&clock](httplib::Request const&, httplib::Response& res) {
    ReplyObject(res, ClockJson(clock));
  });
  server.Post("/fake/v1/clock/advance",
              [&clock](httplib::Request const& req, httplib::Response& res) {
                AdvanceClock(clock, req, res);
              });

  server.Get("/fake/v1/plans", [&world](httplib::Request const&, httplib::Response& res) {
    Json names = Json::array();
    for (auto const& plan : world.plans()) {
      names.push_back({{"name", plan.name}, {"rules", plan.rules.size()}});
    }
    ReplyObject(res, names);
  });
  server.Post("/fake/v1/plans", [&world](httplib::Request const& req, httplib::Response& res) {
    auto plan = ParsePlan(req.body);
    if (!plan) return Reply(res, BadRequest(plan.status().message()));
    auto plans = world.plans();
    plans.push_back(*std::move(plan));
    world.SetPlans(std::move(plans));
    ReplyObject(res, Json::object());
  });
  server.Delete("/fake/v1/plans", [&world](httplib::Request const&, httplib::Response& res) {
    world.SetPlans({});
    ReplyObject(res, Json::object());
  });

  server.Get("/fake/v1/jobs", [&world](httplib::Request const&, httplib::Response& res) {
    Json jobs = Json::array();
    auto const positions = world.QueuePositions();
    for (auto const& [job, archived] : world.AllJobs()) {
      Json entry = {{"archived", archived}, {"job", internal::ToJsonValue(job)}};
      if (auto it = positions.find(*job.metadata.id); it != positions.end()) {
        entry["queue_position"] = it->second;
      }
      jobs.push_back(std::move(entry));
    }
    ReplyObject(res, jobs);
  });
  server.Post(R"(/fake/v1/jobs/([^/]+)/state)",
              [&world](httplib::Request const& req, httplib::Response& res) {
                auto body = internal::ParseJson(req.body);
                if (!body || !body->is_object() || !body->contains("state") ||
                    !(*body)["state"].is_string()) {
                  return Reply(res, BadRequest("expected {\"state\": \"<Lepton state>\"}"));
                }
                std::string const name = (*body)["state"];
                JobState const state = ParseJobState(name);
                if (state == JobState::kUnknown && name != "UNK" && !name.empty()) {
                  return Reply(res, BadRequest(fmt::format("unknown state '{}'", name)));
                }
                ReplyStatus(res, world.ForceState(req.matches[1], state));
              });

  server.Get("/fake/v1/node-groups", [&world](httplib::Request const&, httplib::Response& res) {
    ReplyJson(res, world.NodeGroups());
  });
  server.Put("/fake/v1/cluster", [&world](httplib::Request const& req, httplib::Response& res) {
    auto config = ParseClusterConfig(req.body);
    if (!config) return Reply(res, BadRequest(config.status().message()));
    world.ConfigureCluster(*std::move(config));
    ReplyJson(res, world.NodeGroups());
  });
  server.Put("/fake/v1/node-groups", [&world](httplib::Request const& req, httplib::Response& res) {
    auto groups = ParseNodeGroups(req.body);
    if (!groups) return Reply(res, BadRequest(groups.status().message()));
    world.SetNodeGroups(*std::move(groups));
    ReplyJson(res, world.NodeGroups());
  });
}

}  // namespace lepton::fake
