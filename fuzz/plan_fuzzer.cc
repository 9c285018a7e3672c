// Fuzzes the fake's scenario parsers (lepton/fake/plan.h, lepton/fake/cluster_config.h):
// ParsePlan, ParseClusterConfig, ParseNodeGroups and ParseDuration on arbitrary bytes. None
// may crash or throw; what parses must respect the documented bounds.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <set>
#include <string>
#include <string_view>

#include "lepton/fake/cluster_config.h"
#include "lepton/fake/plan.h"

namespace {

using lepton::Duration;

void Require(bool condition, char const* what) {
  if (condition) return;
  std::fprintf(stderr, "plan_fuzzer: invariant broken: %s\n", what);
  std::abort();
}

// ParseDuration's contract: non-negative and at most 1e9 seconds.
void CheckDuration(Duration d) {
  Require(d >= Duration::zero(), "a parsed duration is negative");
  Require(d <= std::chrono::seconds(1'000'000'000), "a parsed duration exceeds 1e9 s");
}

void CheckPlan(lepton::fake::Plan const& plan) {
  for (auto const& rule : plan.rules) {
    if (rule.schedule) CheckDuration(*rule.schedule);
    if (rule.start) CheckDuration(*rule.start);
    Require(rule.jitter >= 0 && rule.jitter < 1, "a rule's jitter is outside [0, 1)");
    for (auto const& attempt : rule.attempts) {
      CheckDuration(attempt.replica.run);
      for (auto const& line : attempt.replica.logs) CheckDuration(line.at);
      for (auto const& [index, script] : attempt.by_index) CheckDuration(script.run);
    }
  }
}

// Node group and node ids are unique (the parser refuses duplicates).
void CheckNodeGroups(std::vector<lepton::fake::FakeNodeGroup> const& groups) {
  std::set<std::string> group_ids;
  for (auto const& group : groups) {
    Require(group_ids.insert(group.id).second, "duplicate node group id accepted");
    std::set<std::string> node_ids;
    for (auto const& node : group.nodes) {
      Require(node_ids.insert(node.id).second, "duplicate node id accepted");
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(uint8_t const* data, size_t size) {
  std::string_view const text(reinterpret_cast<char const*>(data), size);
  if (auto plan = lepton::fake::ParsePlan(text); plan.ok()) CheckPlan(*plan);
  if (auto config = lepton::fake::ParseClusterConfig(text); config.ok()) {
    CheckNodeGroups(config->node_groups);
  }
  if (auto groups = lepton::fake::ParseNodeGroups(text); groups.ok()) CheckNodeGroups(*groups);
  if (auto duration = lepton::fake::ParseDuration(text)) CheckDuration(*duration);
  return 0;
}
