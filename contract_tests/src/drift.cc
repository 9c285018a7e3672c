#include "lepton/contract/drift.h"

#include <algorithm>
#include <array>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace lepton::contract {
namespace {

// call -> field path -> the JSON types seen there.
using Shapes = std::map<std::string, std::map<std::string, std::set<std::string>>>;

// Objects whose keys are data (label names, a log stream's labels), not fields: their keys
// collapse to "*".
bool IsFreeFormMap(std::string_view key) {
  static constexpr std::array<std::string_view, 4> kMaps = {"labels", "annotations", "stream",
                                                            "node_selector"};
  return std::find(kMaps.begin(), kMaps.end(), key) != kMaps.end();
}

std::string TypeName(nlohmann::json const& json) {
  if (json.is_object()) return "object";
  if (json.is_array()) return "array";
  if (json.is_string()) return "string";
  if (json.is_boolean()) return "boolean";
  if (json.is_number()) return "number";
  return "null";
}

void AddShape(nlohmann::json const& json, std::string const& path, bool free_form,
              std::map<std::string, std::set<std::string>>& fields) {
  fields[path].insert(TypeName(json));
  auto join = [&](std::string const& part) { return path.empty() ? part : path + "." + part; };
  if (json.is_object()) {
    for (auto it = json.begin(); it != json.end(); ++it) {
      AddShape(*it, join(free_form ? "*" : it.key()), IsFreeFormMap(it.key()), fields);
    }
  } else if (json.is_array()) {
    for (auto const& item : json) AddShape(item, path + "[]", false, fields);
  }
}

StatusOr<Shapes> LoadShapes(std::string const& dir) {
  Shapes shapes;
  std::error_code ec;
  std::size_t files = 0;
  for (auto it = std::filesystem::recursive_directory_iterator(dir, ec);
       !ec && it != std::filesystem::recursive_directory_iterator(); it.increment(ec)) {
    if (!it->is_regular_file() || it->path().extension() != ".jsonl") continue;
    ++files;
    std::ifstream in(it->path());
    std::string line;
    for (int number = 1; std::getline(in, line); ++number) {
      if (line.empty()) continue;
      auto const entry = nlohmann::json::parse(line, nullptr, /*allow_exceptions=*/false);
      if (!entry.is_object() || !entry.contains("call") || !entry["call"].is_string() ||
          !entry.contains("response")) {
        return Status(StatusCode::kInvalidArgument,
                      fmt::format("{}:{}: not a recorded exchange (want {{\"call\", \"response\"}})",
                                  it->path().string(), number));
      }
      AddShape(entry["response"], "", false, shapes[entry["call"].get<std::string>()]);
    }
  }
  if (ec) return Status(StatusCode::kNotFound, fmt::format("{}: {}", dir, ec.message()));
  if (files == 0) {
    return Status(StatusCode::kNotFound, fmt::format("{}: no recordings (*.jsonl)", dir));
  }
  return shapes;
}

std::string Types(std::set<std::string> const& types) {
  return fmt::format("{}", fmt::join(types, "|"));
}

// Null is how an optional field is often left empty; a type seen on one side only as null
// does not count as a difference.
std::set<std::string> WithoutNull(std::set<std::string> types) {
  types.erase("null");
  return types;
}

}  // namespace

StatusOr<std::vector<Drift>> CompareRecordings(std::string const& recorded_dir,
                                               std::string const& fake_dir) {
  auto recorded = LoadShapes(recorded_dir);
  if (!recorded) return std::move(recorded).status();
  auto fake = LoadShapes(fake_dir);
  if (!fake) return std::move(fake).status();
  std::vector<Drift> drifts;
  for (auto const& [call, fields] : *recorded) {
    auto const other = fake->find(call);
    if (other == fake->end()) {
      drifts.push_back({call, "", "recorded, but the fake never answered this call this way"});
      continue;
    }
    for (auto const& [field, types] : fields) {
      std::string const shown = field.empty() ? "(body)" : field;
      auto const seen = other->second.find(field);
      if (seen == other->second.end()) {
        drifts.push_back({call, shown, fmt::format("recorded as {}, never sent by the fake",
                                                   Types(types))});
      } else if (auto a = WithoutNull(types), b = WithoutNull(seen->second);
                 !a.empty() && !b.empty() && a != b) {
        drifts.push_back({call, shown, fmt::format("recorded as {}, the fake sends {}",
                                                   Types(types), Types(seen->second))});
      }
    }
    for (auto const& [field, types] : other->second) {
      if (!fields.contains(field)) {
        drifts.push_back({call, field.empty() ? "(body)" : field,
                          fmt::format("sent by the fake as {}, never recorded", Types(types))});
      }
    }
  }
  for (auto const& [call, fields] : *fake) {
    if (!recorded->contains(call)) {
      drifts.push_back({call, "", "only the fake's recording has this call", false});
    }
  }
  return drifts;
}

std::string FormatDrift(Drift const& drift) {
  if (drift.field.empty()) return fmt::format("{}: {}", drift.call, drift.what);
  return fmt::format("{}: {}: {}", drift.call, drift.field, drift.what);
}

}  // namespace lepton::contract
