#ifndef LEPTONKIT_SCHEDULER_SRC_INTERNAL_REST_STORAGE_PATH_H_
#define LEPTONKIT_SCHEDULER_SRC_INTERNAL_REST_STORAGE_PATH_H_

#include <string>
#include <string_view>

#include "lepton/status.h"

namespace lepton::internal {

/// Checks a file system name and a path as Connection's storage calls require (see
/// connection.h); kInvalidArgument naming the problem, with `what` ("upload") in front.
Status ValidateStorageTarget(std::string_view what, std::string_view fs, std::string_view path);

/// `/storage/{fs}{path}` relative to the workspace URL, every segment percent-encoded (so the
/// result holds only unreserved characters, `%XX` and `/`). A trailing `/` is kept.
/// Expects a target ValidateStorageTarget accepted.
std::string StorageRequestPath(std::string_view fs, std::string_view path);

/// "default:/a b" for messages: the file system and the path as the caller gave them.
std::string StorageName(std::string_view fs, std::string_view path);

}  // namespace lepton::internal

#endif  // LEPTONKIT_SCHEDULER_SRC_INTERNAL_REST_STORAGE_PATH_H_
