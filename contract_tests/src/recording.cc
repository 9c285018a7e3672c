#include "recording.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <vector>

#include <fmt/format.h>

namespace lepton::contract {
namespace {

constexpr char kScrubbed[] = "<scrubbed>";

// Path segments after which the next segment identifies something, and the marker that replaces it.
constexpr std::array<std::pair<std::string_view, std::string_view>, 6> kIdSegments = {{
    {"jobs", "{job}"},
    {"replicas", "{replica}"},
    {"dedicated-node-groups", "{node_group}"},
    {"nodes", "{node}"},
    {"usersecrets", "{secret}"},
    {"workspaces", "{workspace}"},
}};

// Keys whose string values are enumerations (a state, a kind, a reason), kept in a recording
// because a new or renamed value is drift worth seeing. Every other string is scrubbed.
bool IsEnumKey(std::string_view key) {
  static constexpr std::array<std::string_view, 14> kKeys = {
      "state",   "type",      "reason",     "kind",        "readiness",    "phase",
      "visibility", "workspace_state", "priority_class", "protocol", "direction",
      "code",    "status",    "resultType"};
  return std::find(kKeys.begin(), kKeys.end(), key) != kKeys.end();
}

// A value such as "Running" or "InvalidArgument": short, one word.
bool LooksLikeAnEnumValue(std::string const& text) {
  return !text.empty() && text.size() <= 40 &&
         std::all_of(text.begin(), text.end(), [](char c) {
           return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_' || c == '-' ||
                  c == '.';
         });
}

// Objects whose keys are data (label names, a log stream's labels), not fields.
bool IsFreeFormMap(std::string_view key) {
  return key == "labels" || key == "annotations" || key == "stream" || key == "node_selector";
}

void ScrubInPlace(nlohmann::json& json, std::string_view key, std::string const& secret) {
  if (json.is_object()) {
    if (IsFreeFormMap(key)) {
      // One "*" entry keeps the map's value type and drops every name and value.
      nlohmann::json collapsed = nlohmann::json::object();
      if (!json.empty()) {
        nlohmann::json first = json.begin().value();
        ScrubInPlace(first, "*", secret);
        collapsed["*"] = std::move(first);
      }
      json = std::move(collapsed);
      return;
    }
    for (auto it = json.begin(); it != json.end(); ++it) ScrubInPlace(*it, it.key(), secret);
  } else if (json.is_array()) {
    for (auto& item : json) ScrubInPlace(item, key, secret);
  } else if (json.is_string()) {
    auto const& text = json.get_ref<std::string const&>();
    bool const keep = IsEnumKey(key) && LooksLikeAnEnumValue(text) &&
                      (secret.empty() || text.find(secret) == std::string::npos);
    if (!keep) json = kScrubbed;
  }
}

}  // namespace

std::string TemplatePath(std::string_view path) {
  std::string_view query;
  if (auto q = path.find('?'); q != std::string_view::npos) {
    query = path.substr(q + 1);
    path = path.substr(0, q);
  }
  std::string out;
  std::string_view previous;
  while (!path.empty()) {
    if (path.front() == '/') path.remove_prefix(1);
    auto const end = path.find('/');
    std::string_view const segment = path.substr(0, end);
    path = end == std::string_view::npos ? std::string_view() : path.substr(end);
    std::string_view shown = segment;
    for (auto const& [after, marker] : kIdSegments) {
      if (previous == after) shown = marker;
    }
    out += '/';
    out += shown;
    previous = segment;
  }
  std::vector<std::string> params;
  while (!query.empty()) {
    auto const end = query.find('&');
    std::string_view const pair = query.substr(0, end);
    query = end == std::string_view::npos ? std::string_view() : query.substr(end + 1);
    auto const eq = pair.find('=');
    std::string_view const key = pair.substr(0, eq);
    if (key.empty()) continue;
    params.emplace_back(key == "job_query_mode" ? pair : key);
  }
  std::sort(params.begin(), params.end());
  if (!params.empty()) {
    out += '?';
    out += fmt::format("{}", fmt::join(params, "&"));
  }
  return out;
}

nlohmann::json Scrubbed(nlohmann::json json, std::string const& secret) {
  ScrubInPlace(json, "", secret);
  return json;
}

std::string CallKey(HttpExchange const& exchange) {
  return fmt::format("{} {} {}", exchange.method, TemplatePath(exchange.path), exchange.status);
}

ExchangeRecorder::ExchangeRecorder(std::string const& dir, std::string const& name,
                                   std::string token)
    : file_((std::filesystem::path(dir) / (name + ".jsonl")).string()), token_(std::move(token)) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
}

void ExchangeRecorder::Record(HttpExchange const& exchange) {
  auto body = nlohmann::json::parse(exchange.response_body, nullptr, /*allow_exceptions=*/false);
  nlohmann::json line = {
      {"call", CallKey(exchange)},
      {"response", body.is_discarded() ? nlohmann::json("<not JSON>") : Scrubbed(body, token_)},
  };
  std::lock_guard lock(mu_);
  std::ofstream(file_, std::ios::app) << line.dump(-1, ' ', false,
                                                   nlohmann::json::error_handler_t::replace)
                                      << "\n";
}

}  // namespace lepton::contract
