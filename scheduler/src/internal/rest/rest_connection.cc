#include "internal/rest/rest_connection.h"

#include <utility>

#include <fmt/format.h>

#include "internal/json_codec.h"
#include "lepton/wire_codec.h"
#include "client/retrying_connection.h"
#include "internal/rest/http_status.h"

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
    : url_(std::move(url)), pool_(url_.origin, options) {}

StatusOr<RestConnection::Answer> RestConnection::Send(char const* method, std::string const& path,
                                                      std::string const* json_body) {
  std::string const what = fmt::format("{} {}", method, path);
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
  std::optional<int> retry_after;
  if (result->has_header("Retry-After")) {
    retry_after = ParseRetryAfter(result->get_header_value("Retry-After"));
  }
  Status status = AsStatus(what, result->status, result->body, retry_after);
  if (!status.ok()) return status;
  return Answer{result->status, std::move(result->body)};
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
    info.raw_body = answer->body.substr(0, 4096);
    return Status(StatusCode::kInternal,
                  fmt::format("{} {}: the answer is not the expected JSON: {}", method, path,
                              decoded.status().message()),
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
  Status status = AsStatus(what, result->status, text);
  if (!status.ok()) return status;
  return text;
}

}  // namespace lepton::internal

namespace lepton {

StatusOr<std::shared_ptr<Connection>> MakeConnection(ClientOptions options) {
  auto url = internal::ParseWorkspaceUrl(options.workspace_url);
  if (!url) return std::move(url).status();
  auto retry = options.retry_policy;
  auto backoff = options.backoff_policy;
  auto sleeper = options.sleeper;
  auto rest = std::make_shared<internal::RestConnection>(std::move(options), *std::move(url));
  return std::shared_ptr<Connection>(std::make_shared<internal::RetryingConnection>(
      std::move(rest), std::move(retry), std::move(backoff), std::move(sleeper)));
}

}  // namespace lepton
