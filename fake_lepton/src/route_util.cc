#include "route_util.h"

#include <charconv>

#include <fmt/format.h>

#include "request_hooks.h"

namespace lepton::fake {

void Reply(httplib::Response& res, HttpError const& error) {
  res.status = error.http_status;
  internal::Json body = {{"code", error.code}, {"message", error.message}};
  res.set_content(internal::DumpJson(body), kJsonContentType);
}

HttpError FromStatus(Status const& status) {
  switch (status.code()) {
    case StatusCode::kInvalidArgument: return BadRequest(status.message());
    case StatusCode::kNotFound: return NotFound(status.message());
    case StatusCode::kAlreadyExists: return Conflict(status.message());
    default: return InternalError(status.message());
  }
}

httplib::Server::Handler WorkspaceRoutes::Guard(httplib::Server::Handler handler) const {
  return [&ctx = ctx_, handler = std::move(handler)](httplib::Request const& req,
                                                    httplib::Response& res) {
    if (!BeforeHandler(ctx, req, res)) return;
    handler(req, res);
    AfterHandler(req, res);
  };
}

void WorkspaceRoutes::PostStreaming(std::string const& pattern,
                                    httplib::Server::HandlerWithContentReader handler) {
  server_.Post(pattern, [&ctx = ctx_, handler = std::move(handler)](
                            httplib::Request const& req, httplib::Response& res,
                            httplib::ContentReader const& reader) {
    if (!BeforeHandler(ctx, req, res)) {
      return DrainRequest(req, res, reader, ctx.options.storage_max_file_bytes + kMultipartSlack);
    }
    handler(req, res, reader);
    AfterHandler(req, res);
  });
}

void DrainRequest(httplib::Request const& req, httplib::Response& res,
                  httplib::ContentReader const& reader, std::uint64_t most) {
  std::uint64_t dropped = 0;
  auto const drop = [&dropped, most](char const*, std::size_t n) {
    dropped += n;
    return dropped <= most;
  };
  bool const read = req.is_multipart_form_data()
                        ? reader([](httplib::MultipartFormData const&) { return true; }, drop)
                        : reader(drop);
  if (!read) res.set_header("Connection", "close");
}

void ReplyObject(httplib::Response& res, internal::Json const& body) {
  res.status = 200;
  res.set_content(internal::DumpJson(body), kJsonContentType);
}

void ReplyStatus(httplib::Response& res, Status const& status) {
  if (!status.ok()) return Reply(res, FromStatus(status));
  res.status = 200;
  res.set_content("{}", kJsonContentType);
}

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

std::optional<std::int64_t> IntParam(httplib::Request const& req, char const* name,
                                     std::int64_t min, std::int64_t max, httplib::Response& res) {
  std::string const text = req.get_param_value(name);
  std::int64_t value = 0;
  auto const [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || ptr != text.data() + text.size() || value < min || value > max) {
    Reply(res, BadRequest(fmt::format("{} must be an integer in [{}, {}], got '{}'", name, min,
                                      max, text.substr(0, 64))));
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

}  // namespace lepton::fake
