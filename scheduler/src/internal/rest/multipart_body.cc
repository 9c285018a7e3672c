#include "internal/rest/multipart_body.h"

#include <algorithm>
#include <cstring>
#include <memory>
#include <random>

#include <fmt/format.h>

namespace lepton::internal {
namespace {

std::string QuotedFilename(std::string_view name) {
  std::string out;
  for (char c : name) {
    switch (c) {
      case '"': out += "%22"; break;
      case '\r': out += "%0D"; break;
      case '\n': out += "%0A"; break;
      default: out += c;
    }
  }
  return out;
}

// Copies what of `piece` lies at `offset` (relative to the piece) into `buffer`.
std::size_t CopyFrom(std::string const& piece, std::uint64_t offset, std::span<char> buffer) {
  if (offset >= piece.size()) return 0;
  std::size_t const n =
      std::min<std::size_t>(buffer.size(), piece.size() - static_cast<std::size_t>(offset));
  std::memcpy(buffer.data(), piece.data() + offset, n);
  return n;
}

}  // namespace

UploadSource MultipartFormBody(UploadSource file, std::string_view field,
                               std::string_view filename, std::string_view boundary) {
  auto head = std::make_shared<std::string const>(fmt::format(
      "--{}\r\nContent-Disposition: form-data; name=\"{}\"; filename=\"{}\"\r\n"
      "Content-Type: application/octet-stream\r\n\r\n",
      boundary, field, QuotedFilename(filename)));
  auto tail = std::make_shared<std::string const>(fmt::format("\r\n--{}--\r\n", boundary));
  std::uint64_t const file_size = file.size;
  UploadSource body;
  body.size = head->size() + file_size + tail->size();
  body.read_at = [head, tail, file = std::move(file), file_size](
                     std::uint64_t offset, std::span<char> buffer) -> StatusOr<std::size_t> {
    // One piece per call: the caller asks again for the rest.
    if (offset < head->size()) return CopyFrom(*head, offset, buffer);
    offset -= head->size();
    if (offset < file_size) {
      std::size_t const want =
          static_cast<std::size_t>(std::min<std::uint64_t>(buffer.size(), file_size - offset));
      auto n = file.read_at(offset, buffer.first(want));
      if (!n) return n;
      if (*n == 0 || *n > want) {
        return Status(StatusCode::kDataLoss,
                      fmt::format("the upload's source ended at byte {} of {}", offset, file_size));
      }
      return n;
    }
    return CopyFrom(*tail, offset - file_size, buffer);
  };
  return body;
}

std::string NewMultipartBoundary() {
  thread_local std::mt19937_64 random(std::random_device{}());
  return fmt::format("leptonkit-{:016x}{:016x}", random(), random());
}

std::string MultipartContentType(std::string_view boundary) {
  return fmt::format("multipart/form-data; boundary={}", boundary);
}

}  // namespace lepton::internal
