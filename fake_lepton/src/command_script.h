#ifndef LEPTONKIT_FAKE_LEPTON_SRC_COMMAND_SCRIPT_H_
#define LEPTONKIT_FAKE_LEPTON_SRC_COMMAND_SCRIPT_H_

#include <chrono>
#include <cstddef>
#include <functional>
#include <map>
#include <memory>
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
  /// More than SimulationLimits::max_lines lines or max_log_bytes bytes were written.
  bool truncated = false;
};

struct SimulationLimits {
  std::size_t max_lines = 10000;
  /// Bytes of log one run writes (a `cat` of a large staged file is cut here, not copied).
  std::size_t max_log_bytes = 1024 * 1024;
  std::size_t max_script_bytes = 64 * 1024;
  std::size_t max_commands = 1000;
};

/// What a simulated command finds at an absolute container path.
struct ContainerPath {
  enum class Kind {
    kUnknown,    ///< The fake cannot tell (outside every storage mount): not simulated.
    kMissing,    ///< Known not to exist (inside a storage mount).
    kFile,
    kDirectory,
  };
  Kind kind = Kind::kUnknown;
  std::shared_ptr<std::string const> bytes;  ///< A file's bytes at the moment of the lookup.
};

/// Looks up an absolute, normalised container path such as "/data/x.txt" (no `.`, `..`, empty
/// segments or trailing slash). Called while the command is simulated, that is when the
/// replica starts.
using ContainerFileReader = std::function<ContainerPath(std::string const& absolute_path)>;

/// The longest a simulated process may run; longer sleeps are capped here (365 days), so the
/// total duration never overflows.
inline constexpr std::chrono::hours kMaxSimulatedDuration{24 * 365};

/// Simulates `argv` (a job's `spec.container.command`) without executing anything.
///
/// Understood forms: `sh|bash|/bin/sh|/bin/bash [-e|-l ...] -c SCRIPT` (flags may be combined,
/// e.g. `-lc`, `-ec`; `-e` ends the script at the first failing command), `bash [-e] FILE`
/// (a script file read through `files`), `/usr/bin/env bash -c SCRIPT`, or argv itself as one
/// simple command (e.g. `["echo", "hi"]`).
///
/// The script subset: commands separated by `;`, newlines, `&&` and `||`; `#` comments; single
/// quotes, double quotes (with `\"`, `\\`, `\$`, `` \` `` escapes and expansion), backslash
/// escapes; `$NAME` and `${NAME}` from `env` (unset expands to ""), and `${NAME:-WORD}` (WORD,
/// of literal characters and `$NAME` references, when NAME is unset or empty). Commands:
/// `echo [-n] [-e]`, `sleep N[s|m|h|d]...`, `exit [N]`, `true`, `:`, `false`, `exec COMMAND...`
/// (runs COMMAND, then the shell ends with its status), and `export NAME=VALUE...` (not after
/// `&&` or `||`), whose values the words after it and the scripts it starts see.
///
/// Files, through `files` (paths are resolved against the directory of the last `cd`):
/// - `cat FILE...` writes each file's lines to the log; a missing file writes
///   "cat: FILE: No such file or directory" and the status is 1.
/// - `cd DIR` changes the directory relative paths are resolved against; a missing DIR (or a
///   file) writes bash's message and the status is 1.
/// - `chmod [-R] MODE FILE...` is 0 when every FILE exists and 1 (with chmod's message)
///   otherwise. The fake keeps no modes, so nothing changes: a later "permission denied"
///   cannot be simulated, and exec'ing a file is not understood anyway.
/// - `source FILE`, `. FILE` run the file's text in this shell (its `cd` and `exit` count
///   here; an `export` in it is not understood, because the words after the `source` were
///   expanded before it ran); `bash FILE`, `sh FILE` (options `-e`, `-l`) run it in a child
///   shell. Shells and sourced files nest at most kMaxNesting deep.
/// A path outside every storage mount (Kind::kUnknown), a relative path before any `cd` (the
/// image's working directory is unknown), and options other than those listed are not
/// understood. With no `files`, every path is unknown.
///
/// Anything else (pipes, redirections, subshells, command substitution, background jobs,
/// assignments, control flow, positional parameters, other programs) is not understood: the
/// fake prefers saying so to simulating wrongly.
///
/// Time starts at 0 and only `sleep` advances it. The exit code is that of the last command run,
/// or `exit`'s argument modulo 256. Never throws; the work is linear in the script and the
/// files read, within `limits` (each sourced file counts its commands against max_commands).
SimulatedRun SimulateCommand(std::vector<std::string> const& argv,
                             std::map<std::string, std::string> const& env,
                             SimulationLimits const& limits = {},
                             ContainerFileReader const& files = {});

/// How deep shells (`bash -c`, `bash FILE`) and sourced files may nest.
inline constexpr int kMaxNesting = 8;

}  // namespace lepton::fake

#endif  // LEPTONKIT_FAKE_LEPTON_SRC_COMMAND_SCRIPT_H_
