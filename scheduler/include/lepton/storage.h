#ifndef LEPTONKIT_SCHEDULER_INCLUDE_LEPTON_STORAGE_H_
#define LEPTONKIT_SCHEDULER_INCLUDE_LEPTON_STORAGE_H_

// The values of the workspace storage API (SDK leptonai/api/v2/storage.py): file systems,
// directory entries, and the streamed bodies of downloads and uploads.

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <span>
#include <string>
#include <string_view>

#include "lepton/status.h"

namespace lepton {

/// The file system storage calls use when the caller names none (the SDK's default volume).
inline constexpr char kDefaultFileSystem[] = "default";

/// One file system of the workspace and the bytes it holds (`GET /storage`, `GET /storage/du`).
struct FileSystemUsage {
  std::string name;                  ///< `metadata.name` (its id when the name is absent).
  std::int64_t total_usage_bytes = 0;  ///< `status.total_usage_bytes`.

  friend bool operator==(FileSystemUsage const&, FileSystemUsage const&) = default;
};

enum class StorageEntryType { kFile, kDirectory };

/// One entry of a remote directory listing.
struct StorageEntry {
  StorageEntryType type = StorageEntryType::kFile;
  std::string name;  ///< The last segment, e.g. "x".
  std::string path;  ///< Absolute within the file system, e.g. "/a/x".

  friend bool operator==(StorageEntry const&, StorageEntry const&) = default;
};

/// Receives a download piece by piece, in order; returns false to stop it (the download then
/// ends with OK). Never handed more than one network read at a time.
using ByteSink = std::function<bool(std::string_view chunk)>;

/// An upload body of known size that can be read again from any offset, so a retried upload
/// sends the whole body again and nothing has to hold it in memory.
struct UploadSource {
  /// Copies up to `buffer.size()` bytes starting at `offset` into `buffer` and returns how many
  /// it copied. May copy fewer than asked (callers read on); 0 only at or past `size`. A failure is
  /// a Status (the upload then fails with it). Called from the thread making the request.
  using ReadAt = std::function<StatusOr<std::size_t>(std::uint64_t offset, std::span<char> buffer)>;

  std::uint64_t size = 0;  ///< The body's length in bytes; sent as is in Content-Length.
  ReadAt read_at;
};

/// A source reading the local file at `path` (opened once, kept open by the source and its
/// copies, read with positional reads). The size is the file's size now; a file that shrinks
/// later makes the upload fail with kDataLoss, one that grows is sent up to this size.
/// kNotFound when it does not exist, kInvalidArgument when it is not a regular file,
/// kPermissionDenied when it cannot be opened for reading.
[[nodiscard]] StatusOr<UploadSource> UploadSourceFromFile(std::filesystem::path const& path);

/// A source serving `content` (kept by the source and shared by its copies).
[[nodiscard]] UploadSource UploadSourceFromString(std::string content);

}  // namespace lepton

#endif  // LEPTONKIT_SCHEDULER_INCLUDE_LEPTON_STORAGE_H_
