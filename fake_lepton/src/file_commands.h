#ifndef LEPTONKIT_FAKE_LEPTON_SRC_FILE_COMMANDS_H_
#define LEPTONKIT_FAKE_LEPTON_SRC_FILE_COMMANDS_H_

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "command_script.h"
#include "container_overlay.h"

namespace lepton::fake {

/// What the simulated shell gives a file command.
class ShellHost {
 public:
  virtual ~ShellHost() = default;
  /// The absolute, normalised path `word` names from the shell's directory; nothing for a
  /// relative path before any `cd` (the image's working directory is unknown).
  [[nodiscard]] virtual std::optional<std::string> Resolve(std::string_view word) const = 0;
  /// The run's files, its own changes included.
  virtual ContainerOverlay& Files() = 0;
  /// The simulated time since the replica started.
  [[nodiscard]] virtual Duration Now() const = 0;
  /// Writes one line to standard error (the replica's log).
  virtual void Error(std::string line) = 0;
  /// Writes bytes to standard output (the log, a pipe or a redirected file); false, with
  /// nothing written, when the run's budget of made bytes would be exceeded.
  virtual bool Out(std::string_view bytes) = 0;
  /// Standard input when a pipe feeds the command; nothing when it is not known.
  [[nodiscard]] virtual std::optional<std::string> const& In() const = 0;
  /// Takes `bytes` from the run's budget of made bytes (SimulationLimits::max_made_bytes);
  /// false, with nothing taken, when they do not fit.
  virtual bool Spend(std::size_t bytes) = 0;
  [[nodiscard]] virtual std::size_t BudgetLeft() const = 0;
  [[nodiscard]] virtual SimulationLimits const& Limits() const = 0;
};

/// How a file command ended.
struct CommandOutcome {
  int status = 0;
  /// Set when the command is outside the subset (the whole run is then not simulated).
  std::optional<std::string> unsupported;
};

/// A path a command names, as found now.
struct Located {
  std::string path;  ///< Absolute, normalised.
  ContainerPath found;
};

/// Resolves and looks up `word` for `command`; nothing, with `outcome.unsupported` set, for a
/// relative path before any `cd` or a path outside every storage mount.
std::optional<Located> Locate(ShellHost& host, std::string_view command, std::string const& word,
                              CommandOutcome& outcome);

/// `tar` (see command_script.h for the subset); RunFileCommand calls it.
CommandOutcome RunTar(std::vector<std::string> const& words, ShellHost& host);

/// Whether RunFileCommand handles the command named `name`.
bool IsFileCommand(std::string_view name);

/// Runs one of `mkdir`, `rm`, `touch`, `cp`, `mv`, `test`, `[`, `base64`, `tar` (words[0])
/// on the host's files, with GNU coreutils' and GNU tar's messages and exit statuses. The
/// subset each understands is listed in command_script.h.
CommandOutcome RunFileCommand(std::vector<std::string> const& words, ShellHost& host);

}  // namespace lepton::fake

#endif  // LEPTONKIT_FAKE_LEPTON_SRC_FILE_COMMANDS_H_
