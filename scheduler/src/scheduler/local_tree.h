#ifndef LEPTONKIT_SCHEDULER_SRC_SCHEDULER_LOCAL_TREE_H_
#define LEPTONKIT_SCHEDULER_SRC_SCHEDULER_LOCAL_TREE_H_

#include <cstdint>
#include <filesystem>
#include <string>

#include "lepton/status.h"

namespace lepton::internal {

/// A file's SHA-256 (hex) and how many bytes were read.
struct FileDigest {
  std::string sha256;
  std::uint64_t size = 0;
};

/// Reads the file at `path` once, in pieces, and hashes it. kPermissionDenied when it cannot
/// be opened, kDataLoss when a read fails.
StatusOr<FileDigest> HashFile(std::filesystem::path const& path);

/// `local_dir` joined with a '/'-separated relative path.
std::filesystem::path LocalPath(std::filesystem::path const& local_dir,
                                std::string const& relative_path);

}  // namespace lepton::internal

#endif  // LEPTONKIT_SCHEDULER_SRC_SCHEDULER_LOCAL_TREE_H_
