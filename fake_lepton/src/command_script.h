#ifndef LEPTONKIT_FAKE_LEPTON_SRC_COMMAND_SCRIPT_H_
#define LEPTONKIT_FAKE_LEPTON_SRC_COMMAND_SCRIPT_H_

#include <chrono>
#include <cstddef>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "lepton/clock.h"

namespace lepton::fake {

/// One line a replica writes to its log, `offset` after the replica started (no newline).
struct SimulatedLogLine {
  Duration offset{};
  std::string text;
  friend bool operator==(SimulatedLogLine const&, SimulatedLogLine const&) = default;
};

/// A change a simulated command makes to a path inside a storage mount, `offset` after the
/// replica started. The caller applies the changes in order, each at its time.
struct FileChange {
  enum class Kind {
    kWrite,          ///< Create or replace the file with `bytes` (its parent exists).
    kMakeDirectory,  ///< Create the directory (its parent exists).
    kRemove,         ///< Remove the file, or the directory and everything under it.
  };
  Duration offset{};
  Kind kind = Kind::kWrite;
  std::string path;                          ///< Absolute, normalised container path.
  std::shared_ptr<std::string const> bytes;  ///< kWrite only; never null there.
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
  /// What the run did to files inside storage mounts, in the order it did it (empty when not
  /// understood: then nothing happened).
  std::vector<FileChange> changes;
};

struct SimulationLimits {
  std::size_t max_lines = 10000;
  /// Bytes of log one run writes (a `cat` of a large staged file is cut here, not copied).
  std::size_t max_log_bytes = 1024 * 1024;
  /// One script's bytes: Linux's limit on one argument (MAX_ARG_STRLEN, 128 KiB), so a
  /// `sh -c SCRIPT` the kernel would run fits, NeMo-Run's base64 helper included.
  std::size_t max_script_bytes = 128 * 1024;
  std::size_t max_commands = 1000;
  /// Bytes one run may make, all together: what goes through pipes and redirections, what
  /// `base64 -d` and `tar` decode or decompress, and archives `tar -c` writes. Past it the
  /// command fails with a "[fake-lepton]" line (a gzip bomb stops here, not in memory).
  std::size_t max_made_bytes = 64 * 1024 * 1024;
  /// Members one `tar` may read or write.
  std::size_t max_archive_entries = 10000;
  /// The largest file a command may write (FileStore's per-file limit): past it the command
  /// fails with "File too large".
  std::size_t max_file_bytes = 1024 * 1024 * 1024;
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

/// The names of the entries of a directory at an absolute, normalised container path that the
/// reader said is a directory, in any order.
using ContainerDirectoryLister =
    std::function<std::vector<std::string>(std::string const& absolute_path)>;

/// What a simulated command sees of the container's files before it changes any.
struct ContainerFiles {
  ContainerFiles() = default;
  /// Reading only: copying, moving, archiving or removing with -r a directory that the run did
  /// not make itself is not understood without a lister.
  ContainerFiles(ContainerFileReader reader)  // NOLINT(google-explicit-constructor): a reader is enough.
      : lookup(std::move(reader)) {}
  ContainerFiles(ContainerFileReader reader, ContainerDirectoryLister lister)
      : lookup(std::move(reader)), list(std::move(lister)) {}

  ContainerFileReader lookup;
  ContainerDirectoryLister list;
};

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
/// The script subset: commands separated by `;`, newlines, `&&` and `||`; pipelines `A | B`
/// (B reads A's standard output; the stages run side by side in subshells, so their `cd`,
/// `exit` and `export` end with them, and the pipeline's status is the last stage's); one
/// output redirection per command, `> FILE` or `>> FILE` (bash opens FILE before the command
/// runs: a missing directory or a directory as FILE fails the command with bash's message and
/// status 1, without running it; `/dev/null` discards); `#` comments; single
/// quotes, double quotes (with `\"`, `\\`, `\$`, `` \` `` escapes and expansion), backslash
/// escapes; `$NAME` and `${NAME}` from `env` (unset expands to ""), and `${NAME:-WORD}` (WORD,
/// of literal characters and `$NAME` references, when NAME is unset or empty). Commands:
/// `echo [-n] [-e]`, `sleep N[s|m|h|d]...`, `exit [N]`, `true`, `:`, `false`, `exec COMMAND...`
/// (runs COMMAND, then the shell ends with its status), and `export NAME=VALUE...` (not after
/// `&&` or `||`, nor in a pipeline), whose values the words after it and the scripts it starts
/// see.
///
/// Files, through `files` (paths are resolved against the directory of the last `cd`):
/// - `cat [FILE...]` writes each file (or, without FILE, what a pipe feeds it) to standard
///   output; a missing file writes "cat: FILE: No such file or directory" and the status is 1.
/// - `cd DIR` changes the directory relative paths are resolved against; a missing DIR (or a
///   file) writes bash's message and the status is 1.
/// - `chmod [-R] MODE FILE...` is 0 when every FILE exists and 1 (with chmod's message)
///   otherwise. The fake keeps no modes, so nothing changes: a later "permission denied"
///   cannot be simulated, and exec'ing a file is not understood anyway.
/// - `source FILE`, `. FILE` run the file's text in this shell (its `cd` and `exit` count
///   here; an `export` in it is not understood, because the words after the `source` were
///   expanded before it ran); `bash FILE`, `sh FILE` (options `-e`, `-l`) run it in a child
///   shell. Shells and sourced files nest at most kMaxNesting deep.
/// - Changes, with GNU coreutils' messages and statuses (file_commands.h): `mkdir [-p]`,
///   `rm [-f] [-r|-R]` (not of a mount point), `touch` (creates; an existing file is left as it
///   is), `cp [-r|-R|-a] [-f] [-p] SRC... DEST`, `mv [-f] SRC... DEST`, and the redirections.
/// - `test EXPR` and `[ EXPR ]`: `-e`, `-f`, `-d`, `-s` FILE, `-n`, `-z` STRING, STRING,
///   `S = S`, `S != S`, integer `-eq` .. `-ge`, a leading `!` (status 0, 1, or 2 for misuse).
/// - `base64 [-d] [-w COLS] [FILE|-]`: encodes or decodes (GNU coreutils' rules) a file or
///   what a pipe feeds it.
/// - `tar -x|-t|-c [-z] [-v] -f ARCHIVE [-C DIR] [PATH...]` (bundled `-xzf` or old-style
///   `xzf` too; `-f -` is the pipe): plain or gzip archives (recognised by their first bytes
///   when reading, as GNU tar does) of files and directories, GNU tar's messages and status 2
///   on failure; a link, device or FIFO member is not extracted and fails the command with a
///   "[fake-lepton]" line; a `..` member is skipped as GNU tar skips it.
/// A path outside every storage mount (Kind::kUnknown), a relative path before any `cd` (the
/// image's working directory is unknown), and options other than those listed are not
/// understood. With no `files`, every path is unknown. Changes land in `SimulatedRun::changes`
/// and are seen by the run's later commands; `files` itself is never written.
///
/// Bounds: everything one run makes (pipes, redirections, decoded and decompressed bytes,
/// archives written) is at most `limits.max_made_bytes` together, a file at most
/// `max_file_bytes`, an archive or a copied tree at most `max_archive_entries` entries; past
/// them the command fails with a line saying so (a gzip bomb stops there, not in memory).
///
/// Anything else (input redirections, other descriptors' redirections, subshells, command
/// substitution, background jobs, assignments, control flow, positional parameters, other
/// programs) is not understood: the fake prefers saying so to simulating wrongly. A run that
/// is not understood changes nothing.
///
/// Time starts at 0 and only `sleep` advances it. The exit code is that of the last command run,
/// or `exit`'s argument modulo 256. Never throws; the work is linear in the script and the
/// files read, within `limits` (each sourced file counts its commands against max_commands).
SimulatedRun SimulateCommand(std::vector<std::string> const& argv,
                             std::map<std::string, std::string> const& env,
                             SimulationLimits const& limits = {},
                             ContainerFiles const& files = {});

/// How deep shells (`bash -c`, `bash FILE`) and sourced files may nest.
inline constexpr int kMaxNesting = 8;

}  // namespace lepton::fake

#endif  // LEPTONKIT_FAKE_LEPTON_SRC_COMMAND_SCRIPT_H_
