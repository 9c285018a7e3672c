#ifndef LEPTONKIT_SCHEDULER_SRC_INTERNAL_REST_STORAGE_JSON_H_
#define LEPTONKIT_SCHEDULER_SRC_INTERNAL_REST_STORAGE_JSON_H_

#include <string_view>
#include <vector>

#include "lepton/status.h"
#include "lepton/storage.h"

namespace lepton::internal {

/// `{"metadata":{"name":..,"id":..},"status":{"total_usage_bytes":N}}`: the name is
/// `metadata.name`, else `metadata.id`; a missing usage is 0. kInvalidArgument naming the
/// problem when the text is not such an object.
StatusOr<FileSystemUsage> DecodeFileSystemUsage(std::string_view text);
/// A JSON array of file system objects.
StatusOr<std::vector<FileSystemUsage>> DecodeFileSystemList(std::string_view text);

/// A JSON array of `{"type":"file"|"dir","name":..,"path":..}` for the directory `dir_path`;
/// an entry without `path` gets `dir_path` joined with its name. An unknown type is an error.
StatusOr<std::vector<StorageEntry>> DecodeDirectoryListing(std::string_view text,
                                                           std::string_view dir_path);

}  // namespace lepton::internal

#endif  // LEPTONKIT_SCHEDULER_SRC_INTERNAL_REST_STORAGE_JSON_H_
