#include "request_hooks.h"

#include <charconv>
#include <chrono>
#include <memory>
#include <regex>
#include <thread>

#include <fmt/format.h>

#include "fault_engine.h"
#include "internal/json_codec.h"
#include "request_journal.h"
#include "route_util.h"
#include "routes.h"
#include "socket_control.h"

namespace lepton::fake {
namespace {

using Hook = httplib::Server::HandlerResponse;

constexpr std::string_view kControlPrefix = "/fake/";
// A body no JSON parser accepts, served with a JSON content type.
constexpr char kMalformedBody[] = "{\"metadata\": {\"name\": <html>Bad Gateway</html>";
constexpr auto kPollInterval = std::chrono::milliseconds(1);

bool IsControlPath(std::string const& path) { return path.starts_with(kControlPrefix); }

// Lepton-shaped codes for the statuses gateways and the API answer (inferred, fixtures/README.md).
std::string CodeForStatus(int status) {
  switch (status) {
    case 400: return "BadRequest";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "NotFound";
    case 409: return "Conflict";
    case 429: return "TooManyRequests";
    case 500: return "InternalError";
    case 502: return "BadGateway";
    case 503: return "ServiceUnavailable";
    case 504: return "GatewayTimeout";
    default: return status < 500 ? "BadRequest" : "InternalError";
  }
}

void ReplyFault(httplib::Response& res, FaultRule const& rule) {
  std::string const name = rule.name.empty() ? "header" : rule.name;
  Reply(res, HttpError{rule.status, rule.code.empty() ? CodeForStatus(rule.status) : rule.code,
                       rule.message.empty()
                           ? fmt::format("injected by fake-lepton fault '{}'", name)
                           : rule.message});
  if (rule.retry_after) {
    auto const ms = std::chrono::duration_cast<std::chrono::milliseconds>(*rule.retry_after);
    res.set_header("Retry-After", std::to_string((ms.count() + 999) / 1000));
  }
}

// The job a request is about: the body of a create, or the job whose id is in the path.
std::string JobNameOf(World& world, httplib::Request const& req) {
  static std::regex const kJobPath(R"(/api/v2/workspaces/[^/]+/jobs/([^/]+)(/.*)?)");
  static std::regex const kJobsPath(R"(/api/v2/workspaces/[^/]+/jobs)");
  std::smatch match;
  if (std::regex_match(req.path, match, kJobPath)) {
    auto job = world.PeekJob(match[1]);
    return job && job->metadata.name ? *job->metadata.name : std::string();
  }
  if (req.method == "POST" && std::regex_match(req.path, kJobsPath)) {
    auto body = internal::ParseJson(req.body);
    if (!body || !body->is_object()) return "";
    auto metadata = body->find("metadata");
    if (metadata == body->end() || !metadata->is_object()) return "";
    auto name = metadata->find("name");
    return name != metadata->end() && name->is_string() ? name->get<std::string>() : "";
  }
  return "";
}

// The fault header's rule, or the rules' decision.
std::optional<FaultDecision> Decide(RouteContext const& ctx, httplib::Request const& req,
                                    httplib::Response& res) {
  FaultDecision decision;
  if (req.has_header(kFaultHeader)) {
    auto rule = ParseFaultRule(req.get_header_value(kFaultHeader));
    if (!rule) {
      Reply(res, BadRequest(fmt::format("{}: {}", kFaultHeader, rule.status().message())));
      return std::nullopt;
    }
    ctx.faults.CountHeaderFault();
    decision.fired = "header";
    if (rule->kind == FaultKind::kDelay) {
      (rule->real_time ? decision.real_delay : decision.clock_delay) = rule->delay;
    } else {
      decision.act = *std::move(rule);
    }
    return decision;
  }
  if (ctx.faults.empty()) return decision;
  return ctx.faults.Decide(FaultRequest{
      req.method, req.path,
      [&req](std::string const& name) -> std::optional<std::string> {
        if (!req.has_header(name.c_str())) return std::nullopt;
        return req.get_header_value(name.c_str());
      },
      [&ctx, &req] { return JobNameOf(ctx.world, req); }});
}

// httplib's own limit is raised to what an upload needs (fake_lepton.cc) and it does not bound
// chunked bodies at all, so the limit of every other body is kept here, on the headers, before
// anything is kept. A refused body is read from the socket and dropped (bounded: its length, or
// what arrives by a pause for a chunked one), and the connection is closed after the answer.
bool RefuseBody(RouteContext const& ctx, httplib::Request const& req, httplib::Response& res) {
  bool const upload = IsStorageUpload(req);
  std::uint64_t const limit = upload ? ctx.options.storage_max_file_bytes + kMultipartSlack
                                     : ctx.options.max_body_bytes;
  std::optional<HttpError> error;
  bool const bodiless = req.method == "GET" || req.method == "HEAD" || req.method == "OPTIONS";
  if (bodiless && (req.has_header("Transfer-Encoding") ||
                   (req.has_header("Content-Length") && req.get_header_value("Content-Length") != "0"))) {
    // httplib reads no body for these methods: left in the kept-alive connection it would be
    // parsed as the next request (found by fuzz/fake_request_fuzzer). Refused, and the
    // connection closed after the answer, so nothing of it is ever read as a request.
    error = BadRequest(fmt::format("a {} request carries no body", req.method));
  } else if (req.has_header("Content-Length")) {
    std::string const text = req.get_header_value("Content-Length");
    std::uint64_t length = 0;
    auto const [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), length);
    if (ec == std::errc::result_out_of_range || (ec == std::errc() && length > limit)) {
      error = upload ? PayloadTooLarge(fmt::format(
                           "the upload is larger than the per-file limit of {} bytes",
                           ctx.options.storage_max_file_bytes))
                     : PayloadTooLarge("the request body is larger than the server accepts");
    } else if (ec != std::errc() || ptr != text.data() + text.size()) {
      error = BadRequest("invalid Content-Length");
    }
  } else if (req.has_header("Transfer-Encoding") && !upload) {
    error = HttpError{411, "LengthRequired", "a request body needs a Content-Length here"};
  }
  if (!error) return false;
  // A bad token is 401 before anything else, as for every other request.
  if (CheckWorkspace(req, res, ctx.options) == Hook::Unhandled) Reply(res, *error);
  res.set_header("Connection", "close");
  // As httplib does for its own 413: the client gets the answer once it has sent its body.
  // httplib's socket stream reads ahead at most 4 KiB.
  if (error->http_status == 413) {
    std::uint64_t length = 0;
    std::string const text = req.get_header_value("Content-Length");
    std::from_chars(text.data(), text.data() + text.size(), length);
    DrainBody(req, length, 4096, std::chrono::milliseconds(20));
  } else if (error->http_status == 411) {
    // No length to wait for: what has arrived by the first pause (a client writes its body
    // right after its headers), up to what the route would have accepted.
    std::uint64_t const most = ctx.options.max_body_bytes + kMultipartSlack;
    DrainBody(req, most, most, std::chrono::milliseconds(50));
  }
  return true;
}

Hook BeforeRouting(RouteContext const& ctx, httplib::Request const& req,
                   httplib::Response& res) {
  RequestScope& scope = CurrentRequest();
  scope = RequestScope{};
  if (!IsControlPath(req.path)) {
    scope.journaled = true;
    scope.clock_start = ctx.options.clock->Now();
    scope.wall_start = std::chrono::steady_clock::now();
  }
  return RefuseBody(ctx, req, res) ? Hook::Handled : Hook::Unhandled;
}

// Damages a handled request's answer as the fired fault says. Runs right after the handler,
// before httplib compresses the body or sets its length, so the client's decoder sees exactly
// the damaged JSON.
void DamageAnswer(FaultRule const& fault, httplib::Request const& req, httplib::Response& res,
                  RequestScope& scope) {
  switch (fault.kind) {
    case FaultKind::kDropResponse:
      scope.close_after_journal = ConnectionSocket(req);
      scope.unanswered = scope.close_after_journal >= 0;
      break;
    case FaultKind::kTruncatedBody:
      res.body.resize(res.body.size() / 2);
      break;
    case FaultKind::kMalformedBody:
      res.status = 200;
      res.set_content(kMalformedBody, kJsonContentType);
      break;
    case FaultKind::kResetMidBody: {
      auto body = std::make_shared<std::string>(std::move(res.body));
      res.body.clear();
      std::string const content_type = res.get_header_value("Content-Type");
      res.headers.erase("Content-Type");
      res.set_content_provider(
          body->size(), content_type,
          [body, request = &req](std::size_t, std::size_t, httplib::DataSink& sink) {
            sink.write(body->data(), body->size() / 2);
            ResetConnection(*request);
            return false;
          });
      break;
    }
    default:
      break;
  }
}

void AfterRouting(RouteContext const& ctx, httplib::Request const& req, httplib::Response& res) {
  RequestScope& scope = CurrentRequest();
  if (IsControlPath(req.path)) {
    scope = RequestScope{};
    return;
  }
  if (!scope.journaled) {
    // httplib refused the request before routing (a bad request line, an oversized body).
    scope.clock_start = ctx.options.clock->Now();
    scope.wall_start = std::chrono::steady_clock::now();
  }
  if (ctx.journal.capacity() > 0) {
    RecordedRequest entry;
    entry.received_at = scope.clock_start;
    entry.method = req.method;
    entry.path = req.path;
    if (auto q = req.target.find('?'); q != std::string::npos) entry.query = req.target.substr(q + 1);
    for (auto const& [name, value] : req.headers) entry.headers.emplace_back(name, value);
    // The journal redacts, then cuts it to kJournalBodyLimit.
    entry.body = scope.journal_body ? *scope.journal_body : req.body;
    entry.status = scope.unanswered ? 0 : res.status;
    entry.latency = ctx.options.clock->Now() - scope.clock_start;
    entry.wall_latency = std::chrono::steady_clock::now() - scope.wall_start;
    entry.fault = scope.fired;
    ctx.journal.Record(std::move(entry));
  } else {
    ctx.journal.Record({});
  }
  if (scope.close_after_journal >= 0) CloseWithoutAnswer(scope.close_after_journal);
  // The log stream's provider copied what it needs; the next request starts clean.
  scope = RequestScope{};
}

}  // namespace

bool IsStorageUpload(httplib::Request const& req) {
  // /api/v2/workspaces/<ws>/storage/...
  constexpr std::string_view kPrefix = "/api/v2/workspaces/";
  std::string_view path = req.path;
  if (req.method != "POST" || !path.starts_with(kPrefix)) return false;
  path.remove_prefix(kPrefix.size());
  auto const slash = path.find('/');
  return slash != 0 && slash != std::string_view::npos &&
         path.substr(slash).starts_with("/storage/");
}

RequestScope& CurrentRequest() {
  thread_local RequestScope scope;
  return scope;
}

void WaitUntil(RouteContext const& ctx, TimePoint until,
               std::function<bool()> const& still_wanted) {
  Clock const& clock = *ctx.options.clock;
  while (!ctx.stopping.load() && clock.Now() < until && (!still_wanted || still_wanted())) {
    std::this_thread::sleep_for(kPollInterval);
  }
}

void SleepReal(RouteContext const& ctx, Duration delay) {
  auto const until = std::chrono::steady_clock::now() + delay;
  while (!ctx.stopping.load() && std::chrono::steady_clock::now() < until) {
    std::this_thread::sleep_for(std::min<std::chrono::steady_clock::duration>(
        std::chrono::milliseconds(10), until - std::chrono::steady_clock::now()));
  }
}

bool BeforeHandler(RouteContext const& ctx, httplib::Request const& req, httplib::Response& res) {
  RequestScope& scope = CurrentRequest();
  auto decision = Decide(ctx, req, res);
  if (!decision) return false;
  scope.fired = decision->fired;
  scope.act = decision->act;
  // Counted from the arrival: a test that saw the rule fire and then advanced the clock must
  // release the request, whenever this thread gets to read the clock.
  if (decision->clock_delay > Duration::zero()) {
    WaitUntil(ctx, scope.clock_start + decision->clock_delay);
  }
  if (decision->real_delay > Duration::zero()) SleepReal(ctx, decision->real_delay);
  if (scope.act && scope.act->kind == FaultKind::kError) {
    ReplyFault(res, *scope.act);
    return false;
  }
  if (scope.act && scope.act->kind == FaultKind::kCloseConnection) {
    scope.close_after_journal = ConnectionSocket(req);
    scope.unanswered = scope.close_after_journal >= 0;
    Reply(res, HttpError{503, "ServiceUnavailable", "the connection was to be closed"});
    return false;
  }
  return CheckWorkspace(req, res, ctx.options) == Hook::Unhandled;
}

void AfterHandler(httplib::Request const& req, httplib::Response& res) {
  RequestScope& scope = CurrentRequest();
  if (scope.act) DamageAnswer(*scope.act, req, res, scope);
}

void InstallRequestHooks(httplib::Server& server, RouteContext const& ctx) {
  server.set_pre_routing_handler([&ctx](httplib::Request const& req, httplib::Response& res) {
    return BeforeRouting(ctx, req, res);
  });
  server.set_post_routing_handler([&ctx](httplib::Request const& req, httplib::Response& res) {
    AfterRouting(ctx, req, res);
  });
}

}  // namespace lepton::fake
