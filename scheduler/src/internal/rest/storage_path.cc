#include "internal/rest/storage_path.h"

#include <algorithm>

#include <fmt/format.h>

#include "internal/rest/workspace_url.h"

namespace lepton::internal {

Status ValidateStorageTarget(std::string_view what, std::string_view fs, std::string_view path) {
  auto invalid = [&](std::string_view why) {
    return Status(StatusCode::kInvalidArgument,
                  fmt::format("{} {}: {}", what, StorageName(fs, path), why));
  };
  if (fs.empty()) return invalid("the file system name is empty");
  if (fs.find('/') != std::string_view::npos || fs.find('\0') != std::string_view::npos) {
    return invalid("a file system name cannot contain '/' or NUL");
  }
  // `du` is the usage route (`GET /storage/du`), not a file system.
  if (fs == "." || fs == ".." || fs == "du") {
    return invalid(fmt::format("'{}' is not a file system name", fs));
  }
  if (!path.starts_with('/')) return invalid("the path must start with '/'");
  if (path.find('\0') != std::string_view::npos) return invalid("the path contains NUL");
  std::string_view rest = path.substr(1);
  while (!rest.empty()) {
    auto const slash = rest.find('/');
    std::string_view const segment = rest.substr(0, slash);
    // `.` too: the fake refuses it, and proxies may fold `/a/./b` into another path.
    if (segment == ".." || segment == ".") return invalid("the path has a '.' or '..' segment");
    if (std::any_of(segment.begin(), segment.end(),
                    [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7f; })) {
      return invalid("the path has a control character");
    }
    if (segment.empty()) return invalid("the path has an empty segment ('//')");
    if (slash == std::string_view::npos) break;
    rest.remove_prefix(slash + 1);  // A trailing '/' leaves `rest` empty: allowed.
  }
  return Status();
}

std::string StorageRequestPath(std::string_view fs, std::string_view path) {
  std::string out = "/storage/" + EncodePathSegment(fs);
  std::string_view rest = path;
  while (!rest.empty()) {
    rest.remove_prefix(1);  // The '/' in front of the segment.
    out += '/';
    auto const slash = rest.find('/');
    out += EncodePathSegment(rest.substr(0, slash));
    if (slash == std::string_view::npos) break;
    rest.remove_prefix(slash);
  }
  return out;
}

std::string StorageName(std::string_view fs, std::string_view path) {
  return fmt::format("{}:{}", fs, path);
}

}  // namespace lepton::internal
