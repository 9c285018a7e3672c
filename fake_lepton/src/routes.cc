#include "routes.h"

#include <regex>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>

#include "exposure.h"
#include "request_hooks.h"
#include "route_util.h"

namespace lepton::fake {
namespace {

constexpr char kWorkspacePrefix[] = "/api/v2/workspaces/";

// Every resource path with the methods it accepts, for 405 answers.
struct KnownPath {
  std::regex pattern;
  char const* methods;
};

std::vector<KnownPath> const& KnownPaths() {
  static std::vector<KnownPath> const kPaths = {
      {std::regex(R"(/api/v2/workspaces/[^/]+/jobs)"), "GET, POST"},
      {std::regex(R"(/api/v2/workspaces/[^/]+/jobs/[^/]+)"), "GET, PATCH, DELETE"},
      {std::regex(R"(/api/v2/workspaces/[^/]+/jobs/[^/]+/(events|replicas))"), "GET"},
      {std::regex(R"(/api/v2/workspaces/[^/]+/jobs/[^/]+/replicas/[^/]+/log)"), "GET"},
      {std::regex(R"(/api/v2/workspaces/[^/]+/(logs|shapes|workspace))"), "GET"},
      {std::regex(R"(/api/v2/workspaces/[^/]+/dedicated-node-groups(/[^/]+(/nodes)?)?)"), "GET"},
      {std::regex(R"(/api/v2/workspaces/[^/]+/usersecrets)"), "GET, POST"},
      {std::regex(R"(/api/v2/workspaces/[^/]+/usersecrets/[^/]+)"), "DELETE"},
      {std::regex(R"(/api/v2/workspaces/[^/]+/storage(/du)?)"), "GET"},
      {std::regex(R"(/api/v2/workspaces/[^/]+/storage/[^/]+[\s\S]*)"),
       "GET, HEAD, POST, PUT, DELETE"},
      {std::regex(R"(/fake/v1/(reset|clock/advance|jobs/[^/]+/state))"), "POST"},
      {std::regex(R"(/fake/v1/(clock|jobs|job-table|node-occupancy))"), "GET"},
      {std::regex(R"(/fake/v1/jobs/[^/]+(/replicas/[^/]+/log)?)"), "GET"},
      {std::regex(R"(/fake/v1/node-groups)"), "GET, PUT"},
      {std::regex(R"(/fake/v1/plans)"), "GET, POST, DELETE"},
      {std::regex(R"(/fake/v1/faults)"), "GET, POST, DELETE"},
      {std::regex(R"(/fake/v1/journal)"), "GET, DELETE"},
      {std::regex(R"(/fake/v1/faults/[^/]+)"), "DELETE"},
  };
  return kPaths;
}

}  // namespace

httplib::Server::HandlerResponse CheckWorkspace(httplib::Request const& req,
                                                httplib::Response& res,
                                                FakeLeptonOptions const& options) {
  std::string_view path = req.path;
  if (!path.starts_with(kWorkspacePrefix)) return httplib::Server::HandlerResponse::Unhandled;
  path.remove_prefix(sizeof(kWorkspacePrefix) - 1);
  std::string_view const workspace = path.substr(0, path.find('/'));
  if (!options.token.empty()) {
    std::string const expected = "Bearer " + options.token;
    if (!ConstantTimeEquals(req.get_header_value("Authorization"), expected)) {
      Reply(res, Unauthorized(req.has_header("Authorization")
                                  ? "invalid token"
                                  : "missing Authorization: Bearer token"));
      return httplib::Server::HandlerResponse::Handled;
    }
  }
  if (workspace != options.workspace_id) {
    Reply(res, NotFound(fmt::format("workspace '{}' not found", workspace.substr(0, 64))));
    return httplib::Server::HandlerResponse::Handled;
  }
  return httplib::Server::HandlerResponse::Unhandled;
}

namespace {

// Fills a Lepton-shaped body into the error answers httplib produced itself (no route, 413, a
// bad request line); answers the routes wrote are left alone.
httplib::Server::HandlerResponse ShapeError(httplib::Request const& req, httplib::Response& res,
                                            FakeLeptonOptions const& options) {
  // A route's answer may be in a content provider instead (a log stream, or an answer a reset
  // fault sends in part): that is no answer httplib made either.
  if (!res.body.empty() || res.content_provider_) {
    return httplib::Server::HandlerResponse::Unhandled;
  }
  // But for a missing route (404), httplib answered without reading the body, or all of it: it
  // refused the request line or a header (e.g. a '?' inside the query), or the encoding.
  // Left in the kept-alive connection, the body would be parsed as the next request (found by
  // fuzz/fake_request_fuzzer); as for RefuseBody's answers, the client is told to close it.
  if (res.status != 404) res.set_header("Connection", "close");
  // No route ran, so nobody checked the token yet: a bad one is 401 before any 404 or 405.
  if (CheckWorkspace(req, res, options) == httplib::Server::HandlerResponse::Handled) {
    return httplib::Server::HandlerResponse::Handled;
  }
  if (res.status == 404) {
    for (auto const& known : KnownPaths()) {
      if (std::regex_match(req.path, known.pattern)) {
        res.set_header("Allow", known.methods);
        Reply(res, MethodNotAllowed(fmt::format("{} is not allowed here; allowed: {}",
                                                req.method.substr(0, 16), known.methods)));
        return httplib::Server::HandlerResponse::Handled;
      }
    }
    Reply(res, NotFound(fmt::format("no such resource: {}", req.path.substr(0, 256))));
  } else if (res.status == 413) {
    Reply(res, PayloadTooLarge("the request body is larger than the server accepts"));
  } else if (res.status == 415) {
    Reply(res, HttpError{415, "UnsupportedMediaType", "the request body's encoding is not accepted"});
  } else {
    Reply(res, HttpError{res.status, res.status < 500 ? "BadRequest" : "InternalError",
                         "the request could not be processed"});
  }
  return httplib::Server::HandlerResponse::Handled;
}

}  // namespace

void InstallRoutes(httplib::Server& server, RouteContext const& ctx, std::function<void()> reset) {
  InstallRequestHooks(server, ctx);
  FakeLeptonOptions const& options = ctx.options;
  server.set_error_handler(httplib::Server::HandlerWithResponse(
      [&options](httplib::Request const& req, httplib::Response& res) {
        return ShapeError(req, res, options);
      }));
  server.set_exception_handler([](httplib::Request const&, httplib::Response& res,
                                  std::exception_ptr ep) {
    std::string what = "unexpected error";
    try {
      if (ep) std::rethrow_exception(ep);
    } catch (std::exception const& e) {
      what = e.what();
    } catch (...) {
    }
    Reply(res, InternalError(what));
  });
  InstallJobRoutes(server, ctx);
  InstallWorkspaceRoutes(server, ctx);
  InstallStorageRoutes(server, ctx);
  InstallControlRoutes(server, ctx, std::move(reset));
  InstallFaultControlRoutes(server, ctx);
  InstallDashboardControlRoutes(server, ctx);
  if (options.serve_ui) InstallUiRoutes(server);
}

}  // namespace lepton::fake
