// The control plane for faults and the journal (only the fake has it, under /fake/v1):
//   GET    /fake/v1/faults          every rule with matched/fired counters, and header faults
//   POST   /fake/v1/faults          add a rule (JSON, fake_lepton/README.md); answers its name
//   DELETE /fake/v1/faults          remove every rule
//   DELETE /fake/v1/faults/{name}   remove one rule
//   GET    /fake/v1/journal         the kept requests, oldest first; ?method= and ?path= (regex
//                                   on the whole path) filter, ?limit= keeps the newest n,
//                                   ?brief=true leaves out headers and bodies (the
//                                   dashboard's bounded view: body_bytes says how large)
//   DELETE /fake/v1/journal         forget the kept requests

#include <chrono>
#include <regex>

#include <fmt/format.h>

#include "fault_json.h"
#include "internal/json_codec.h"
#include "route_util.h"
#include "routes.h"

namespace lepton::fake {
namespace {

using internal::Json;

Json EntryJson(RecordedRequest const& entry, bool brief) {
  if (brief) {
    return {{"sequence", entry.sequence},
            {"received_at_ms", ToEpochMillis(entry.received_at)},
            {"method", entry.method},
            {"path", entry.path.substr(0, 512)},
            {"body_bytes", entry.body.size()},
            {"status", entry.status},
            {"latency_ms",
             std::chrono::duration_cast<std::chrono::milliseconds>(entry.latency).count()},
            {"fault", entry.fault}};
  }
  Json headers = Json::array();
  for (auto const& [name, value] : entry.headers) headers.push_back({name, value});
  return {{"sequence", entry.sequence},
          {"received_at_ms", ToEpochMillis(entry.received_at)},
          {"method", entry.method},
          {"path", entry.path},
          {"query", entry.query},
          {"headers", headers},
          {"body", entry.body},
          {"body_truncated", entry.body_truncated},
          {"status", entry.status},
          {"latency_ms",
           std::chrono::duration_cast<std::chrono::milliseconds>(entry.latency).count()},
          {"wall_latency_us",
           std::chrono::duration_cast<std::chrono::microseconds>(entry.wall_latency).count()},
          {"fault", entry.fault}};
}

void ListJournal(RequestJournal const& journal, httplib::Request const& req,
                 httplib::Response& res) {
  std::optional<std::regex> path;
  if (req.has_param("path")) {
    try {
      path.emplace(req.get_param_value("path"));
    } catch (std::regex_error const& e) {
      return Reply(res, BadRequest(fmt::format("path: not a regular expression ({})", e.what())));
    }
  }
  std::optional<std::int64_t> limit;
  if (req.has_param("limit")) {
    limit = IntParam(req, "limit", 0, std::numeric_limits<int>::max(), res);
    if (!limit) return;
  }
  std::string const method = req.has_param("method") ? req.get_param_value("method") : "";
  bool const brief = req.has_param("brief") && req.get_param_value("brief") == "true";
  std::vector<RecordedRequest> kept;
  for (auto& entry : journal.Entries()) {
    if (!method.empty() && entry.method != method) continue;
    if (path && !std::regex_match(entry.path, *path)) continue;
    kept.push_back(std::move(entry));
  }
  std::size_t const first =
      limit && kept.size() > static_cast<std::size_t>(*limit) ? kept.size() - *limit : 0;
  Json requests = Json::array();
  for (std::size_t i = first; i < kept.size(); ++i) requests.push_back(EntryJson(kept[i], brief));
  ReplyObject(res, {{"capacity", journal.capacity()},
                    {"total", journal.total()},
                    {"requests", std::move(requests)}});
}

}  // namespace

void InstallFaultControlRoutes(httplib::Server& server, RouteContext const& ctx) {
  FaultEngine& faults = ctx.faults;
  RequestJournal& journal = ctx.journal;

  server.Get("/fake/v1/faults", [&faults](httplib::Request const&, httplib::Response& res) {
    Json rules = Json::array();
    for (auto const& stats : faults.List()) rules.push_back(FaultStatsToJson(stats));
    ReplyObject(res, {{"faults", std::move(rules)}, {"header_fired", faults.header_fired()}});
  });
  server.Post("/fake/v1/faults", [&faults](httplib::Request const& req, httplib::Response& res) {
    auto rule = ParseFaultRule(req.body);
    if (!rule) return Reply(res, BadRequest(rule.status().message()));
    auto name = faults.Add(*std::move(rule));
    if (!name) return Reply(res, FromStatus(name.status()));
    ReplyObject(res, {{"name", *name}});
  });
  server.Delete("/fake/v1/faults", [&faults](httplib::Request const&, httplib::Response& res) {
    faults.Clear();
    ReplyObject(res, Json::object());
  });
  server.Delete(R"(/fake/v1/faults/([^/]+))",
                [&faults](httplib::Request const& req, httplib::Response& res) {
                  ReplyStatus(res, faults.Remove(req.matches[1]));
                });

  server.Get("/fake/v1/journal", [&journal](httplib::Request const& req, httplib::Response& res) {
    ListJournal(journal, req, res);
  });
  server.Delete("/fake/v1/journal", [&journal](httplib::Request const&, httplib::Response& res) {
    journal.Clear();
    ReplyObject(res, Json::object());
  });
}

}  // namespace lepton::fake
