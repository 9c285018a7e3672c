#ifndef LEPTONKIT_FAKE_LEPTON_SRC_COMMAND_SCRIPT_H_
#define LEPTONKIT_FAKE_LEPTON_SRC_COMMAND_SCRIPT_H_

#include <chrono>
#include <cstddef>
#include <map>
#include <string>
#include <vector>

#include "lepton/clock.h"

namespace lepton::fake {

/// One line a replica writes to its log, `offset` after the replica started (no newline).
struct SimulatedLogLine {
  Duration offset{};
  std::string text;
  friend bool operator==(SimulatedLogLine const&, SimulatedLogLine const&) = default;
};

/// What a replica's container does, as far as the fake can tell without running anything.
struct SimulatedRun {
  /// False when the command is outside the subset; `reason` says which construct, and the
  /// caller applies its defaults.
  bool understood = false;
  std::string reason;
  std::vector<SimulatedLogLine> lines;
  Duration duration{};  ///< When the process exits, after start.
  int exit_code = 0;
  bool truncated = false;  ///< More than SimulationLimits::max_lines lines were written.
};

struct SimulationLimits {
  std::size_t max_lines = 10000;
  std::size_t max_script_bytes = 64 * 1024;
  std::size_t max_commands = 1000;
};

/// The longest a simulated process may run; longer sleeps are capped here (365 days), so the
/// total duration never overflows.
inline constexpr std::chrono::hours kMaxSimulatedDuration{24 * 365};

/// Simulates `argv` (a job's `spec.container.command`) without executing anything.
///
/// Understood forms: `sh|bash|/bin/sh|/bin/bash [-e|-l ...] -c SCRIPT` (flags may be combined,
/// e.g. `-lc`, `-ec`; `-e` ends the script at the first failing command), `/usr/bin/env bash -c
/// SCRIPT`, or argv itself as one simple command (e.g. `["echo", "hi"]`).
///
/// The script subset: commands separated by `;`, newlines, `&&` and `||`; `#` comments; single
/// quotes, double quotes (with `\"`, `\\`, `\$`, `` \` `` escapes and expansion), backslash
/// escapes; `$NAME` and `${NAME}` from `env` (unset expands to ""). Commands: `echo [-n] [-e]`,
/// `sleep N[s|m|h|d]...`, `exit [N]`, `true`, `:`, `false`, and `export NAME=VALUE...` (not
/// after `&&` or `||`), whose values the words after it see. Anything else (pipes, redirections,
/// subshells, command substitution, background jobs, assignments, control flow, other programs)
/// is not understood: the fake prefers saying so to simulating wrongly.
///
/// Time starts at 0 and only `sleep` advances it. The exit code is that of the last command run,
/// or `exit`'s argument modulo 256. Never throws; any bytes give a result in linear time.
SimulatedRun SimulateCommand(std::vector<std::string> const& argv,
                             std::map<std::string, std::string> const& env,
                             SimulationLimits const& limits = {});

}  // namespace lepton::fake

#endif  // LEPTONKIT_FAKE_LEPTON_SRC_COMMAND_SCRIPT_H_
