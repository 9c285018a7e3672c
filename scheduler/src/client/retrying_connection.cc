#include "client/retrying_connection.h"

#include <algorithm>
#include <atomic>
#include <optional>
#include <random>

#include <fmt/format.h>

namespace lepton::internal {
namespace {

// A server's Retry-After is honoured up to this long: a longer one waits this long.
constexpr Duration kMaxRetryAfter = std::chrono::minutes(10);

Status const& StatusOf(Status const& status) { return status; }
template <typename T>
Status const& StatusOf(StatusOr<T> const& result) {
  return result.status();
}

// A failure after which the server may have applied the request: no answer (a reset, a lost
// or timed-out answer) or a gateway error. 429 means the request was refused before it ran.
bool MayHaveTakenEffect(Status const& status) {
  return status.code() == StatusCode::kUnavailable ||
         status.code() == StatusCode::kDeadlineExceeded;
}

// A success answer (2xx) whose body could not be read (cut short, not JSON): the server did
// apply the request; only its answer is lost.
bool AnsweredSuccess(Status const& status) {
  int const http_status = status.error_info().http_status;
  return http_status >= 200 && http_status < 300;
}

// The wait before the next attempt: the backoff's, or the server's Retry-After when that is
// longer (up to kMaxRetryAfter), cut to what a time-bounded retry policy has left. nullopt when
// the server's Retry-After (as it asked, before the cap) ends after the policy's time: retrying
// sooner than the server asked would only be refused again, so the call gives up now.
std::optional<Duration> NextWait(RetryPolicy const& retry, BackoffPolicy& backoff,
                                 Status const& failure) {
  Duration wait = backoff.OnCompletion();
  std::optional<Duration> const left = retry.TimeLeft();
  if (auto const seconds = failure.error_info().retry_after_seconds) {
    Duration const asked = std::chrono::seconds(*seconds);
    if (left && asked > *left) return std::nullopt;
    wait = std::max(wait, std::min(asked, kMaxRetryAfter));
  }
  if (left) wait = std::min(wait, *left);
  return wait;
}

// The last failure, saying that the client gave up and after how many attempts.
Status GaveUp(Status const& failure, int attempts) {
  if (attempts <= 1 || !IsTransientFailure(failure)) return failure;
  return Status(failure.code(),
                fmt::format("{} (gave up after {} attempts)", failure.message(), attempts),
                failure.error_info());
}

// The last failure when the server's Retry-After ends after the retry policy's time.
Status GaveUpBeforeRetryAfter(Status const& failure, int attempts) {
  return Status(failure.code(),
                fmt::format("{} (gave up after {} attempt{}: the server's Retry-After of {} s "
                            "ends after the time left to retry)",
                            failure.message(), attempts, attempts == 1 ? "" : "s",
                            failure.error_info().retry_after_seconds.value_or(0)),
                failure.error_info());
}

}  // namespace

RetryingConnection::RetryingConnection(std::shared_ptr<Connection> inner,
                                       std::shared_ptr<RetryPolicy const> retry,
                                       std::shared_ptr<BackoffPolicy const> backoff,
                                       Sleeper sleeper)
    : inner_(std::move(inner)),
      retry_(retry ? std::move(retry) : std::make_shared<LimitedErrorCountRetryPolicy>(5)),
      backoff_(backoff ? std::move(backoff)
                       : std::make_shared<ExponentialBackoffPolicy>(std::chrono::seconds(1),
                                                                    std::chrono::seconds(32))),
      sleeper_(sleeper ? std::move(sleeper) : RealSleeper()) {}

template <typename Call>
auto RetryingConnection::Retry(Call&& call) -> decltype(call()) {
  return RetryWhile(std::forward<Call>(call), [] { return true; });
}

template <typename Call, typename MayRepeat>
auto RetryingConnection::RetryWhile(Call&& call, MayRepeat&& may_repeat) -> decltype(call()) {
  // The policies are cloned at the first failure: most calls succeed at once and pay nothing.
  std::unique_ptr<RetryPolicy> retry;
  std::unique_ptr<BackoffPolicy> backoff;
  for (int attempt = 1;; ++attempt) {
    auto result = call();
    Status const& status = StatusOf(result);
    if (status.ok() || !may_repeat()) return result;
    if (!retry) {
      retry = retry_->clone();
      backoff = backoff_->clone();
    }
    if (!retry->OnFailure(status)) return GaveUp(status, attempt);
    auto const wait = NextWait(*retry, *backoff, status);
    if (!wait) return GaveUpBeforeRetryAfter(status, attempt);
    sleeper_(*wait);
  }
}

std::string RetryingConnection::NewCreateToken() {
  static std::atomic<std::uint64_t> counter{0};
  thread_local std::mt19937_64 random(std::random_device{}());
  return fmt::format("{:016x}{:04x}", random(), counter.fetch_add(1) & 0xffff);
}

StatusOr<Job> RetryingConnection::CreateJob(Job const& job) {
  Job request = job;
  auto& labels = request.metadata.labels.emplace(job.metadata.labels.value_or(
      std::map<std::string, std::string>{}));
  auto [it, inserted] = labels.emplace(kCreateTokenLabel, NewCreateToken());
  std::string const token = it->second;
  (void)inserted;  // A caller's own token is kept: its retries are then idempotent too.

  ListJobsRequest lookup;
  lookup.mode = JobQueryMode::kAliveAndArchive;
  lookup.label_selector = fmt::format("{}={}", kCreateTokenLabel, token);
  lookup.page = 1;

  auto retry = retry_->clone();
  auto backoff = backoff_->clone();
  for (int attempt = 1;; ++attempt) {
    auto created = inner_->CreateJob(request);
    if (created) return created;
    Status const failure = created.status();
    if (MayHaveTakenEffect(failure) || AnsweredSuccess(failure)) {
      // The job may exist: find it by its token rather than create a second one.
      auto found = ListJobsPage(lookup, 1);
      if (found && !found->jobs.empty()) return std::move(found->jobs.front());
      if (!found) {
        return Status(failure.code(),
                      fmt::format("{}; and looking for the job afterwards failed: {}",
                                  failure.message(), found.status().message()),
                      failure.error_info());
      }
    }
    if (!retry->OnFailure(failure)) return GaveUp(failure, attempt);
    auto const wait = NextWait(*retry, *backoff, failure);
    if (!wait) return GaveUpBeforeRetryAfter(failure, attempt);
    sleeper_(*wait);
  }
}

StatusOr<Job> RetryingConnection::GetJob(std::string const& job_id, JobQueryMode mode) {
  return Retry([&] { return inner_->GetJob(job_id, mode); });
}

StatusOr<JobList> RetryingConnection::ListJobsPage(ListJobsRequest const& request, int page) {
  return Retry([&] { return inner_->ListJobsPage(request, page); });
}

Status RetryingConnection::UpdateJob(std::string const& job_id, Job const& patch) {
  return Retry([&] { return inner_->UpdateJob(job_id, patch); });
}

template <typename Call>
Status RetryingConnection::RetryUnlessDone(StatusCode done_code, Call&& call) {
  bool may_be_done = false;
  return Retry([&]() -> Status {
    Status status = call();
    // An earlier attempt that got no answer may have done it: then this answer is the success.
    if (may_be_done && status.code() == done_code) return Status();
    may_be_done = may_be_done || MayHaveTakenEffect(status);
    return status;
  });
}

Status RetryingConnection::DeleteJob(std::string const& job_id, JobQueryMode mode) {
  return RetryUnlessDone(StatusCode::kNotFound, [&] { return inner_->DeleteJob(job_id, mode); });
}

StatusOr<std::vector<Replica>> RetryingConnection::ListReplicas(std::string const& job_id,
                                                                JobQueryMode mode) {
  return Retry([&] { return inner_->ListReplicas(job_id, mode); });
}

StatusOr<std::vector<Event>> RetryingConnection::ListEvents(std::string const& job_id) {
  return Retry([&] { return inner_->ListEvents(job_id); });
}

StatusOr<std::string> RetryingConnection::ReadReplicaLog(std::string const& job_id,
                                                         std::string const& replica_id) {
  return Retry([&] { return inner_->ReadReplicaLog(job_id, replica_id); });
}

Status RetryingConnection::FollowReplicaLog(std::string const& job_id,
                                            std::string const& replica_id,
                                            LogLineSink const& sink) {
  // Repeated only while nothing was delivered: a repeat after lines would deliver them again,
  // so from then on a failure goes to the caller, who knows where it stopped.
  bool delivered = false;
  LogLineSink const counting = [&](std::string_view line) {
    delivered = true;
    return sink(line);
  };
  return RetryWhile([&] { return inner_->FollowReplicaLog(job_id, replica_id, counting); },
                    [&] { return !delivered; });
}

StatusOr<std::vector<LogLine>> RetryingConnection::QueryLogs(LogQuery const& query) {
  return Retry([&] { return inner_->QueryLogs(query); });
}

StatusOr<std::vector<NodeGroup>> RetryingConnection::ListNodeGroups() {
  return Retry([&] { return inner_->ListNodeGroups(); });
}

StatusOr<NodeGroup> RetryingConnection::GetNodeGroup(std::string const& node_group_id) {
  return Retry([&] { return inner_->GetNodeGroup(node_group_id); });
}

StatusOr<std::vector<Node>> RetryingConnection::ListNodes(std::string const& node_group_id) {
  return Retry([&] { return inner_->ListNodes(node_group_id); });
}

StatusOr<std::vector<Shape>> RetryingConnection::ListShapes(
    std::optional<std::string> const& node_group) {
  return Retry([&] { return inner_->ListShapes(node_group); });
}

StatusOr<WorkspaceInfo> RetryingConnection::GetWorkspaceInfo() {
  return Retry([&] { return inner_->GetWorkspaceInfo(); });
}

StatusOr<std::vector<Secret>> RetryingConnection::ListSecrets() {
  return Retry([&] { return inner_->ListSecrets(); });
}

Status RetryingConnection::CreateSecrets(std::vector<Secret> const& secrets) {
  // Unlike a DELETE's 404, a 409 after a lost answer cannot be taken as success: the name may
  // have held another value before. The caller is told what may have happened.
  bool may_be_done = false;
  return Retry([&]() -> Status {
    Status status = inner_->CreateSecrets(secrets);
    if (may_be_done && status.code() == StatusCode::kAlreadyExists) {
      return Status(status.code(),
                    fmt::format("{} (an earlier attempt whose answer was lost may have created "
                                "it)",
                                status.message()),
                    status.error_info());
    }
    may_be_done = may_be_done || MayHaveTakenEffect(status);
    return status;
  });
}

Status RetryingConnection::DeleteSecret(std::string const& name) {
  return RetryUnlessDone(StatusCode::kNotFound, [&] { return inner_->DeleteSecret(name); });
}

StatusOr<std::vector<FileSystemUsage>> RetryingConnection::ListFileSystems() {
  return Retry([&] { return inner_->ListFileSystems(); });
}

StatusOr<FileSystemUsage> RetryingConnection::GetStorageUsage() {
  return Retry([&] { return inner_->GetStorageUsage(); });
}

StatusOr<std::vector<StorageEntry>> RetryingConnection::ListDirectory(std::string const& fs,
                                                                      std::string const& path) {
  return Retry([&] { return inner_->ListDirectory(fs, path); });
}

Status RetryingConnection::DownloadFile(std::string const& fs, std::string const& path,
                                        ByteSink const& sink) {
  // As a log stream: once bytes reached the sink a repeat would deliver them twice, so from
  // then on a failure goes to the caller.
  bool delivered = false;
  ByteSink const counting = [&](std::string_view chunk) {
    delivered = true;
    return sink(chunk);
  };
  return RetryWhile([&] { return inner_->DownloadFile(fs, path, counting); },
                    [&] { return !delivered; });
}

Status RetryingConnection::UploadFile(std::string const& fs, std::string const& path,
                                      UploadSource const& source) {
  // An upload replaces the file whole, so sending it again is safe; each attempt reads the
  // source from its first byte.
  return Retry([&] { return inner_->UploadFile(fs, path, source); });
}

Status RetryingConnection::MakeDirectory(std::string const& fs, std::string const& path) {
  return Retry([&] { return inner_->MakeDirectory(fs, path); });
}

Status RetryingConnection::DeleteStoragePath(std::string const& fs, std::string const& path,
                                             bool recursive) {
  return RetryUnlessDone(StatusCode::kNotFound,
                         [&] { return inner_->DeleteStoragePath(fs, path, recursive); });
}

StatusOr<bool> RetryingConnection::StoragePathExists(std::string const& fs,
                                                     std::string const& path) {
  return Retry([&] { return inner_->StoragePathExists(fs, path); });
}

}  // namespace lepton::internal
