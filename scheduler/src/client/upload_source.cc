// The two UploadSource factories of lepton/storage.h.

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <memory>
#include <utility>

#include <fmt/format.h>

#include "lepton/storage.h"

namespace lepton {
namespace {

// Closes the descriptor when the last copy of the source is gone.
class FileHandle {
 public:
  explicit FileHandle(int fd) : fd_(fd) {}
  FileHandle(FileHandle const&) = delete;
  FileHandle& operator=(FileHandle const&) = delete;
  ~FileHandle() { ::close(fd_); }
  [[nodiscard]] int fd() const { return fd_; }

 private:
  int fd_;
};

std::string ErrnoText(int error) { return std::strerror(error); }

}  // namespace

StatusOr<UploadSource> UploadSourceFromFile(std::filesystem::path const& path) {
  int const fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    int const error = errno;
    StatusCode code = StatusCode::kInvalidArgument;
    if (error == ENOENT || error == ENOTDIR) code = StatusCode::kNotFound;
    if (error == EACCES || error == EPERM) code = StatusCode::kPermissionDenied;
    return Status(code, fmt::format("cannot open {}: {}", path.string(), ErrnoText(error)));
  }
  auto handle = std::make_shared<FileHandle>(fd);
  struct stat info {};
  if (::fstat(fd, &info) != 0) {
    return Status(StatusCode::kInvalidArgument,
                  fmt::format("cannot stat {}: {}", path.string(), ErrnoText(errno)));
  }
  if (!S_ISREG(info.st_mode)) {
    return Status(StatusCode::kInvalidArgument,
                  fmt::format("{} is not a regular file", path.string()));
  }
  UploadSource source;
  source.size = static_cast<std::uint64_t>(info.st_size);
  source.read_at = [handle, name = path.string()](
                       std::uint64_t offset, std::span<char> buffer) -> StatusOr<std::size_t> {
    for (;;) {
      ssize_t const n = ::pread(handle->fd(), buffer.data(), buffer.size(),
                                static_cast<off_t>(offset));
      if (n >= 0) return static_cast<std::size_t>(n);
      if (errno == EINTR) continue;
      return Status(StatusCode::kDataLoss,
                    fmt::format("cannot read {} at byte {}: {}", name, offset, ErrnoText(errno)));
    }
  };
  return source;
}

UploadSource UploadSourceFromString(std::string content) {
  auto shared = std::make_shared<std::string const>(std::move(content));
  UploadSource source;
  source.size = shared->size();
  source.read_at = [shared](std::uint64_t offset,
                            std::span<char> buffer) -> StatusOr<std::size_t> {
    if (offset >= shared->size()) return std::size_t{0};
    std::size_t const n =
        std::min<std::size_t>(buffer.size(), shared->size() - static_cast<std::size_t>(offset));
    std::memcpy(buffer.data(), shared->data() + offset, n);
    return n;
  };
  return source;
}

}  // namespace lepton
