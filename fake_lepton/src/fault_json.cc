#include "fault_json.h"

#include <array>
#include <chrono>
#include <regex>

#include <fmt/format.h>

#include "json_field_reader.h"

namespace lepton::fake {
namespace {

using internal::Json;

struct KindName {
  FaultKind kind;
  std::string_view name;
};

constexpr std::array<KindName, 9> kKindNames = {{
    {FaultKind::kError, "error"},
    {FaultKind::kDelay, "delay"},
    {FaultKind::kCloseConnection, "close"},
    {FaultKind::kDropResponse, "drop_response"},
    {FaultKind::kResetMidBody, "reset"},
    {FaultKind::kTruncatedBody, "truncate"},
    {FaultKind::kMalformedBody, "malformed"},
    {FaultKind::kLogStall, "log_stall"},
    {FaultKind::kLogBreak, "log_break"},
}};

std::string DurationText(Duration d) {
  return fmt::format("{}ms", std::chrono::duration_cast<std::chrono::milliseconds>(d).count());
}

bool ReadMatch(JsonFieldReader& reader, Json const& j, std::string const& path, FaultMatch& out) {
  if (!reader.Object(j, path) ||
      !reader.OnlyKeys(j, path, {"method", "path", "job_name", "header", "header_value"})) {
    return false;
  }
  out.method = reader.String(j, "method", path).value_or("");
  out.path = reader.String(j, "path", path).value_or("");
  out.job_name = reader.String(j, "job_name", path).value_or("");
  out.header = reader.String(j, "header", path).value_or("");
  out.header_value = reader.String(j, "header_value", path);
  return reader.ok();
}

}  // namespace

std::string_view FaultKindName(FaultKind kind) {
  for (auto const& entry : kKindNames) {
    if (entry.kind == kind) return entry.name;
  }
  return "unknown";
}

Status ValidateFaultRule(FaultRule const& rule) {
  auto invalid = [](std::string message) {
    return Status(StatusCode::kInvalidArgument, std::move(message));
  };
  if (rule.name.size() > 128) return invalid("fault name: at most 128 characters");
  if (!rule.match.path.empty()) {
    try {
      std::regex const pattern(rule.match.path);
    } catch (std::regex_error const& e) {
      return invalid(fmt::format("fault match.path: not a regular expression ({})", e.what()));
    }
  }
  if (rule.status < 100 || rule.status > 599) return invalid("fault status: expected 100..599");
  if (rule.nth < 1) return invalid("fault nth: expected 1 or more");
  if (rule.times && *rule.times < 0) return invalid("fault times: expected 0 or more");
  if (!(rule.probability >= 0 && rule.probability <= 1)) {
    return invalid("fault probability: expected a number in [0, 1]");
  }
  if (rule.after_lines < 0) return invalid("fault after_lines: expected 0 or more");
  // Durations set in C++ get the bound ParseDuration gives JSON, so that adding one to a clock
  // reading cannot overflow.
  constexpr Duration kMaxDuration = std::chrono::seconds(1'000'000'000);
  auto bad = [&](Duration d) { return d < Duration::zero() || d > kMaxDuration; };
  if (bad(rule.delay)) return invalid("fault delay: expected 0 to 1e9 s");
  if (rule.retry_after && bad(*rule.retry_after)) return invalid("fault retry_after: expected 0 to 1e9 s");
  if (rule.active_for && bad(*rule.active_for)) return invalid("fault for: expected 0 to 1e9 s");
  return Status();
}

StatusOr<FaultRule> FaultRuleFromJson(Json const& j) {
  JsonFieldReader reader("fault");
  FaultRule rule;
  if (!reader.Object(j, "") ||
      !reader.OnlyKeys(j, "", {"name", "match", "action", "status", "code", "message",
                               "retry_after", "delay", "real_time", "after_lines", "nth", "times",
                               "probability", "seed", "for"})) {
    return reader.status();
  }
  rule.name = reader.String(j, "name", "").value_or("");
  if (auto match = j.find("match"); match != j.end()) {
    if (!ReadMatch(reader, *match, "/match", rule.match)) return reader.status();
  }
  if (auto action = reader.String(j, "action", "")) {
    bool known = false;
    for (auto const& entry : kKindNames) {
      if (entry.name == *action) {
        rule.kind = entry.kind;
        known = true;
      }
    }
    if (!known) {
      return reader.Fail("/action",
                         "one of error, delay, close, drop_response, reset, truncate, malformed, "
                         "log_stall, log_break");
    }
  }
  auto bounded = [&](char const* key, std::int64_t min, std::int64_t max) {
    auto value = reader.Integer(j, key, "");
    if (value && (*value < min || *value > max)) {
      reader.Fail(fmt::format("/{}", key), fmt::format("an integer in [{}, {}]", min, max));
      return std::optional<std::int64_t>();
    }
    return value;
  };
  if (auto status = bounded("status", 100, 599)) rule.status = static_cast<int>(*status);
  rule.code = reader.String(j, "code", "").value_or("");
  rule.message = reader.String(j, "message", "").value_or("");
  rule.retry_after = reader.DurationField(j, "retry_after", "");
  rule.delay = reader.DurationField(j, "delay", "").value_or(Duration::zero());
  rule.real_time = reader.Bool(j, "real_time", "").value_or(false);
  if (auto lines = bounded("after_lines", 0, 1'000'000)) rule.after_lines = static_cast<int>(*lines);
  if (auto nth = bounded("nth", 1, 1'000'000'000)) rule.nth = static_cast<int>(*nth);
  if (auto times = bounded("times", 0, 1'000'000'000)) rule.times = static_cast<int>(*times);
  if (auto p = reader.Number(j, "probability", "")) {
    if (*p < 0 || *p > 1) return reader.Fail("/probability", "a number in [0, 1]");
    rule.probability = *p;
  }
  if (auto seed = bounded("seed", 0, std::numeric_limits<std::int64_t>::max())) {
    rule.seed = static_cast<std::uint64_t>(*seed);
  }
  rule.active_for = reader.DurationField(j, "for", "");
  if (!reader.ok()) return reader.status();
  if (Status s = ValidateFaultRule(rule); !s.ok()) return s;
  return rule;
}

StatusOr<FaultRule> ParseFaultRule(std::string_view json) {
  auto parsed = internal::ParseJson(json);
  if (!parsed) return std::move(parsed).status();
  return FaultRuleFromJson(*parsed);
}

Json FaultRuleToJson(FaultRule const& rule) {
  Json match = Json::object();
  if (!rule.match.method.empty()) match["method"] = rule.match.method;
  if (!rule.match.path.empty()) match["path"] = rule.match.path;
  if (!rule.match.job_name.empty()) match["job_name"] = rule.match.job_name;
  if (!rule.match.header.empty()) match["header"] = rule.match.header;
  if (rule.match.header_value) match["header_value"] = *rule.match.header_value;
  Json j = {{"name", rule.name},
            {"match", match},
            {"action", FaultKindName(rule.kind)},
            {"nth", rule.nth},
            {"probability", rule.probability}};
  if (rule.times) j["times"] = *rule.times;
  if (rule.seed) j["seed"] = *rule.seed;
  if (rule.active_for) j["for"] = DurationText(*rule.active_for);
  switch (rule.kind) {
    case FaultKind::kError:
      j["status"] = rule.status;
      if (!rule.code.empty()) j["code"] = rule.code;
      if (!rule.message.empty()) j["message"] = rule.message;
      if (rule.retry_after) j["retry_after"] = DurationText(*rule.retry_after);
      break;
    case FaultKind::kDelay:
      j["delay"] = DurationText(rule.delay);
      j["real_time"] = rule.real_time;
      break;
    case FaultKind::kLogStall:
      j["delay"] = DurationText(rule.delay);
      j["real_time"] = rule.real_time;
      j["after_lines"] = rule.after_lines;
      break;
    case FaultKind::kLogBreak:
      j["after_lines"] = rule.after_lines;
      break;
    default:
      break;
  }
  return j;
}

Json FaultStatsToJson(FaultStats const& stats) {
  Json j = FaultRuleToJson(stats.rule);
  j["matched"] = stats.matched;
  j["fired"] = stats.fired;
  j["active"] = stats.active;
  return j;
}

}  // namespace lepton::fake
