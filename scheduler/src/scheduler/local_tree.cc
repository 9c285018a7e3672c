// Reading the local side of a staging: ScanStagingDirectory (lepton/sched/staging.h) and
// file hashing.

#include "scheduler/local_tree.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <system_error>
#include <vector>

#include <fmt/format.h>

#include "lepton/sched/staging.h"
#include "scheduler/sha256.h"

namespace lepton::internal {
namespace {

constexpr std::size_t kMaxSegmentBytes = 255;
constexpr std::size_t kMaxRelativePathBytes = 4096;
constexpr std::size_t kReadChunk = 1 << 20;

Status Refused(std::string const& relative, std::string_view why) {
  return Status(StatusCode::kInvalidArgument,
                fmt::format("cannot stage {}: {}", relative.empty() ? "." : relative, why));
}

// Well-formed UTF-8 (no overlongs, surrogates or code points past U+10FFFF): names are
// written into the JSON manifest, which could not keep other bytes as they are.
bool IsUtf8(std::string_view s) {
  for (std::size_t i = 0; i < s.size();) {
    auto const c = static_cast<unsigned char>(s[i]);
    std::size_t n = 0;
    std::uint32_t cp = 0;
    if (c < 0x80) {
      ++i;
      continue;
    }
    if ((c & 0xe0) == 0xc0) {
      n = 1;
      cp = c & 0x1f;
    } else if ((c & 0xf0) == 0xe0) {
      n = 2;
      cp = c & 0x0f;
    } else if ((c & 0xf8) == 0xf0) {
      n = 3;
      cp = c & 0x07;
    } else {
      return false;
    }
    if (i + n >= s.size()) return false;  // Cut short.
    for (std::size_t k = 1; k <= n; ++k) {
      auto const cc = static_cast<unsigned char>(s[i + k]);
      if ((cc & 0xc0) != 0x80) return false;
      cp = (cp << 6) | (cc & 0x3f);
    }
    std::uint32_t const min[] = {0, 0x80, 0x800, 0x10000};
    if (cp < min[n] || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return false;
    i += n + 1;
  }
  return true;
}

Status CheckName(std::string const& relative, std::string const& name) {
  if (name.size() > kMaxSegmentBytes) return Refused(relative, "a name longer than 255 bytes");
  for (char c : name) {
    auto const u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7f) return Refused(relative, "a control character in the name");
  }
  if (!IsUtf8(name)) return Refused(relative, "a name that is not UTF-8");
  return Status();
}

std::string ErrnoText(int error) { return std::strerror(error); }

// Depth first; `relative` is "" for the top.
Status Walk(std::filesystem::path const& dir, std::string const& relative,
            std::vector<sched::StagedEntry>& out) {
  std::error_code ec;
  std::filesystem::directory_iterator it(dir, ec);
  if (ec) return Refused(relative, fmt::format("the directory cannot be read: {}", ec.message()));
  std::vector<std::pair<std::string, std::filesystem::path>> children;
  for (; it != std::filesystem::directory_iterator(); it.increment(ec)) {
    children.emplace_back(it->path().filename().string(), it->path());
  }
  if (ec) return Refused(relative, fmt::format("the directory cannot be read: {}", ec.message()));
  std::sort(children.begin(), children.end());
  for (auto const& [name, path] : children) {
    std::string const child = relative.empty() ? name : relative + "/" + name;
    if (Status s = CheckName(child, name); !s.ok()) return s;
    if (child.size() > kMaxRelativePathBytes) {
      return Refused(child, "a path longer than 4096 bytes");
    }
    if (relative.empty() && name == sched::kStageManifestName) {
      return Refused(child, "the name is the staging manifest's");
    }
    struct stat info {};
    if (::lstat(path.c_str(), &info) != 0) {
      return Refused(child, fmt::format("cannot stat: {}", ErrnoText(errno)));
    }
    sched::StagedEntry entry;
    entry.relative_path = child;
    entry.mode = static_cast<std::uint32_t>(info.st_mode) & 0777;
    if (S_ISDIR(info.st_mode)) {
      entry.is_directory = true;
      out.push_back(entry);
      if (Status s = Walk(path, child, out); !s.ok()) return s;
      continue;
    }
    if (S_ISLNK(info.st_mode)) return Refused(child, "a symbolic link (storage has none)");
    if (S_ISFIFO(info.st_mode)) return Refused(child, "a fifo, not a regular file");
    if (S_ISSOCK(info.st_mode)) return Refused(child, "a socket, not a regular file");
    if (!S_ISREG(info.st_mode)) return Refused(child, "a device, not a regular file");
    int const fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return Refused(child, fmt::format("cannot be read: {}", ErrnoText(errno)));
    ::close(fd);
    entry.size = static_cast<std::uint64_t>(info.st_size);
    out.push_back(std::move(entry));
  }
  return Status();
}

}  // namespace

StatusOr<FileDigest> HashFile(std::filesystem::path const& path) {
  int const fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    return Status(StatusCode::kPermissionDenied,
                  fmt::format("cannot open {}: {}", path.string(), ErrnoText(errno)));
  }
  Sha256 sha;
  FileDigest digest;
  std::vector<char> buffer(kReadChunk);
  for (;;) {
    ssize_t const n = ::read(fd, buffer.data(), buffer.size());
    if (n == 0) break;
    if (n < 0) {
      if (errno == EINTR) continue;
      int const error = errno;
      ::close(fd);
      return Status(StatusCode::kDataLoss,
                    fmt::format("cannot read {}: {}", path.string(), ErrnoText(error)));
    }
    sha.Update(std::string_view(buffer.data(), static_cast<std::size_t>(n)));
    digest.size += static_cast<std::uint64_t>(n);
  }
  ::close(fd);
  digest.sha256 = sha.FinishHex();
  return digest;
}

std::filesystem::path LocalPath(std::filesystem::path const& local_dir,
                                std::string const& relative_path) {
  // '/' is the separator on every platform leptonkit builds for.
  return local_dir / relative_path;
}

}  // namespace lepton::internal

namespace lepton::sched {

StatusOr<std::vector<StagedEntry>> ScanStagingDirectory(std::filesystem::path const& local_dir) {
  struct stat info {};
  if (::stat(local_dir.c_str(), &info) != 0) {
    int const error = errno;
    return Status(error == ENOENT ? StatusCode::kNotFound : StatusCode::kInvalidArgument,
                  fmt::format("cannot stage {}: {}", local_dir.string(), std::strerror(error)));
  }
  if (!S_ISDIR(info.st_mode)) {
    return Status(StatusCode::kInvalidArgument,
                  fmt::format("cannot stage {}: not a directory", local_dir.string()));
  }
  std::vector<StagedEntry> entries;
  if (Status s = internal::Walk(local_dir, "", entries); !s.ok()) return s;
  // Depth-first by sorted names is not quite sorted by path ("a b" < "a/x" but the walk puts
  // a's children right after "a"): sort once, parents still come before their children.
  std::sort(entries.begin(), entries.end(), [](StagedEntry const& a, StagedEntry const& b) {
    return a.relative_path < b.relative_path;
  });
  return entries;
}

}  // namespace lepton::sched
