#include "control_plane.h"

#include <httplib.h>
#include <nlohmann/json.hpp>

#include <fmt/format.h>

namespace lepton::contract {

ControlPlane::ControlPlane(std::string const& workspace_url)
    : origin_(workspace_url.substr(0, workspace_url.find("/api/"))) {}

StatusOr<std::string> ControlPlane::Call(char const* method, std::string const& path,
                                         std::string const& body) const {
  httplib::Client client(origin_);
  client.set_tcp_nodelay(true);
  client.set_connection_timeout(std::chrono::seconds(10));
  client.set_read_timeout(std::chrono::seconds(30));
  httplib::Request request;
  request.method = method;
  request.path = path;
  if (!body.empty()) {
    request.body = body;
    request.set_header("Content-Type", "application/json");
  }
  auto result = client.send(request);
  std::string const what = fmt::format("{} {}{}", method, origin_, path);
  if (!result) {
    return Status(StatusCode::kUnavailable,
                  fmt::format("{}: {}", what, httplib::to_string(result.error())));
  }
  if (result->status < 200 || result->status >= 300) {
    auto const code = result->status == 404 ? StatusCode::kNotFound
                      : result->status < 500 ? StatusCode::kInvalidArgument
                                             : StatusCode::kInternal;
    return Status(code, fmt::format("{}: HTTP {}: {}", what, result->status,
                                    result->body.substr(0, 1024)));
  }
  return std::move(result->body);
}

Status ControlPlane::AdvanceClock(Duration by) const {
  auto const ms = std::chrono::duration_cast<std::chrono::milliseconds>(by).count();
  return Call("POST", "/fake/v1/clock/advance", fmt::format(R"({{"by":"{}ms"}})", ms)).status();
}

StatusOr<std::string> ControlPlane::AddFault(std::string const& rule_json) const {
  auto body = Call("POST", "/fake/v1/faults", rule_json);
  if (!body) return std::move(body).status();
  auto const json = nlohmann::json::parse(*body, nullptr, /*allow_exceptions=*/false);
  if (json.is_object() && json.contains("name") && json["name"].is_string()) {
    return json["name"].get<std::string>();
  }
  return Status(StatusCode::kInternal,
                fmt::format("POST /fake/v1/faults: no rule name in the answer: {}", *body));
}

Status ControlPlane::ClearFaults() const { return Call("DELETE", "/fake/v1/faults", "").status(); }

Status ControlPlane::SetCluster(std::string const& cluster_json) const {
  return Call("PUT", "/fake/v1/cluster", cluster_json).status();
}

}  // namespace lepton::contract
