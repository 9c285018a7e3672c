#ifndef LEPTONKIT_FAKE_LEPTON_INCLUDE_LEPTON_FAKE_PLAN_H_
#define LEPTONKIT_FAKE_LEPTON_INCLUDE_LEPTON_FAKE_PLAN_H_

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "lepton/clock.h"
#include "lepton/status.h"

namespace lepton::fake {

/// What one replica does in one attempt: its log lines, how long it runs, how it exits.
struct ReplicaScript {
  struct Line {
    Duration at{};  ///< After the replica started.
    std::string text;
    /// When set, an absolute container path instead of `text`: the lines of the file there,
    /// read through the job's mounts from the fake's storage when the replica starts (what the
    /// command subset's `cat` writes, its error line included for a missing file).
    std::string cat{};  // `{}`: a Line written {at, text} needs no third initialiser.
  };
  std::vector<Line> logs;
  Duration run = std::chrono::seconds(1);
  int exit_code = 0;
};

/// A job's behaviour in one attempt: the script of every replica, with overrides by index.
struct AttemptScript {
  ReplicaScript replica;                 ///< Every replica unless overridden.
  std::map<int, ReplicaScript> by_index;  ///< Replica index -> its own script.
};

/// Which jobs a rule applies to. Every set criterion must hold.
struct JobSelector {
  std::optional<std::string> name;     ///< Glob on metadata.name (`*` and `?`).
  std::map<std::string, std::string> labels;  ///< Each must be present with this value.
  std::optional<std::string> image;    ///< Substring of spec.container.image.
  std::optional<std::string> command;  ///< Substring of the joined spec.container.command.
};

/// One rule of a plan (lifecycles as data, after KWOK's stages): the jobs it selects, phase
/// durations that override the defaults, and scripted attempts. Attempt n of a job (0 first,
/// then one per job-level retry or restart) follows `attempts[min(n, size - 1)]`; with no
/// attempts the job's own command decides, as without a plan.
struct PlanRule {
  JobSelector select;
  std::optional<Duration> schedule;  ///< Queueing -> Starting.
  std::optional<Duration> start;     ///< Starting -> Running.
  /// Each duration (phase, run, log offset) is scaled by a factor drawn uniformly from
  /// [1 - jitter, 1 + jitter] by the fake's seeded generator.
  double jitter = 0;
  std::vector<AttemptScript> attempts;
};

/// A named list of rules; the first rule that selects a job applies to it.
struct Plan {
  std::string name;
  std::string description;
  std::vector<PlanRule> rules;
};

/// Parses a plan from its JSON form (fixtures/scenarios/README.md documents it). Durations are
/// strings such as "500ms", "2s", "1.5m", "1h". kInvalidArgument names the JSON path of the
/// first problem.
[[nodiscard]] StatusOr<Plan> ParsePlan(std::string_view json);

/// A duration such as "500ms", "2s", "1.5m" or "1h" (non-negative, at most 1e7 units and
/// at most 1e9 seconds).
[[nodiscard]] std::optional<Duration> ParseDuration(std::string_view text);

/// Reads and parses a plan file.
[[nodiscard]] StatusOr<Plan> LoadPlanFile(std::string const& path);

}  // namespace lepton::fake

#endif  // LEPTONKIT_FAKE_LEPTON_INCLUDE_LEPTON_FAKE_PLAN_H_
