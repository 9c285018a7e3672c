#include "routes.h"

#include <charconv>
#include <optional>
#include <regex>
#include <string>

#include <fmt/format.h>

#include "api_error.h"
#include "internal/json_codec.h"
#include "lepton/wire_codec.h"
#include "job_filter.h"

namespace lepton::fake {
namespace {

using internal::Json;

constexpr char kJson[] = "application/json";
constexpr char kWorkspacePrefix[] = "/api/v2/workspaces/";
// A replica log stream re-reads the world at least this often (real time) so that it notices a
// manual clock moving.
constexpr std::chrono::milliseconds kLogPollInterval{20};

void Reply(httplib::Response& res, HttpError const& error) {
  res.status = error.http_status;
  Json body = {{"code", error.code}, {"message", error.message}};
  res.set_content(internal::DumpJson(body), kJson);
}

HttpError FromStatus(Status const& status) {
  switch (status.code()) {
    case StatusCode::kInvalidArgument: return BadRequest(status.message());
    case StatusCode::kNotFound: return NotFound(status.message());
    default: return InternalError(status.message());
  }
}

template <typename T>
void ReplyJson(httplib::Response& res, T const& value) {
  res.status = 200;
  res.set_content(ToJson(value), kJson);
}

template <typename T>
void ReplyJson(httplib::Response& res, StatusOr<T> const& value) {
  if (!value) return Reply(res, FromStatus(value.status()));
  ReplyJson(res, *value);
}

void ReplyStatus(httplib::Response& res, Status const& status) {
  if (!status.ok()) return Reply(res, FromStatus(status));
  res.status = 200;
  res.set_content("{}", kJson);
}

// job_query_mode, with the default the SDK's matching call uses when it is absent.
std::optional<JobQueryMode> QueryMode(httplib::Request const& req, JobQueryMode fallback,
                                      httplib::Response& res) {
  if (!req.has_param("job_query_mode")) return fallback;
  std::string const value = req.get_param_value("job_query_mode");
  for (auto mode : {JobQueryMode::kAliveOnly, JobQueryMode::kArchiveOnly,
                    JobQueryMode::kAliveAndArchive}) {
    if (value == JobQueryModeName(mode)) return mode;
  }
  Reply(res, BadRequest(fmt::format(
                 "job_query_mode must be alive_only, archive_only or alive_and_archive, got '{}'",
                 value)));
  return std::nullopt;
}

std::optional<int> PositiveIntParam(httplib::Request const& req, char const* name,
                                    httplib::Response& res) {
  std::string const text = req.get_param_value(name);
  int value = 0;
  auto const [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || ptr != text.data() + text.size() || value < 1) {
    Reply(res, BadRequest(fmt::format("{} must be a positive integer, got '{}'", name, text)));
    return std::nullopt;
  }
  return value;
}

// Decodes a JSON request body; on failure answers 400 and returns nothing (state untouched).
template <typename T>
std::optional<T> Body(httplib::Request const& req, httplib::Response& res) {
  auto parsed = internal::ParseJson(req.body);
  if (!parsed) {
    Reply(res, BadRequest(parsed.status().message()));
    return std::nullopt;
  }
  if (!parsed->is_object()) {
    Reply(res, BadRequest("the request body must be a JSON object"));
    return std::nullopt;
  }
  T value{};
  Status status = internal::FromJsonValue(*parsed, value);
  if (!status.ok()) {
    Reply(res, BadRequest(status.message()));
    return std::nullopt;
  }
  return value;
}

std::vector<std::string> Params(httplib::Request const& req, char const* name) {
  std::vector<std::string> out;
  auto const range = req.params.equal_range(name);
  for (auto it = range.first; it != range.second; ++it) out.push_back(it->second);
  return out;
}

// Every known resource path with the methods it accepts, for 405 answers.
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
  };
  return kPaths;
}

// Answers 401/404 before routing for requests that are not for this workspace or lack the
// token. The token is compared, never logged or echoed.
httplib::Server::HandlerResponse CheckWorkspace(httplib::Request const& req,
                                                httplib::Response& res,
                                                FakeLeptonOptions const& options) {
  std::string_view path = req.path;
  if (!path.starts_with(kWorkspacePrefix)) return httplib::Server::HandlerResponse::Unhandled;
  path.remove_prefix(sizeof(kWorkspacePrefix) - 1);
  std::string_view const workspace = path.substr(0, path.find('/'));
  if (!options.token.empty()) {
    std::string const expected = "Bearer " + options.token;
    if (req.get_header_value("Authorization") != expected) {
      Reply(res, Unauthorized(req.has_header("Authorization")
                                  ? "invalid token"
                                  : "missing Authorization: Bearer token"));
      return httplib::Server::HandlerResponse::Handled;
    }
  }
  if (workspace != options.workspace_id) {
    Reply(res, NotFound(fmt::format("workspace '{}' not found", workspace)));
    return httplib::Server::HandlerResponse::Handled;
  }
  return httplib::Server::HandlerResponse::Unhandled;
}

void StreamLog(World& world, std::atomic<bool> const& stopping, std::string const& job_id,
               std::string const& replica_id, httplib::Response& res) {
  // Chunked text/plain: the lines so far, then new lines as the replica writes them; the
  // stream ends when the replica ends (lepton-api.md §5.4).
  auto next_line = std::make_shared<std::size_t>(0);
  res.set_chunked_content_provider(
      "text/plain",
      [&world, &stopping, job_id, replica_id, next_line](std::size_t, httplib::DataSink& sink) {
        while (!stopping.load()) {
          auto read = world.ReadLog(job_id, replica_id, *next_line);
          if (!read) break;
          std::string chunk;
          for (auto const& line : read->lines) chunk += line + "\n";
          *next_line += read->lines.size();
          if (!chunk.empty()) {
            if (!sink.write(chunk.data(), chunk.size())) return false;
            return true;
          }
          if (read->ended) break;
          if (!sink.is_writable()) return false;
          world.WaitForChange(kLogPollInterval);
        }
        sink.done();
        return true;
      });
}

}  // namespace

void InstallRoutes(httplib::Server& server, World& world, FakeLeptonOptions const& options,
                   std::atomic<bool> const& stopping) {
  server.set_pre_routing_handler([&options](httplib::Request const& req, httplib::Response& res) {
    return CheckWorkspace(req, res, options);
  });

  // Every error answer has a Lepton-shaped body: fill the ones httplib produced itself (no
  // route, 413, 400 for a bad request line) and leave the routes' own bodies alone.
  server.set_error_handler(httplib::Server::HandlerWithResponse(
      [](httplib::Request const& req, httplib::Response& res) {
    if (!res.body.empty()) return httplib::Server::HandlerResponse::Unhandled;
    if (res.status == 404) {
      for (auto const& known : KnownPaths()) {
        if (std::regex_match(req.path, known.pattern)) {
          res.set_header("Allow", known.methods);
          Reply(res, MethodNotAllowed(fmt::format("{} is not allowed on {}; allowed: {}",
                                                  req.method, req.path, known.methods)));
          return httplib::Server::HandlerResponse::Handled;
        }
      }
      Reply(res, NotFound(fmt::format("no route for {} {}", req.method, req.path)));
    } else if (res.status == 413) {
      Reply(res, PayloadTooLarge("the request body is larger than the server accepts"));
    } else {
      Reply(res, HttpError{res.status, "BadRequest", "the request could not be processed"});
    }
    return httplib::Server::HandlerResponse::Handled;
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

  std::string const jobs = R"(/api/v2/workspaces/[^/]+/jobs)";
  std::string const job = jobs + R"(/([^/]+))";

  server.Get(jobs, [&world](httplib::Request const& req, httplib::Response& res) {
    auto mode = QueryMode(req, JobQueryMode::kAliveOnly, res);
    if (!mode) return;
    ListJobsRequest filter;
    filter.mode = *mode;
    if (req.has_param("q")) filter.name_contains = req.get_param_value("q");
    if (req.has_param("query")) {
      filter.label_selector = req.get_param_value("query");
      if (auto s = ValidateLabelSelector(*filter.label_selector); !s.ok()) {
        return Reply(res, BadRequest(s.message()));
      }
    }
    filter.states = Params(req, "status");
    filter.node_groups = Params(req, "node_groups");
    if (req.has_param("created_by")) filter.created_by = req.get_param_value("created_by");
    int page = 1;
    std::optional<int> page_size;
    if (req.has_param("page")) {
      auto p = PositiveIntParam(req, "page", res);
      if (!p) return;
      page = *p;
    }
    if (req.has_param("page_size")) {
      page_size = PositiveIntParam(req, "page_size", res);
      if (!page_size) return;
    }
    ReplyJson(res, world.ListJobs(filter, page, page_size));
  });

  server.Post(jobs, [&world](httplib::Request const& req, httplib::Response& res) {
    auto body = Body<Job>(req, res);
    if (!body) return;
    ReplyJson(res, world.CreateJob(*std::move(body)));
  });

  server.Get(job, [&world](httplib::Request const& req, httplib::Response& res) {
    auto mode = QueryMode(req, JobQueryMode::kAliveAndArchive, res);
    if (!mode) return;
    ReplyJson(res, world.GetJob(req.matches[1], *mode));
  });

  server.Patch(job, [&world](httplib::Request const& req, httplib::Response& res) {
    auto body = Body<Job>(req, res);
    if (!body) return;
    ReplyStatus(res, world.PatchJob(req.matches[1], *body));
  });

  server.Delete(job, [&world](httplib::Request const& req, httplib::Response& res) {
    auto mode = QueryMode(req, JobQueryMode::kAliveOnly, res);
    if (!mode) return;
    ReplyStatus(res, world.DeleteJob(req.matches[1], *mode));
  });

  server.Get(job + "/replicas", [&world](httplib::Request const& req, httplib::Response& res) {
    auto mode = QueryMode(req, JobQueryMode::kAliveAndArchive, res);
    if (!mode) return;
    ReplyJson(res, world.ListReplicas(req.matches[1], *mode));
  });

  server.Get(job + "/events", [&world](httplib::Request const& req, httplib::Response& res) {
    ReplyJson(res, world.ListEvents(req.matches[1]));
  });

  server.Get(job + R"(/replicas/([^/]+)/log)",
             [&world, &stopping](httplib::Request const& req, httplib::Response& res) {
               std::string const job_id = req.matches[1];
               std::string const replica_id = req.matches[2];
               // Answer 404 with a JSON body before the stream starts.
               auto first = world.ReadLog(job_id, replica_id, 0);
               if (!first) return Reply(res, FromStatus(first.status()));
               StreamLog(world, stopping, job_id, replica_id, res);
             });
}

}  // namespace lepton::fake
