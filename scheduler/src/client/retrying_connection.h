#ifndef LEPTONKIT_SCHEDULER_SRC_CLIENT_RETRYING_CONNECTION_H_
#define LEPTONKIT_SCHEDULER_SRC_CLIENT_RETRYING_CONNECTION_H_

#include <memory>
#include <string>
#include <vector>

#include "lepton/backoff_policy.h"
#include "lepton/connection.h"
#include "lepton/retry_policy.h"

namespace lepton::internal {

/// The label a create carries so that, after a failure whose outcome is unknown (a reset, a
/// lost answer, a 5xx), the client can look the job up instead of creating a second one.
inline constexpr char kCreateTokenLabel[] = "leptonkit-create-token";

/// A Connection decorator that applies the retry and backoff policies of ClientOptions
/// (docs/architecture.md, "The client's layers"). Reads and PATCH are idempotent and simply
/// repeated; a DELETE repeated after an unanswered attempt that answers 404 has succeeded; a secret
/// create answering 409 after one says that it may have been this call. A create is made
/// idempotent: it carries a unique create token label, and after each failed attempt the client
/// lists the jobs with that label and returns the job if the attempt took effect. Storage calls are
/// idempotent: an upload is sent again whole (its source is read again from the start), a storage
/// DELETE is done once a repeat answers 404, and a download is repeated only while none of its
/// bytes has reached the sink.
class RetryingConnection final : public Connection {
 public:
  RetryingConnection(std::shared_ptr<Connection> inner, std::shared_ptr<RetryPolicy const> retry,
                     std::shared_ptr<BackoffPolicy const> backoff, Sleeper sleeper);

  StatusOr<Job> CreateJob(Job const& job) override;
  StatusOr<Job> GetJob(std::string const& job_id, JobQueryMode mode) override;
  StatusOr<JobList> ListJobsPage(ListJobsRequest const& request, int page) override;
  Status UpdateJob(std::string const& job_id, Job const& patch) override;
  Status DeleteJob(std::string const& job_id, JobQueryMode mode) override;
  StatusOr<std::vector<Replica>> ListReplicas(std::string const& job_id,
                                              JobQueryMode mode) override;
  StatusOr<std::vector<Event>> ListEvents(std::string const& job_id) override;
  StatusOr<std::string> ReadReplicaLog(std::string const& job_id,
                                       std::string const& replica_id) override;
  Status FollowReplicaLog(std::string const& job_id, std::string const& replica_id,
                          LogLineSink const& sink) override;
  StatusOr<std::vector<LogLine>> QueryLogs(LogQuery const& query) override;
  StatusOr<std::vector<NodeGroup>> ListNodeGroups() override;
  StatusOr<NodeGroup> GetNodeGroup(std::string const& node_group_id) override;
  StatusOr<std::vector<Node>> ListNodes(std::string const& node_group_id) override;
  StatusOr<std::vector<Shape>> ListShapes(std::optional<std::string> const& node_group) override;
  StatusOr<WorkspaceInfo> GetWorkspaceInfo() override;
  StatusOr<std::vector<Secret>> ListSecrets() override;
  Status CreateSecrets(std::vector<Secret> const& secrets) override;
  Status DeleteSecret(std::string const& name) override;
  StatusOr<std::vector<FileSystemUsage>> ListFileSystems() override;
  StatusOr<FileSystemUsage> GetStorageUsage() override;
  StatusOr<std::vector<StorageEntry>> ListDirectory(std::string const& fs,
                                                    std::string const& path) override;
  Status DownloadFile(std::string const& fs, std::string const& path,
                      ByteSink const& sink) override;
  Status UploadFile(std::string const& fs, std::string const& path,
                    UploadSource const& source) override;
  Status MakeDirectory(std::string const& fs, std::string const& path) override;
  Status DeleteStoragePath(std::string const& fs, std::string const& path,
                           bool recursive) override;
  StatusOr<bool> StoragePathExists(std::string const& fs, std::string const& path) override;

 private:
  template <typename Call>
  auto Retry(Call&& call) -> decltype(call());
  // Retry, but a failure is returned as it is once `may_repeat()` says a repeat is unsafe.
  template <typename Call, typename MayRepeat>
  auto RetryWhile(Call&& call, MayRepeat&& may_repeat) -> decltype(call());
  // For a call that is not idempotent but whose repeat fails with `done_code` once it took
  // effect (a DELETE answers 404, a create of a named secret 409): after an attempt that may
  // have taken effect, that answer means success.
  template <typename Call>
  Status RetryUnlessDone(StatusCode done_code, Call&& call);
  std::string NewCreateToken();

  std::shared_ptr<Connection> inner_;
  std::shared_ptr<RetryPolicy const> retry_;
  std::shared_ptr<BackoffPolicy const> backoff_;
  Sleeper sleeper_;
};

}  // namespace lepton::internal

#endif  // LEPTONKIT_SCHEDULER_SRC_CLIENT_RETRYING_CONNECTION_H_
