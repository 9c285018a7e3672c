#include "internal/rest/rest_connection.h"

#include <charconv>
#include <chrono>
#include <utility>

#include <fmt/format.h>

#include "internal/json_codec.h"
#include "lepton/wire_codec.h"
#include "client/retrying_connection.h"
#include "internal/rest/http_status.h"
#include "internal/rest/tls_warning.h"

namespace lepton::internal {
namespace {

// The longest log a single ReadReplicaLog keeps; past it the call fails rather than exhaust
// memory. Callers that need more follow the log in pieces (the historical /logs API).
constexpr std::size_t kMaxLogBytes = 64 * 1024 * 1024;

std::string JobPath(std::string const& job_id) {
  return "/jobs/" + EncodePathSegment(job_id);
}

std::string WithMode(std::string path, JobQueryMode mode) {
  return path + "?" + EncodeQuery({{"job_query_mode", JobQueryModeName(mode)}});
}

}  // namespace

RestConnection::RestConnection(ClientOptions options, WorkspaceUrl url)
    : url_(std::move(url)),
      observer_(options.exchange_observer),
      pool_(url_.origin, options),
      token_(options.token) {}

StatusOr<RestConnection::Answer> RestConnection::Exchange(std::string const& what,
                                                          char const* method,
                                                          std::string const& path,
                                                          std::string const* json_body) {
  httplib::Request request;
  request.method = method;
  request.path = url_.path_prefix + path;
  if (json_body != nullptr) {
    request.body = *json_body;
    request.set_header("Content-Type", "application/json");
  }
  auto client = pool_.Acquire();
  httplib::Result result = client->send(request);
  if (!result) return TransportStatus(what, result.error());
  Observe(method, path, json_body != nullptr ? *json_body : std::string(), result->status,
          result->body);
  Answer answer{result->status, std::move(result->body), std::nullopt};
  if (result->has_header("Retry-After")) {
    answer.retry_after = ParseRetryAfter(result->get_header_value("Retry-After"));
  }
  return answer;
}

StatusOr<RestConnection::Answer> RestConnection::Send(char const* method, std::string const& path,
                                                      std::string const* json_body,
                                                      std::string_view label) {
  std::string const what = label.empty() ? fmt::format("{} {}", method, path)
                                         : fmt::format("{}: {} {}", label, method, path);
  auto answer = Exchange(what, method, path, json_body);
  if (!answer) return answer;
  Status status = AsStatus(what, answer->http_status, answer->body, answer->retry_after, token_);
  if (!status.ok()) return status;
  return answer;
}

void RestConnection::Observe(char const* method, std::string const& path,
                             std::string request_body, int status,
                             std::string response_body) const {
  if (!observer_) return;
  observer_(HttpExchange{method, WithoutSecret(path, token_),
                         WithoutSecret(std::move(request_body), token_), status,
                         WithoutSecret(std::move(response_body), token_)});
}

template <typename T>
StatusOr<T> RestConnection::SendAndDecode(char const* method, std::string const& path,
                                          std::string const* json_body) {
  auto answer = Send(method, path, json_body);
  if (!answer) return std::move(answer).status();
  auto decoded = FromJson<T>(answer->body);
  if (!decoded) {
    ErrorInfo info;
    info.http_status = answer->http_status;
    info.raw_body = RawBodyWithoutSecret(answer->body, token_);
    return Status(StatusCode::kInternal,
                  fmt::format("{} {}: the answer is not the expected JSON: {}", method, path,
                              WithoutSecret(decoded.status().message(), token_)),
                  std::move(info));
  }
  return decoded;
}

StatusOr<Job> RestConnection::CreateJob(Job const& job) {
  std::string const body = ToJson(job);
  return SendAndDecode<Job>("POST", "/jobs", &body);
}

StatusOr<Job> RestConnection::GetJob(std::string const& job_id, JobQueryMode mode) {
  return SendAndDecode<Job>("GET", WithMode(JobPath(job_id), mode));
}

StatusOr<JobList> RestConnection::ListJobsPage(ListJobsRequest const& request, int page) {
  std::vector<std::pair<std::string, std::string>> params;
  params.emplace_back("job_query_mode", JobQueryModeName(request.mode));
  if (request.name_contains) params.emplace_back("q", *request.name_contains);
  if (request.label_selector) params.emplace_back("query", *request.label_selector);
  for (auto const& state : request.states) params.emplace_back("status", state);
  for (auto const& group : request.node_groups) params.emplace_back("node_groups", group);
  if (request.created_by) params.emplace_back("created_by", *request.created_by);
  params.emplace_back("page", std::to_string(page));
  params.emplace_back("page_size", std::to_string(request.page_size));
  return SendAndDecode<JobList>("GET", "/jobs?" + EncodeQuery(params));
}

Status RestConnection::UpdateJob(std::string const& job_id, Job const& patch) {
  std::string const body = ToJson(patch);
  return Send("PATCH", JobPath(job_id), &body).status();
}

Status RestConnection::DeleteJob(std::string const& job_id, JobQueryMode mode) {
  return Send("DELETE", WithMode(JobPath(job_id), mode), nullptr).status();
}

StatusOr<std::vector<Replica>> RestConnection::ListReplicas(std::string const& job_id,
                                                            JobQueryMode mode) {
  return SendAndDecode<std::vector<Replica>>("GET", WithMode(JobPath(job_id) + "/replicas", mode));
}

StatusOr<std::vector<Event>> RestConnection::ListEvents(std::string const& job_id) {
  return SendAndDecode<std::vector<Event>>("GET", JobPath(job_id) + "/events");
}

StatusOr<std::string> RestConnection::ReadReplicaLog(std::string const& job_id,
                                                     std::string const& replica_id) {
  // The SDK sends no query parameters here; the stream ends when the replica ends.
  std::string const path = JobPath(job_id) + "/replicas/" + EncodePathSegment(replica_id) + "/log";
  std::string const what = fmt::format("GET {}", path);
  std::string text;
  bool too_long = false;
  auto client = pool_.Acquire();
  httplib::Result result = client->Get(
      url_.path_prefix + path, httplib::Headers{},
      [&](char const* data, std::size_t size) {
        if (text.size() + size > kMaxLogBytes) {
          too_long = true;
          return false;
        }
        text.append(data, size);
        return true;
      });
  if (too_long) {
    return Status(StatusCode::kOutOfRange,
                  fmt::format("{}: the log is longer than {} bytes", what, kMaxLogBytes));
  }
  if (!result) return TransportStatus(what, result.error());
  Status status = AsStatus(what, result->status, text, std::nullopt, token_);
  if (!status.ok()) return status;
  return text;
}

Status RestConnection::FollowReplicaLog(std::string const& job_id,
                                        std::string const& replica_id,
                                        LogLineSink const& sink) {
  std::string const path = JobPath(job_id) + "/replicas/" + EncodePathSegment(replica_id) + "/log";
  std::string const what = fmt::format("GET {}", path);
  int status = 0;
  std::optional<int> retry_after;
  std::string error_body;  // An error answer's body, for the Status.
  std::string partial;     // The line being received.
  bool stopped = false;
  auto client = pool_.Acquire();
  httplib::Result result = client->Get(
      url_.path_prefix + path, httplib::Headers{},
      [&](httplib::Response const& response) {
        status = response.status;
        if (response.has_header("Retry-After")) {
          retry_after = ParseRetryAfter(response.get_header_value("Retry-After"));
        }
        return true;
      },
      [&](char const* data, std::size_t size) {
        if (status < 200 || status >= 300) {  // Not a log: an error (or a redirect) page.
          std::size_t const limit = RawBodyCollectLimit(token_);
          if (error_body.size() < limit) {
            error_body.append(data, std::min(size, limit - error_body.size()));
          }
          return true;
        }
        std::string_view chunk(data, size);
        for (auto newline = chunk.find('\n'); newline != std::string_view::npos;
             newline = chunk.find('\n')) {
          partial.append(chunk.substr(0, newline));
          chunk.remove_prefix(newline + 1);
          if (!partial.empty() && partial.back() == '\r') partial.pop_back();  // CRLF
          if (!sink(partial)) {
            stopped = true;
            return false;
          }
          partial.clear();
        }
        partial.append(chunk);
        if (partial.size() > kMaxLogBytes) {  // A "line" that never ends: deliver it in pieces.
          if (!sink(partial)) {
            stopped = true;
            return false;
          }
          partial.clear();
        }
        return true;
      });
  if (stopped) return Status();
  if (!result) return TransportStatus(what, result.error());
  if (Status s = AsStatus(what, result->status, error_body, retry_after, token_); !s.ok()) return s;
  if (result->status >= 300) {
    // Redirects are not followed (a gateway's login page, say): never read one as a log.
    ErrorInfo info;
    info.http_status = result->status;
    info.raw_body = RawBodyWithoutSecret(error_body, token_);
    return Status(StatusCode::kInternal,
                  fmt::format("{}: HTTP {}: a redirect, which the client does not follow", what,
                              result->status),
                  std::move(info));
  }
  if (!partial.empty()) sink(partial);
  return Status();
}

// The Loki-shaped answer: {"data": {"result": [{"stream": {"replica": ...}, "values":
// [["<ns>", "<line>"], ...]}]}}, one stream per replica (SDK leptonai/api/v2/log.py; `lep log
// get` reads each value as [time in ns, line], leptonai/cli/log.py). Lines keep the order of the
// streams and of the values, which is the order the query asked for.
StatusOr<std::vector<LogLine>> RestConnection::QueryLogs(LogQuery const& query) {
  if (query.job_id.empty()) {
    return Status(StatusCode::kInvalidArgument, "GET /logs: a job id is required");
  }
  if (query.limit < 1 || query.limit > 10'000) {
    return Status(StatusCode::kInvalidArgument,
                  fmt::format("GET /logs: limit must be 1 to 10000, got {}", query.limit));
  }
  std::vector<std::pair<std::string, std::string>> params;
  params.emplace_back("job", query.job_id);
  if (query.replica_id) params.emplace_back("replica", *query.replica_id);
  auto nanos = [](TimePoint t) {
    return std::to_string(
        std::chrono::duration_cast<std::chrono::nanoseconds>(t.time_since_epoch()).count());
  };
  if (query.start) params.emplace_back("start", nanos(*query.start));
  if (query.end) params.emplace_back("end", nanos(*query.end));
  params.emplace_back("limit", std::to_string(query.limit));
  params.emplace_back("direction", query.backward ? "backward" : "forward");
  if (!query.contains.empty()) params.emplace_back("q", query.contains);
  std::string const path = "/logs?" + EncodeQuery(params);
  auto answer = Send("GET", path, nullptr);
  if (!answer) return std::move(answer).status();
  auto malformed = [&](std::string_view why) {
    ErrorInfo info;
    info.http_status = answer->http_status;
    info.raw_body = RawBodyWithoutSecret(answer->body, token_);
    return Status(StatusCode::kInternal,
                  fmt::format("GET {}: the answer is not the expected log JSON: {}", path, why),
                  std::move(info));
  };
  auto json = ParseJson(answer->body);
  if (!json || !json->is_object()) return malformed("not a JSON object");
  auto data = json->find("data");
  if (data == json->end() || !data->is_object()) return malformed("no data object");
  auto result = data->find("result");
  if (result == data->end() || !result->is_array()) return malformed("no data.result array");
  std::vector<LogLine> lines;
  for (auto const& stream : *result) {
    if (!stream.is_object()) return malformed("a stream is not an object");
    std::string replica;
    if (auto labels = stream.find("stream"); labels != stream.end() && labels->is_object()) {
      replica = labels->value("replica", "");
    }
    auto values = stream.find("values");
    if (values == stream.end() || !values->is_array()) return malformed("a stream has no values");
    for (auto const& value : *values) {
      if (!value.is_array() || value.size() < 2 || !value[0].is_string() || !value[1].is_string()) {
        return malformed("a value is not [\"<ns>\", \"<line>\"]");
      }
      std::int64_t ns = 0;
      std::string const stamp = value[0].get<std::string>();
      auto [end, error] = std::from_chars(stamp.data(), stamp.data() + stamp.size(), ns);
      if (error != std::errc() || end != stamp.data() + stamp.size()) {
        return malformed("a timestamp is not nanoseconds");
      }
      lines.push_back({TimePoint(std::chrono::duration_cast<Duration>(std::chrono::nanoseconds(ns))),
                       replica, value[1].get<std::string>()});
    }
  }
  return lines;
}

StatusOr<std::vector<NodeGroup>> RestConnection::ListNodeGroups() {
  return SendAndDecode<std::vector<NodeGroup>>("GET", "/dedicated-node-groups");
}

StatusOr<NodeGroup> RestConnection::GetNodeGroup(std::string const& node_group_id) {
  return SendAndDecode<NodeGroup>("GET",
                                  "/dedicated-node-groups/" + EncodePathSegment(node_group_id));
}

StatusOr<std::vector<Node>> RestConnection::ListNodes(std::string const& node_group_id) {
  return SendAndDecode<std::vector<Node>>(
      "GET", "/dedicated-node-groups/" + EncodePathSegment(node_group_id) + "/nodes");
}

StatusOr<std::vector<Shape>> RestConnection::ListShapes(
    std::optional<std::string> const& node_group) {
  std::string path = "/shapes";
  if (node_group) path += "?" + EncodeQuery({{"node_groups", *node_group}});
  return SendAndDecode<std::vector<Shape>>("GET", path);
}

StatusOr<WorkspaceInfo> RestConnection::GetWorkspaceInfo() {
  return SendAndDecode<WorkspaceInfo>("GET", "/workspace");
}

StatusOr<std::vector<Secret>> RestConnection::ListSecrets() {
  return SendAndDecode<std::vector<Secret>>("GET", "/usersecrets");
}

Status RestConnection::CreateSecrets(std::vector<Secret> const& secrets) {
  std::string const body = ToJson(secrets);
  return Send("POST", "/usersecrets", &body).status();
}

Status RestConnection::DeleteSecret(std::string const& name) {
  return Send("DELETE", "/usersecrets/" + EncodePathSegment(name), nullptr).status();
}

}  // namespace lepton::internal

namespace lepton {

StatusOr<std::shared_ptr<Connection>> MakeConnection(ClientOptions options) {
  auto url = internal::ParseWorkspaceUrl(options.workspace_url);
  if (!url) return std::move(url).status();
  internal::WarnIfTlsVerificationIsOff(options, *url);
  auto retry = options.retry_policy;
  auto backoff = options.backoff_policy;
  auto sleeper = options.sleeper;
  auto rest = std::make_shared<internal::RestConnection>(std::move(options), *std::move(url));
  return std::shared_ptr<Connection>(std::make_shared<internal::RetryingConnection>(
      std::move(rest), std::move(retry), std::move(backoff), std::move(sleeper)));
}

}  // namespace lepton
