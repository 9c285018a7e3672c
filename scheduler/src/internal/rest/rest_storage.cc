// RestConnection's storage calls (SDK leptonai/api/v2/storage.py; the wire contract in
// fake_lepton/README.md, "Storage").

#include <algorithm>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "internal/rest/http_status.h"
#include "internal/rest/multipart_body.h"
#include "internal/rest/rest_connection.h"
#include "internal/rest/storage_json.h"
#include "internal/rest/storage_path.h"

namespace lepton::internal {
namespace {

// Bytes an upload reads from its source per write to the socket.
constexpr std::size_t kUploadChunk = 256 * 1024;

// `status` with "<label>: " in front of its message; code and details kept.
Status Labelled(std::string_view label, Status const& status) {
  return Status(status.code(), fmt::format("{}: {}", label, status.message()),
                status.error_info());
}

// A decoding failure of an answer that was a success: the server said something unexpected.
// The parser's message may quote the body, so both are kept without `secret`.
Status NotExpected(std::string_view what, int http_status, std::string const& body,
                   Status const& why, std::string_view secret) {
  ErrorInfo info;
  info.http_status = http_status;
  info.raw_body = RawBodyWithoutSecret(body, secret);
  return Status(StatusCode::kInternal,
                fmt::format("{}: the answer is not the expected JSON: {}", what,
                            WithoutSecret(why.message(), secret)),
                std::move(info));
}

std::string_view LastSegment(std::string_view path) {
  return path.substr(path.rfind('/') + 1);
}

}  // namespace

StatusOr<std::vector<FileSystemUsage>> RestConnection::ListFileSystems() {
  auto answer = Send("GET", "/storage", nullptr);
  if (!answer) return std::move(answer).status();
  auto decoded = DecodeFileSystemList(answer->body);
  if (!decoded) {
    return NotExpected("GET /storage", answer->http_status, answer->body, decoded.status(),
                       token_);
  }
  return decoded;
}

StatusOr<FileSystemUsage> RestConnection::GetStorageUsage() {
  auto answer = Send("GET", "/storage/du", nullptr);
  if (!answer) return std::move(answer).status();
  auto decoded = DecodeFileSystemUsage(answer->body);
  if (!decoded) {
    return NotExpected("GET /storage/du", answer->http_status, answer->body, decoded.status(),
                       token_);
  }
  return decoded;
}

StatusOr<std::vector<StorageEntry>> RestConnection::ListDirectory(std::string const& fs,
                                                                  std::string const& path) {
  std::string const label = fmt::format("list directory {}", StorageName(fs, path));
  if (Status s = ValidateStorageTarget("list directory", fs, path); !s.ok()) return s;
  std::string const request_path = StorageRequestPath(fs, path);
  auto answer = Send("GET", request_path, nullptr, label);
  if (!answer) return std::move(answer).status();
  auto decoded = DecodeDirectoryListing(answer->body, path);
  if (!decoded) {
    return NotExpected(fmt::format("{}: GET {}", label, request_path), answer->http_status,
                       answer->body, decoded.status(), token_);
  }
  return decoded;
}

Status RestConnection::DownloadFile(std::string const& fs, std::string const& path,
                                    ByteSink const& sink) {
  if (Status s = ValidateStorageTarget("download", fs, path); !s.ok()) return s;
  std::string const request_path = StorageRequestPath(fs, path);
  std::string const what =
      fmt::format("download {}: GET {}", StorageName(fs, path), request_path);
  int status = 0;
  std::optional<int> retry_after;
  std::string error_body;  // The body of an answer that is not the file.
  std::uint64_t delivered = 0;
  bool stopped = false;
  auto client = pool_.Acquire();
  httplib::Result result = client->Get(
      url_.path_prefix + request_path, httplib::Headers{},
      [&](httplib::Response const& response) {
        status = response.status;
        if (response.has_header("Retry-After")) {
          retry_after = ParseRetryAfter(response.get_header_value("Retry-After"));
        }
        return true;
      },
      [&](char const* data, std::size_t size) {
        if (status < 200 || status >= 300) {  // An error (or a redirect) page, not the file.
          std::size_t const limit = RawBodyCollectLimit(token_);
          if (error_body.size() < limit) {
            error_body.append(data, std::min(size, limit - error_body.size()));
          }
          return true;
        }
        delivered += size;
        if (!sink(std::string_view(data, size))) {
          stopped = true;
          return false;
        }
        return true;
      });
  // The observer never sees the file's bytes, only how many there were.
  auto const observed_body = [&] {
    return status >= 200 && status < 300 ? fmt::format("<download, {} bytes>", delivered)
                                         : error_body;
  };
  if (stopped) {
    Observe("GET", request_path, {}, status, observed_body());
    return Status();
  }
  if (!result) return TransportStatus(what, result.error());
  Observe("GET", request_path, {}, result->status, observed_body());
  if (Status s = AsStatus(what, result->status, error_body, retry_after, token_); !s.ok()) return s;
  if (result->status >= 300) {
    // Redirects are not followed (a gateway's login page, say): never read one as the file.
    ErrorInfo info;
    info.http_status = result->status;
    info.raw_body = RawBodyWithoutSecret(error_body, token_);
    return Status(StatusCode::kInternal,
                  fmt::format("{}: HTTP {}: a redirect, which the client does not follow", what,
                              result->status),
                  std::move(info));
  }
  return Status();
}

Status RestConnection::UploadFile(std::string const& fs, std::string const& path,
                                  UploadSource const& source) {
  if (Status s = ValidateStorageTarget("upload", fs, path); !s.ok()) return s;
  std::string const name(LastSegment(path));
  if (name.empty()) {
    return Status(StatusCode::kInvalidArgument,
                  fmt::format("upload {}: the path names a directory, not a file",
                              StorageName(fs, path)));
  }
  if (!source.read_at) {
    return Status(StatusCode::kInvalidArgument,
                  fmt::format("upload {}: the source has no read function", StorageName(fs, path)));
  }
  std::string const request_path = StorageRequestPath(fs, path);
  std::string const label = fmt::format("upload {}", StorageName(fs, path));
  std::string const what = fmt::format("{}: POST {}", label, request_path);
  std::string const boundary = NewMultipartBoundary();
  UploadSource const body = MultipartFormBody(source, "file", name, boundary);
  Status source_failure;
  std::vector<char> buffer(kUploadChunk);
  auto client = pool_.Acquire();
  httplib::Result result = client->Post(
      url_.path_prefix + request_path, httplib::Headers{}, static_cast<std::size_t>(body.size),
      [&](std::size_t offset, std::size_t length, httplib::DataSink& sink) {
        std::size_t const want = std::min(length, buffer.size());
        auto n = body.read_at(offset, std::span<char>(buffer.data(), want));
        if (!n) {
          source_failure = std::move(n).status();
          return false;  // Ends the request (httplib: Canceled).
        }
        // A failed write is left for httplib to report as a write error (transient), which
        // returning false here would turn into a cancellation.
        sink.write(buffer.data(), *n);
        return true;
      },
      MultipartContentType(boundary));
  if (!source_failure.ok()) return Labelled(label, source_failure);
  if (!result) return TransportStatus(what, result.error());
  Observe("POST", request_path, fmt::format("<multipart upload, {} bytes>", body.size),
          result->status, result->body);
  std::optional<int> retry_after;
  if (result->has_header("Retry-After")) {
    retry_after = ParseRetryAfter(result->get_header_value("Retry-After"));
  }
  return AsStatus(what, result->status, result->body, retry_after, token_);
}

Status RestConnection::MakeDirectory(std::string const& fs, std::string const& path) {
  if (Status s = ValidateStorageTarget("make directory", fs, path); !s.ok()) return s;
  return Send("PUT", StorageRequestPath(fs, path), nullptr,
              fmt::format("make directory {}", StorageName(fs, path)))
      .status();
}

Status RestConnection::DeleteStoragePath(std::string const& fs, std::string const& path,
                                         bool recursive) {
  if (Status s = ValidateStorageTarget("delete", fs, path); !s.ok()) return s;
  std::string request_path = StorageRequestPath(fs, path);
  if (recursive) request_path += "?removeall=true";
  return Send("DELETE", request_path, nullptr,
              fmt::format("delete {}", StorageName(fs, path)))
      .status();
}

StatusOr<bool> RestConnection::StoragePathExists(std::string const& fs, std::string const& path) {
  if (Status s = ValidateStorageTarget("check", fs, path); !s.ok()) return s;
  std::string const request_path = StorageRequestPath(fs, path);
  std::string const what =
      fmt::format("check {}: HEAD {}", StorageName(fs, path), request_path);
  auto answer = Exchange(what, "HEAD", request_path, nullptr);
  if (!answer) return std::move(answer).status();
  // As the SDK: it exists only when the answer is exactly 200.
  if (answer->http_status == 200) return true;
  if (answer->http_status == 404) return false;
  if (answer->http_status >= 300 && answer->http_status < 400) {
    ErrorInfo info;
    info.http_status = answer->http_status;
    return Status(StatusCode::kInternal,
                  fmt::format("{}: HTTP {}: a redirect, which the client does not follow", what,
                              answer->http_status),
                  std::move(info));
  }
  if (Status s = AsStatus(what, answer->http_status, answer->body, answer->retry_after, token_);
      !s.ok()) {
    return s;
  }
  return false;
}

}  // namespace lepton::internal
