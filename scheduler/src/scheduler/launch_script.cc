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
  // Appended piece by piece: GCC 12 at -O3 misreads `"literal" + std::string` (-Wrestrict).
  for (auto const& line : parts.exports) script.append(line).append("\n");
  for (auto const& [mode, paths] : parts.modes) {
    if (paths.empty()) continue;
    script.append("chmod ").append(mode);
    for (auto const& path : paths) script.append(" ").append(SingleQuote(path));
    script.append("\n");
  }
  if (!parts.workdir.empty()) script += fmt::format("cd {} || exit 1\n", SingleQuote(parts.workdir));
  for (auto const& line : parts.pre_launch_commands) script.append(line).append("\n");
  // exec: the command replaces bash, so it is the one that gets the SIGTERM of a stop or a
  // preemption (a bash waiting on it would not pass the signal on).
  script.append("exec ").append(parts.command);
  return script;
}

}  // namespace lepton::sched::internal
