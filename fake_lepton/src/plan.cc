#include "lepton/fake/plan.h"

#include <fstream>
#include <sstream>

#include <fmt/format.h>

#include "config_file.h"
#include "internal/json_codec.h"
#include "json_field_reader.h"

namespace lepton::fake {
namespace {

using internal::Json;

// Parse problems carry the JSON path; the first one wins.
class PlanParser {
 public:
  StatusOr<Plan> Parse(Json const& root) {
    Plan plan;
    if (!Object(root, "")) return status();
    plan.name = String(root, "name", "").value_or("");
    plan.description = String(root, "description", "").value_or("");
    auto const rules = root.find("rules");
    if (rules == root.end() || !rules->is_array()) return Fail("/rules", "an array of rules");
    for (std::size_t i = 0; i < rules->size(); ++i) {
      PlanRule rule;
      if (!Rule((*rules)[i], fmt::format("/rules/{}", i), rule)) return status();
      plan.rules.push_back(std::move(rule));
    }
    return plan;
  }

 private:
  Status Fail(std::string const& path, std::string_view expected) {
    return reader_.Fail(path, expected);
  }
  Status const& status() const { return reader_.status(); }
  bool Object(Json const& j, std::string const& path) { return reader_.Object(j, path); }
  std::optional<std::string> String(Json const& j, char const* key, std::string const& path) {
    return reader_.String(j, key, path);
  }
  std::optional<Duration> DurationField(Json const& j, char const* key, std::string const& path) {
    return reader_.DurationField(j, key, path);
  }

  bool Selector(Json const& j, std::string const& path, JobSelector& out) {
    if (!Object(j, path)) return false;
    out.name = String(j, "name", path);
    out.image = String(j, "image", path);
    out.command = String(j, "command", path);
    if (auto labels = j.find("labels"); labels != j.end()) {
      if (!labels->is_object()) return Fail(path + "/labels", "an object of strings").ok();
      for (auto const& [key, value] : labels->items()) {
        if (!value.is_string()) return Fail(path + "/labels/" + key, "a string").ok();
        out.labels[key] = value.get<std::string>();
      }
    }
    return status().ok();
  }

  bool Script(Json const& j, std::string const& path, ReplicaScript& out) {
    if (!Object(j, path)) return false;
    if (auto run = DurationField(j, "run", path)) out.run = *run;
    if (auto code = j.find("exit_code"); code != j.end()) {
      if (!code->is_number_integer()) return Fail(path + "/exit_code", "an integer").ok();
      out.exit_code = static_cast<int>(((code->get<std::int64_t>() % 256) + 256) % 256);
    }
    if (auto logs = j.find("logs"); logs != j.end()) {
      if (!logs->is_array()) return Fail(path + "/logs", "an array").ok();
      for (std::size_t i = 0; i < logs->size(); ++i) {
        std::string const at = fmt::format("{}/logs/{}", path, i);
        Json const& entry = (*logs)[i];
        if (entry.is_string()) {
          out.logs.push_back({Duration::zero(), entry.get<std::string>(), ""});
          continue;
        }
        if (!Object(entry, at)) return false;
        auto when = DurationField(entry, "at", at);
        if (!status().ok()) return false;
        if (entry.contains("cat")) {
          auto cat = String(entry, "cat", at);
          if (!cat || !cat->starts_with('/')) return Fail(at + "/cat", "an absolute path").ok();
          out.logs.push_back({when.value_or(Duration::zero()), "", *cat});
          continue;
        }
        auto text = String(entry, "text", at);
        if (!text) return Fail(at + "/text", "a string").ok();
        out.logs.push_back({when.value_or(Duration::zero()), *text, ""});
      }
    }
    return status().ok();
  }

  bool Attempt(Json const& j, std::string const& path, AttemptScript& out) {
    if (!Object(j, path)) return false;
    if (!Script(j, path, out.replica)) return false;
    if (auto replicas = j.find("replicas"); replicas != j.end()) {
      if (!replicas->is_object()) return Fail(path + "/replicas", "an object keyed by index").ok();
      for (auto const& [key, value] : replicas->items()) {
        std::string const at = path + "/replicas/" + key;
        if (key.empty() || key.size() > 6 || key.find_first_not_of("0123456789") != std::string::npos) {
          return Fail(at, "a replica index as the key").ok();
        }
        ReplicaScript script = out.replica;
        script.logs.clear();
        if (!Script(value, at, script)) return false;
        out.by_index[std::stoi(key)] = std::move(script);
      }
    }
    return true;
  }

  bool Rule(Json const& j, std::string const& path, PlanRule& out) {
    if (!Object(j, path)) return false;
    auto select = j.find("select");
    if (select == j.end()) return Fail(path + "/select", "a job selector").ok();
    if (!Selector(*select, path + "/select", out.select)) return false;
    out.schedule = DurationField(j, "schedule", path);
    out.start = DurationField(j, "start", path);
    if (!status().ok()) return false;
    if (auto jitter = j.find("jitter"); jitter != j.end()) {
      if (!jitter->is_number() || jitter->get<double>() < 0 || jitter->get<double>() >= 1) {
        return Fail(path + "/jitter", "a number in [0, 1)").ok();
      }
      out.jitter = jitter->get<double>();
    }
    if (auto attempts = j.find("attempts"); attempts != j.end()) {
      if (!attempts->is_array()) return Fail(path + "/attempts", "an array").ok();
      for (std::size_t i = 0; i < attempts->size(); ++i) {
        AttemptScript attempt;
        if (!Attempt((*attempts)[i], fmt::format("{}/attempts/{}", path, i), attempt)) return false;
        out.attempts.push_back(std::move(attempt));
      }
    }
    return status().ok();
  }

  JsonFieldReader reader_{"plan"};
};

}  // namespace

std::optional<Duration> ParseDuration(std::string_view text) {
  struct Unit {
    std::string_view suffix;
    double seconds;
  };
  static constexpr Unit kUnits[] = {{"ms", 0.001}, {"s", 1}, {"m", 60}, {"h", 3600}};
  for (auto const& unit : kUnits) {
    if (!text.ends_with(unit.suffix)) continue;
    std::string const number(text.substr(0, text.size() - unit.suffix.size()));
    if (number.empty() || number.find_first_not_of("0123456789.") != std::string::npos) {
      return std::nullopt;
    }
    std::istringstream in(number);
    double value = 0;
    // At most 1e7 units and 1e9 s (about 31 years): far from the 292 years a nanosecond
    // Duration holds, so sums of a few durations cannot overflow either.
    if (!(in >> value) || !in.eof() || value < 0 || value > 1e7 || value * unit.seconds > 1e9) {
      return std::nullopt;
    }
    return std::chrono::duration_cast<Duration>(
        std::chrono::duration<double>(value * unit.seconds));
  }
  return std::nullopt;
}

StatusOr<Plan> ParsePlan(std::string_view json) {
  auto parsed = internal::ParseJson(json);
  if (!parsed) return std::move(parsed).status();
  return PlanParser().Parse(*parsed);
}

StatusOr<Plan> LoadPlanFile(std::string const& path) {
  return LoadConfigFile(path, "plan", [](std::string_view text) { return ParsePlan(text); });
}

}  // namespace lepton::fake
