#ifndef LEPTONKIT_SCHEDULER_INCLUDE_LEPTON_SCHED_STAGING_H_
#define LEPTONKIT_SCHEDULER_INCLUDE_LEPTON_SCHED_STAGING_H_

// Staging: shipping a local directory into workspace storage through the storage API, in
// place of NeMo-Run's data-mover job (a busybox job whose one `sh -c` argument carries the
// directory as a base64 tarball; docs/architecture.md, NeMo-Run bugs 16-21): every
// file streamed (any size, no argument-length limit), no helper job and no image, no shell,
// unchanged files not sent again.

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "lepton/client.h"
#include "lepton/status.h"
#include "lepton/storage.h"

namespace lepton::sched {

/// The manifest a staging leaves in the target directory: what was staged, with sizes, SHA-256
/// and modes (JSON, `{"version":1,"directories":[{"path","mode"}],"files":[{"path","size",
/// "sha256","mode"}]}`, modes as octal strings such as "0755"). The next staging reads it to
/// skip unchanged files. A local entry of this name at the top of the tree cannot be staged.
inline constexpr char kStageManifestName[] = ".leptonkit-stage.json";

/// Where a staging goes: a directory of a storage file system. Never `/` itself (staging
/// deletes what it staged before there, and Remove deletes the whole directory).
struct StagingTarget {
  std::string file_system = kDefaultFileSystem;
  /// Absolute, e.g. "/leptonkit/apps/train"; a trailing '/' is ignored.
  std::string path;
};

/// One directory or regular file of a staged tree.
struct StagedEntry {
  /// '/'-separated, relative to the staged directory ("src/main.py"); never empty.
  std::string relative_path;
  bool is_directory = false;
  /// The permission bits (`mode & 0777`), e.g. 0755; storage keeps none, so a launch script
  /// restores them with chmod.
  std::uint32_t mode = 0;
  /// Files: the size in bytes and the SHA-256 of the content (64 lowercase hex digits; empty
  /// from ScanStagingDirectory, which reads no content).
  std::uint64_t size = 0;
  std::string sha256;

  friend bool operator==(StagedEntry const&, StagedEntry const&) = default;
};

/// What a staging did.
struct StagingReport {
  std::size_t files = 0;           ///< Regular files in the local tree.
  std::size_t files_uploaded = 0;  ///< Sent because new, changed or missing remotely.
  /// Skipped: the remote manifest records the same size and SHA-256, and the directory listing
  /// shows the file (its remote content is not read back).
  std::size_t files_unchanged = 0;
  std::size_t files_deleted = 0;   ///< Staged before but gone locally, so deleted remotely.
  std::uint64_t bytes_uploaded = 0;  ///< File bytes sent (multipart framing not counted).
  std::size_t directories_created = 0;
  /// False when nothing changed: the remote manifest already described this tree.
  bool manifest_written = false;
  /// The staged tree, directories and files sorted by relative path (a parent before its
  /// children); the modes are what a launch script restores.
  std::vector<StagedEntry> entries;
};

struct StagerOptions {
  /// Uploads in flight at once (each on its own thread and connection); at least 1.
  int parallel_uploads = 4;
  /// The largest file one upload may carry: a larger one is refused with kInvalidArgument,
  /// naming it, before any request. Lepton's HTTP upload takes files up to about 1 GiB (the
  /// CLI sends larger ones over rsync); the fake refuses more than its storage_max_file_bytes.
  std::uint64_t max_file_bytes = std::uint64_t{1} << 30;
};

/// Walks `local_dir` without reading any file's content: its directories and regular files,
/// sorted by relative path, with modes and sizes. kInvalidArgument naming the entry for a
/// symlink, fifo, socket or device, a file or directory that cannot be read, a name that is
/// not UTF-8 or has a control character, a name longer than 255 bytes or a path longer than
/// 4096, or kStageManifestName at the top; kNotFound when `local_dir` does not exist,
/// kInvalidArgument when it is not a directory. What Stage would stage, for a dry run.
[[nodiscard]] StatusOr<std::vector<StagedEntry>> ScanStagingDirectory(
    std::filesystem::path const& local_dir);

/// Stages local directories into storage and removes staged directories.
///
/// @par Thread Safety
/// A Stager may be used from several threads, but two stagings to one target at once race.
class Stager {
 public:
  explicit Stager(Client client, StagerOptions options = {});

  /// Makes `target.path` hold the contents of `local_dir` (not the directory itself):
  /// 1. scans the local tree (ScanStagingDirectory's errors, before any request) and hashes
  ///    every file;
  /// 2. reads the remote manifest (absent or unreadable: nothing is taken as staged) and lists
  ///    the remote directories to confirm what is there;
  /// 3. if anything differs: writes an interim manifest that trusts no file about to change,
  ///    deletes what was staged before and is gone locally (and any remote entry in the way
  ///    of the local tree), creates missing directories parents first, uploads each new,
  ///    changed or missing file (streamed; a file that changes while it is sent is an error),
  ///    and writes the new manifest last.
  /// Staging an unchanged tree again only reads. A failure returns its Status with the code
  /// kept and a message naming the local file (relative path) or remote path and what
  /// happened; the new manifest is then not written, so the next staging checks again every
  /// file this one touched.
  [[nodiscard]] StatusOr<StagingReport> Stage(std::filesystem::path const& local_dir,
                                              StagingTarget const& target);

  /// Deletes `target.path` and everything under it. OK when it is already gone.
  [[nodiscard]] Status Remove(StagingTarget const& target);

 private:
  Client client_;
  StagerOptions options_;
};

}  // namespace lepton::sched

#endif  // LEPTONKIT_SCHEDULER_INCLUDE_LEPTON_SCHED_STAGING_H_
