#include "scheduler/launch_script.h"

#include <fmt/format.h>

namespace lepton::sched::internal {

std::string SingleQuote(std::string_view text) {
  std::string out = "'";
  for (char const c : text) {
    if (c == '\'') {
      out += "'\\''";
    } else {
      out += c;
    }
  }
  return out + "'";
}

std::string RenderLaunchScript(LaunchScriptParts const& parts) {
  std::string script;
  // A comment ends at the newline, so one in the title would start a command: keep it on one line.
  std::string title = parts.title;
  for (char& c : title) {
    if (c == '\n' || c == '\r') c = ' ';
  }
  script += fmt::format("# leptonkit launch script{}{}\n", title.empty() ? "" : ": ", title);
  for (auto const& line : parts.exports) script += line + "\n";
  for (auto const& [mode, paths] : parts.modes) {
    if (paths.empty()) continue;
    script += "chmod " + mode;
    for (auto const& path : paths) script += " " + SingleQuote(path);
    script += "\n";
  }
  if (!parts.workdir.empty()) script += fmt::format("cd {} || exit 1\n", SingleQuote(parts.workdir));
  for (auto const& line : parts.pre_launch_commands) script += line + "\n";
  // exec: the command replaces bash, so it is the one that gets the SIGTERM of a stop or a
  // preemption (a bash waiting on it would not pass the signal on).
  script += "exec " + parts.command;
  return script;
}

}  // namespace lepton::sched::internal
