#ifndef LEPTONKIT_SCHEDULER_SRC_SCHEDULER_LAUNCH_SCRIPT_H_
#define LEPTONKIT_SCHEDULER_SRC_SCHEDULER_LAUNCH_SCRIPT_H_

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace lepton::sched::internal {

/// The parts of the bash script a job's container runs (`bash -c SCRIPT`), in the order they
/// run. Every part may be empty.
struct LaunchScriptParts {
  /// What the script is for ("app 'train', role 'trainer'"), for its first comment line.
  std::string title;
  /// `export NAME=VALUE` lines already quoted for bash (the rendezvous prelude, env values that
  /// refer to container-only values).
  std::vector<std::string> exports;
  /// File modes to restore on staged files: octal mode ("755") -> absolute container paths.
  /// Storage keeps bytes, not modes, so the script puts them back before anything runs.
  std::map<std::string, std::vector<std::string>> modes;
  /// The directory to run in (the staged directory's mount path); the image's own when empty.
  std::string workdir;
  /// The user's shell lines, verbatim, after the `cd` and before the command.
  std::vector<std::string> pre_launch_commands;
  /// The role's command line, quoted (ShellCommand).
  std::string command;
};

/// One line per step, each path single-quoted (no expansion, no word splitting, safe for any
/// name), the `cd` stopping the script when the directory is missing (`|| exit 1`) so the
/// command never runs somewhere unintended, and the command run with `exec` (it receives the
/// container's signals). No network access, nothing downloaded: the
/// rendezvous values come from Lepton's LEPTON_JOB_* variables.
std::string RenderLaunchScript(LaunchScriptParts const& parts);

/// `text` in single quotes for bash, `'` written as `'\''`: the shell sees exactly `text`.
std::string SingleQuote(std::string_view text);

}  // namespace lepton::sched::internal

#endif  // LEPTONKIT_SCHEDULER_SRC_SCHEDULER_LAUNCH_SCRIPT_H_
