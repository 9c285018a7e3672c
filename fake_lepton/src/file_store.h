#ifndef LEPTONKIT_FAKE_LEPTON_SRC_FILE_STORE_H_
#define LEPTONKIT_FAKE_LEPTON_SRC_FILE_STORE_H_

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "lepton/clock.h"
#include "lepton/status.h"

namespace lepton::fake {

/// The workspace's storage (`/storage/{fs}{path}`): named in-memory file systems of directories
/// and files. No HTTP.
///
/// A file's bytes are an immutable shared blob: a reader (a download, a simulated `cat`) keeps
/// the version it got even if the file is overwritten or deleted meanwhile, nothing is copied
/// to read, and a thousand files cost their bytes plus a node each.
///
/// Paths are absolute, `/`-separated, already percent-decoded. Valid: at most kMaxPathBytes
/// bytes; segments of 1 to kMaxSegmentBytes bytes without NUL or other control bytes, and
/// neither `.` nor `..`; one trailing `/` is allowed and dropped. Anything else is
/// kInvalidArgument, so a path can never leave its file system.
///
/// Errors: kInvalidArgument (a bad path or `/` as a target), kNotFound (an unknown file system,
/// a missing path or parent), kAlreadyExists (a file where a directory is needed or the other
/// way round), kFailedPrecondition (a non-empty directory deleted without `recursive`),
/// kOutOfRange (a file over the per-file limit), kResourceExhausted (over the capacity).
///
/// @par Thread Safety
/// All methods lock one internal mutex (never while bytes are copied in or out).
class FileStore {
 public:
  static constexpr std::size_t kMaxPathBytes = 4096;
  static constexpr std::size_t kMaxSegmentBytes = 255;

  struct Limits {
    /// The sum of the file sizes of one file system may not exceed this.
    std::uint64_t capacity_bytes = 0;
    /// No file may be larger.
    std::uint64_t max_file_bytes = 0;
  };

  /// One file system per name, each empty. `clock` stamps modification times (the system
  /// clock when null).
  FileStore(std::vector<std::string> file_systems, Limits limits, std::shared_ptr<Clock> clock);

  /// The canonical form of `path` ("/a/b", "/" for the root), or kInvalidArgument saying why.
  [[nodiscard]] static StatusOr<std::string> Normalize(std::string_view path);

  struct FileSystemUsage {
    std::string name;
    std::uint64_t used_bytes = 0;
  };
  /// Every file system, in the order configured.
  [[nodiscard]] std::vector<FileSystemUsage> FileSystems() const;
  [[nodiscard]] StatusOr<FileSystemUsage> Usage(std::string const& fs) const;

  struct Entry {
    std::string name;  ///< The last segment ("" for the root).
    std::string path;  ///< Canonical.
    bool directory = false;
    std::uint64_t size = 0;  ///< 0 for a directory.
    TimePoint modified{};
  };
  /// The entry at `path` (a file or a directory).
  [[nodiscard]] StatusOr<Entry> Stat(std::string const& fs, std::string_view path) const;
  /// The children of the directory at `path`, sorted by name; kAlreadyExists if it is a file.
  [[nodiscard]] StatusOr<std::vector<Entry>> List(std::string const& fs,
                                                  std::string_view path) const;
  /// The bytes of the file at `path`; kAlreadyExists if it is a directory.
  [[nodiscard]] StatusOr<std::shared_ptr<std::string const>> Read(std::string const& fs,
                                                                  std::string_view path) const;

  /// Checks, before any byte arrives, that `bytes` bytes could be written to `path`: the path
  /// is valid and not `/`, its parent is a directory (kNotFound naming the parent unless
  /// `create_parents`), it is not a directory, and the size fits both limits.
  [[nodiscard]] Status CheckWrite(std::string const& fs, std::string_view path,
                                  std::uint64_t bytes, bool create_parents) const;
  /// Whether a file of `bytes` replacing whatever is at `path` keeps the file system within
  /// its capacity (kResourceExhausted if not); for an upload that is still arriving.
  [[nodiscard]] Status CheckRoom(std::string const& fs, std::string_view path,
                                 std::uint64_t bytes) const;
  /// Writes (or replaces) the file at `path` with `bytes`, stamped now. The same checks as
  /// CheckWrite, made again atomically; on failure nothing changes (an old file stays).
  Status Write(std::string const& fs, std::string_view path, std::string bytes,
               bool create_parents);
  /// The same with bytes already shared (a simulated `cp` of a stored file copies nothing);
  /// null is an empty file.
  Status Write(std::string const& fs, std::string_view path,
               std::shared_ptr<std::string const> blob, bool create_parents);
  /// mkdir -p: creates the directory and any missing parents; an existing directory is fine;
  /// kAlreadyExists if a file is in the way.
  Status MakeDirectory(std::string const& fs, std::string_view path);
  /// Deletes a file, an empty directory, or (with `recursive`) a directory and everything in
  /// it. `/` is kInvalidArgument.
  Status Remove(std::string const& fs, std::string_view path, bool recursive);

  /// Empties every file system.
  void Clear();

 private:
  struct Node {
    bool directory = false;
    std::shared_ptr<std::string const> bytes;  // Files only; never null for a file.
    TimePoint modified{};
    std::map<std::string, std::unique_ptr<Node>, std::less<>> children;  // Directories only.
  };
  struct FileSystem {
    Node root{true, nullptr, {}, {}};
    std::uint64_t used_bytes = 0;
  };

  StatusOr<FileSystem const*> FindFs(std::string const& fs) const;
  // The node at a normalised path; kNotFound naming it when absent. Holds no lock: the caller
  // holds mu_.
  StatusOr<Node const*> FindExistingLocked(std::string const& fs, std::string const& canonical) const;
  static std::vector<std::string_view> Segments(std::string const& canonical);
  static Node const* Walk(Node const& root, std::vector<std::string_view> const& segments,
                          std::size_t count);
  Status CheckWriteLocked(FileSystem const& fs, std::string const& canonical,
                          std::uint64_t bytes, bool create_parents) const;

  std::vector<std::string> const order_;
  Limits const limits_;
  std::shared_ptr<Clock> const clock_;
  mutable std::mutex mu_;
  std::map<std::string, FileSystem, std::less<>> file_systems_;
};

}  // namespace lepton::fake

#endif  // LEPTONKIT_FAKE_LEPTON_SRC_FILE_STORE_H_
