// The storage routes (`/storage`, SDK leptonai/api/v2/storage.py): file systems and their usage,
// directory listings, streamed downloads and uploads, mkdir, delete and exists. The files live in
// the FileStore; these routes only parse, call it and answer.

#include <algorithm>
#include <memory>
#include <optional>

#include <fmt/format.h>

#include "request_hooks.h"
#include "route_util.h"
#include "routes.h"

namespace lepton::fake {
namespace {

using internal::Json;

// A download is written in pieces of this size, straight from the stored bytes.
constexpr std::size_t kDownloadPiece = 64 * 1024;
// During an upload the capacity is checked again each time this much more has arrived (and
// once more when the file is stored), so an upload that cannot fit stops early.
constexpr std::uint64_t kRoomCheckEvery = 1024 * 1024;

// FileStore's codes as HTTP (the code strings are leptonkit's inference, fixtures/README.md).
HttpError StorageError(Status const& status) {
  switch (status.code()) {
    case StatusCode::kInvalidArgument: return BadRequest(status.message());
    case StatusCode::kFailedPrecondition: return BadRequest(status.message());
    case StatusCode::kNotFound: return NotFound(status.message());
    case StatusCode::kAlreadyExists: return Conflict(status.message());
    case StatusCode::kOutOfRange: return PayloadTooLarge(status.message());
    case StatusCode::kResourceExhausted:
      return HttpError{507, "insufficient_storage", status.message()};
    default: return InternalError(status.message());
  }
}

HttpError UnsupportedMediaType(std::string message) {
  return {415, "UnsupportedMediaType", std::move(message)};
}

Json FileSystemJson(FileStore::FileSystemUsage const& fs) {
  return {{"metadata", {{"name", fs.name}, {"id", fs.name}}},
          {"status", {{"total_usage_bytes", fs.used_bytes}}}};
}

// The file-system name and the path (`/` when the URL ends at the name) of a storage URL.
std::string PathOf(httplib::Request const& req) {
  std::string path = req.matches[2];
  return path.empty() ? std::string("/") : path;
}

void ListFileSystems(FileStore const& store, httplib::Response& res) {
  Json out = Json::array();
  for (auto const& fs : store.FileSystems()) out.push_back(FileSystemJson(fs));
  ReplyObject(res, out);
}

// GET: a directory's listing or a file's bytes (streamed); HEAD: whether it exists.
void Read(FileStore const& store, httplib::Request const& req, httplib::Response& res) {
  std::string const fs = req.matches[1];
  std::string const path = PathOf(req);
  auto entry = store.Stat(fs, path);
  if (!entry) return Reply(res, StorageError(entry.status()));
  if (req.method == "HEAD") {
    res.status = 200;
    return;
  }
  if (entry->directory) {
    auto children = store.List(fs, path);
    if (!children) return Reply(res, StorageError(children.status()));
    Json out = Json::array();
    for (auto const& child : *children) {
      out.push_back({{"type", child.directory ? "dir" : "file"},
                     {"name", child.name},
                     {"path", child.path}});
    }
    return ReplyObject(res, out);
  }
  auto bytes = store.Read(fs, path);
  if (!bytes) return Reply(res, StorageError(bytes.status()));
  // The provider keeps the version it got: an overwrite or delete meanwhile does not tear it.
  std::shared_ptr<std::string const> blob = *std::move(bytes);
  res.status = 200;
  res.set_chunked_content_provider(
      "application/octet-stream", [blob](std::size_t offset, httplib::DataSink& sink) {
        if (offset >= blob->size()) {
          sink.done();
          return true;
        }
        std::size_t const n = std::min(kDownloadPiece, blob->size() - offset);
        return sink.write(blob->data() + offset, n);
      });
}

// What an upload has received so far.
struct UploadProgress {
  std::string bytes;
  std::uint64_t received = 0;  // Bytes of the file part, kept or not.
  bool in_file = false;
  bool got_file = false;
  std::string filename;
  std::size_t other_bytes = 0;
  std::uint64_t next_room_check = kRoomCheckEvery;
  std::optional<Status> stop;  // Why the upload stopped reading.
};

// POST multipart/form-data with one part `file`: the bytes of that part become the file at the
// path, streamed into one buffer (reserved from Content-Length), never held twice. The old
// file, if any, stays until the whole upload has arrived and fits.
void Upload(FileStore& store, FakeLeptonOptions const& options, httplib::Request const& req,
            httplib::Response& res, httplib::ContentReader const& reader) {
  std::string const fs = req.matches[1];
  std::string const path = PathOf(req);
  RequestScope& scope = CurrentRequest();
  scope.journal_body = "<storage upload: body not kept>";
  std::uint64_t const most = options.storage_max_file_bytes + kMultipartSlack;
  // Refused before a byte is kept: the body is still read (and dropped), so that the client,
  // which reads nothing before it has sent everything, gets the answer.
  auto const refuse = [&](HttpError const& error) {
    DrainRequest(req, res, reader, most);
    Reply(res, error);
  };
  if (!req.is_multipart_form_data()) {
    return refuse(UnsupportedMediaType(
        "an upload must be multipart/form-data with the file in a part named 'file'"));
  }
  if (Status s = store.CheckWrite(fs, path, 0, /*create_parents=*/false); !s.ok()) {
    return refuse(StorageError(s));
  }
  UploadProgress up;
  if (req.has_header("Content-Length")) {
    auto const length = req.get_header_value<std::uint64_t>("Content-Length");
    // A claimed length is not yet checked against capacity: reserve no more than 64 MiB up
    // front (64 concurrent uploads must not reserve the machine's memory).
    constexpr std::uint64_t kMostReserved = std::uint64_t{64} << 20;
    up.bytes.reserve(static_cast<std::size_t>(
        std::min({length, options.storage_max_file_bytes, kMostReserved})));
  }
  // Once the upload has failed, the rest of the body is read and dropped (up to `most`).
  std::uint64_t dropped = 0;
  auto const drop = [&dropped, most](std::size_t n) {
    dropped += n;
    return dropped <= most;
  };
  bool const read = reader(
      [&up](httplib::MultipartFormData const& part) {
        if (up.stop) return true;
        up.in_file = part.name == "file";
        if (!up.in_file) return true;
        if (up.got_file) {
          up.stop = Status(StatusCode::kInvalidArgument, "more than one part named 'file'");
          return true;
        }
        up.got_file = true;
        up.filename = part.filename;
        return true;
      },
      [&](char const* data, std::size_t n) {
        if (up.stop) return drop(n);
        if (!up.in_file) {
          up.other_bytes += n;
          if (up.other_bytes <= kMultipartSlack) return true;
          up.stop = Status(StatusCode::kInvalidArgument,
                           "the form fields other than 'file' are too large");
          return drop(n);
        }
        up.received += n;
        std::uint64_t const size = up.bytes.size() + n;
        if (size > options.storage_max_file_bytes) {
          up.stop = Status(StatusCode::kOutOfRange,
                           fmt::format("the file is larger than the per-file limit of {} bytes",
                                       options.storage_max_file_bytes));
        } else if (size >= up.next_room_check) {
          up.next_room_check = size + kRoomCheckEvery;
          if (Status s = store.CheckRoom(fs, path, size); !s.ok()) up.stop = std::move(s);
        }
        if (up.stop) {
          up.bytes = std::string();  // Nothing of a failed upload is kept.
          return drop(n);
        }
        up.bytes.append(data, n);
        return true;
      });
  scope.journal_body = fmt::format("<storage upload: {} bytes of file '{}', not kept>",
                                   up.received, up.filename.substr(0, 128));
  if (!read) res.set_header("Connection", "close");  // Cut short or too long: not all read.
  if (up.stop) return Reply(res, StorageError(*up.stop));
  if (!read) return Reply(res, BadRequest("the multipart/form-data body is malformed or cut short"));
  if (!up.got_file) {
    return Reply(res, UnsupportedMediaType("the upload has no part named 'file'"));
  }
  Status const stored = store.Write(fs, path, std::move(up.bytes), /*create_parents=*/false);
  if (!stored.ok()) return Reply(res, StorageError(stored));
  ReplyStatus(res, stored);
}

}  // namespace

void InstallStorageRoutes(httplib::Server& server, RouteContext const& ctx) {
  WorkspaceRoutes routes(server, ctx);
  std::string const storage = R"(/api/v2/workspaces/[^/]+/storage)";
  // `[\s\S]` rather than `.`: a decoded path may hold any byte, and a bad one must reach the
  // store to be refused with 400, not miss the route.
  std::string const entry = storage + R"(/([^/]+)([\s\S]*))";
  FileStore& store = ctx.storage;
  FakeLeptonOptions const& options = ctx.options;

  routes.Get(storage, [&store](httplib::Request const&, httplib::Response& res) {
    ListFileSystems(store, res);
  });
  routes.Get(storage + "/du", [&store](httplib::Request const&, httplib::Response& res) {
    auto usage = store.Usage("default");
    if (!usage) return Reply(res, StorageError(usage.status()));
    ReplyObject(res, FileSystemJson(*usage));
  });
  routes.Get(entry, [&store](httplib::Request const& req, httplib::Response& res) {
    Read(store, req, res);
  });
  routes.PostStreaming(entry, [&store, &options](httplib::Request const& req,
                                                 httplib::Response& res,
                                                 httplib::ContentReader const& reader) {
    Upload(store, options, req, res, reader);
  });
  // An upload with no body at all (httplib routes it here, not to the streaming handler).
  routes.Post(entry, [](httplib::Request const&, httplib::Response& res) {
    Reply(res, UnsupportedMediaType(
                   "an upload must be multipart/form-data with the file in a part named 'file'"));
  });
  routes.Put(entry, [&store](httplib::Request const& req, httplib::Response& res) {
    Status const s = store.MakeDirectory(req.matches[1], PathOf(req));
    if (!s.ok()) return Reply(res, StorageError(s));
    ReplyStatus(res, s);
  });
  routes.Delete(entry, [&store](httplib::Request const& req, httplib::Response& res) {
    bool const recursive = req.get_param_value("removeall") == "true";
    Status const s = store.Remove(req.matches[1], PathOf(req), recursive);
    if (!s.ok()) return Reply(res, StorageError(s));
    ReplyStatus(res, s);
  });
}

}  // namespace lepton::fake
