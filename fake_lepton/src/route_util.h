#ifndef LEPTONKIT_FAKE_LEPTON_SRC_ROUTE_UTIL_H_
#define LEPTONKIT_FAKE_LEPTON_SRC_ROUTE_UTIL_H_

// Parsing and answering helpers shared by the fake's routes. Every error answer is
// Lepton-shaped: `{"code": ..., "message": ...}` with a JSON content type.

#include <atomic>
#include <optional>
#include <string>
#include <vector>

#include <httplib.h>

#include "api_error.h"
#include "fault_engine.h"
#include "file_store.h"
#include "internal/json_codec.h"
#include "lepton/fake/fake_options.h"
#include "lepton/list_jobs_request.h"
#include "lepton/status.h"
#include "lepton/wire_codec.h"
#include "request_journal.h"
#include "secret_store.h"
#include "world.h"

namespace lepton::fake {

/// What the routes work on.
struct RouteContext {
  World& world;
  SecretStore& secrets;
  FileStore& storage;
  FaultEngine& faults;
  RequestJournal& journal;
  FakeLeptonOptions const& options;
  std::atomic<bool> const& stopping;
};

inline constexpr char kJsonContentType[] = "application/json";

/// Registers routes of the workspace API so that each handler runs only once BeforeHandler
/// (fault rules, then the token and workspace check) lets the request through.
class WorkspaceRoutes {
 public:
  WorkspaceRoutes(httplib::Server& server, RouteContext const& ctx) : server_(server), ctx_(ctx) {}

  void Get(std::string const& pattern, httplib::Server::Handler handler) {
    server_.Get(pattern, Guard(std::move(handler)));
  }
  void Post(std::string const& pattern, httplib::Server::Handler handler) {
    server_.Post(pattern, Guard(std::move(handler)));
  }
  void Patch(std::string const& pattern, httplib::Server::Handler handler) {
    server_.Patch(pattern, Guard(std::move(handler)));
  }
  void Delete(std::string const& pattern, httplib::Server::Handler handler) {
    server_.Delete(pattern, Guard(std::move(handler)));
  }
  void Put(std::string const& pattern, httplib::Server::Handler handler) {
    server_.Put(pattern, Guard(std::move(handler)));
  }
  /// A POST whose handler reads the body itself (httplib's streaming reader), for requests
  /// that carry a body; register a plain Post on the same pattern for those without one. When
  /// the guard answers instead, the body is read and dropped (DrainRequest).
  void PostStreaming(std::string const& pattern, httplib::Server::HandlerWithContentReader handler);

 private:
  httplib::Server::Handler Guard(httplib::Server::Handler handler) const;

  httplib::Server& server_;
  RouteContext const& ctx_;
};

/// Reads and drops the rest of a streamed request body, so that an early answer reaches a
/// client that is still sending (it reads nothing before it has sent everything). Past `most`
/// bytes it stops and marks the answer `Connection: close`.
void DrainRequest(httplib::Request const& req, httplib::Response& res,
                  httplib::ContentReader const& reader, std::uint64_t most);

void Reply(httplib::Response& res, HttpError const& error);
/// kInvalidArgument -> 400, kNotFound -> 404, kAlreadyExists -> 409, anything else -> 500.
HttpError FromStatus(Status const& status);
/// 200 with a JSON value (the control plane's answers).
void ReplyObject(httplib::Response& res, internal::Json const& body);
/// 200 with `{}`, or the error.
void ReplyStatus(httplib::Response& res, Status const& status);

template <typename T>
void ReplyJson(httplib::Response& res, T const& value) {
  res.status = 200;
  res.set_content(ToJson(value), kJsonContentType);
}

template <typename T>
void ReplyJson(httplib::Response& res, StatusOr<T> const& value) {
  if (!value) return Reply(res, FromStatus(value.status()));
  ReplyJson(res, *value);
}

/// Decodes a JSON request body into T; on failure answers 400 and returns nothing, so the
/// caller changes no state.
template <typename T>
std::optional<T> Body(httplib::Request const& req, httplib::Response& res) {
  auto parsed = internal::ParseJson(req.body);
  if (!parsed) {
    Reply(res, BadRequest(parsed.status().message()));
    return std::nullopt;
  }
  T value{};
  if (Status status = internal::FromJsonValue(*parsed, value); !status.ok()) {
    Reply(res, BadRequest(status.message()));
    return std::nullopt;
  }
  return value;
}

/// job_query_mode, or `fallback` when absent; answers 400 for any other value.
std::optional<JobQueryMode> QueryMode(httplib::Request const& req, JobQueryMode fallback,
                                      httplib::Response& res);
/// An integer parameter in [min, max]; answers 400 otherwise.
std::optional<std::int64_t> IntParam(httplib::Request const& req, char const* name,
                                     std::int64_t min, std::int64_t max, httplib::Response& res);
/// Every value of a repeated parameter, in order.
std::vector<std::string> Params(httplib::Request const& req, char const* name);

}  // namespace lepton::fake

#endif  // LEPTONKIT_FAKE_LEPTON_SRC_ROUTE_UTIL_H_
