#ifndef LEPTONKIT_SCHEDULER_SRC_INTERNAL_REST_REST_CONNECTION_H_
#define LEPTONKIT_SCHEDULER_SRC_INTERNAL_REST_REST_CONNECTION_H_

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "internal/rest/http_client_pool.h"
#include "internal/rest/workspace_url.h"
#include "lepton/connection.h"

namespace lepton::internal {

/// The Connection that speaks HTTP to a workspace: the only code that knows Lepton's paths,
/// query parameters and JSON bodies. Every failure becomes a Status (see http_status.h).
class RestConnection final : public Connection {
 public:
  RestConnection(ClientOptions options, WorkspaceUrl url);

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

  // Storage: implemented in rest_storage.cc.
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
  struct Answer {
    int http_status = 0;
    std::string body;
    std::optional<int> retry_after;
  };

  // Sends one request and reads its answer whole, whatever its status; `path` is relative to
  // the workspace URL and may carry a query. Only a transport failure is a Status (`what`
  // names the call in it). The observer is told of the exchange.
  StatusOr<Answer> Exchange(std::string const& what, char const* method, std::string const& path,
                            std::string const* json_body);
  // Exchange, and an HTTP error answer becomes a non-OK Status. `label` ("list directory
  // default:/a") goes in front of "METHOD path" in messages when set.
  StatusOr<Answer> Send(char const* method, std::string const& path,
                        std::string const* json_body, std::string_view label = {});
  // Tells the observer, if any, with the token redacted from the path and both bodies.
  void Observe(char const* method, std::string const& path, std::string request_body, int status,
               std::string response_body) const;
  template <typename T>
  StatusOr<T> SendAndDecode(char const* method, std::string const& path,
                            std::string const* json_body = nullptr);

  WorkspaceUrl url_;
  ExchangeObserver observer_;
  HttpClientPool pool_;
  // Redacted from error Statuses and observed exchanges, should a server echo it.
  std::string token_;
};

}  // namespace lepton::internal

#endif  // LEPTONKIT_SCHEDULER_SRC_INTERNAL_REST_REST_CONNECTION_H_
