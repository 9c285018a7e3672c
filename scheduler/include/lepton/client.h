#ifndef LEPTONKIT_SCHEDULER_INCLUDE_LEPTON_CLIENT_H_
#define LEPTONKIT_SCHEDULER_INCLUDE_LEPTON_CLIENT_H_

#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "lepton/connection.h"
#include "lepton/event.h"
#include "lepton/job.h"
#include "lepton/list_jobs_request.h"
#include "lepton/replica.h"
#include "lepton/status.h"
#include "lepton/storage.h"

namespace lepton {

/// The Lepton workspace API: jobs, node groups, secrets and storage. A cheap value type:
/// copies share one Connection.
///
/// @par Thread Safety
/// Safe to use from several threads when the Connection is (MakeConnection's is).
class Client {
 public:
  explicit Client(std::shared_ptr<Connection> connection) : connection_(std::move(connection)) {}

  /// Submits `job`. The answer carries the server-generated id in `metadata.id`.
  [[nodiscard]] StatusOr<Job> CreateJob(Job const& job) { return connection_->CreateJob(job); }

  /// Reads one job; kNotFound when it does not exist in `mode`.
  [[nodiscard]] StatusOr<Job> GetJob(std::string const& job_id,
                                     JobQueryMode mode = JobQueryMode::kAliveAndArchive) {
    return connection_->GetJob(job_id, mode);
  }

  /// Lists jobs. With `request.page` set, that one page; otherwise pages 1, 2, ... until the
  /// first empty page, as the SDK does (the answer is then every matching job).
  [[nodiscard]] StatusOr<std::vector<Job>> ListJobs(ListJobsRequest const& request = {});

  /// Stops a job and keeps it (`PATCH {"spec":{"stopped":true}}`): its logs and status remain.
  [[nodiscard]] Status StopJob(std::string const& job_id);
  /// Starts a stopped job again (`PATCH {"spec":{"stopped":false}}`).
  [[nodiscard]] Status StartJob(std::string const& job_id);
  /// Applies a partial update to a job.
  [[nodiscard]] Status UpdateJob(std::string const& job_id, Job const& patch) {
    return connection_->UpdateJob(job_id, patch);
  }

  /// Deletes a job (its status and logs go with it).
  [[nodiscard]] Status DeleteJob(std::string const& job_id,
                                 JobQueryMode mode = JobQueryMode::kAliveOnly) {
    return connection_->DeleteJob(job_id, mode);
  }

  [[nodiscard]] StatusOr<std::vector<Replica>> ListReplicas(
      std::string const& job_id, JobQueryMode mode = JobQueryMode::kAliveAndArchive) {
    return connection_->ListReplicas(job_id, mode);
  }

  [[nodiscard]] StatusOr<std::vector<Event>> ListEvents(std::string const& job_id) {
    return connection_->ListEvents(job_id);
  }

  /// The log of one replica; follows a running replica until it ends (see Connection).
  [[nodiscard]] StatusOr<std::string> ReadReplicaLog(std::string const& job_id,
                                                     std::string const& replica_id) {
    return connection_->ReadReplicaLog(job_id, replica_id);
  }

  /// Follows one replica's log line by line (see Connection::FollowReplicaLog).
  [[nodiscard]] Status FollowReplicaLog(std::string const& job_id, std::string const& replica_id,
                                        LogLineSink const& sink) {
    return connection_->FollowReplicaLog(job_id, replica_id, sink);
  }
  /// Historical log lines of a job (kept after its replicas are gone).
  [[nodiscard]] StatusOr<std::vector<LogLine>> QueryLogs(LogQuery const& query) {
    return connection_->QueryLogs(query);
  }

  [[nodiscard]] StatusOr<std::vector<NodeGroup>> ListNodeGroups() {
    return connection_->ListNodeGroups();
  }
  [[nodiscard]] StatusOr<NodeGroup> GetNodeGroup(std::string const& node_group_id) {
    return connection_->GetNodeGroup(node_group_id);
  }
  /// The nodes of a node group, with the workloads on each.
  [[nodiscard]] StatusOr<std::vector<Node>> ListNodes(std::string const& node_group_id) {
    return connection_->ListNodes(node_group_id);
  }
  /// The resource shapes, only those usable in `node_group` (id or name) when set.
  [[nodiscard]] StatusOr<std::vector<Shape>> ListShapes(
      std::optional<std::string> const& node_group = std::nullopt) {
    return connection_->ListShapes(node_group);
  }
  [[nodiscard]] StatusOr<WorkspaceInfo> GetWorkspaceInfo() {
    return connection_->GetWorkspaceInfo();
  }

  /// The names of the workspace's secrets (values are never returned).
  [[nodiscard]] StatusOr<std::vector<Secret>> ListSecrets() { return connection_->ListSecrets(); }
  /// Creates secrets; kAlreadyExists when a name is taken.
  [[nodiscard]] Status CreateSecrets(std::vector<Secret> const& secrets) {
    return connection_->CreateSecrets(secrets);
  }
  [[nodiscard]] Status DeleteSecret(std::string const& name) {
    return connection_->DeleteSecret(name);
  }

  // Storage: `fs` is a file system name (kDefaultFileSystem unless the workspace has others),
  // `path` is absolute within it. See Connection for each call's contract.

  /// Every file system of the workspace with its usage.
  [[nodiscard]] StatusOr<std::vector<FileSystemUsage>> ListFileSystems() {
    return connection_->ListFileSystems();
  }
  /// The usage of the default file system.
  [[nodiscard]] StatusOr<FileSystemUsage> GetStorageUsage() {
    return connection_->GetStorageUsage();
  }
  /// The entries of a remote directory, by name; kNotFound when it does not exist.
  [[nodiscard]] StatusOr<std::vector<StorageEntry>> ListDirectory(std::string const& fs,
                                                                  std::string const& path) {
    return connection_->ListDirectory(fs, path);
  }
  /// Streams a remote file into `sink`; never holds the file in memory.
  [[nodiscard]] Status DownloadFile(std::string const& fs, std::string const& path,
                                    ByteSink const& sink) {
    return connection_->DownloadFile(fs, path, sink);
  }
  /// Writes a remote file (its parent directory must exist) from `source`, streamed.
  [[nodiscard]] Status UploadFile(std::string const& fs, std::string const& path,
                                  UploadSource const& source) {
    return connection_->UploadFile(fs, path, source);
  }
  /// `mkdir -p` of a remote directory; OK when it exists.
  [[nodiscard]] Status MakeDirectory(std::string const& fs, std::string const& path) {
    return connection_->MakeDirectory(fs, path);
  }
  /// Deletes a remote file or directory (a non-empty directory needs `recursive`).
  [[nodiscard]] Status DeleteStoragePath(std::string const& fs, std::string const& path,
                                         bool recursive = false) {
    return connection_->DeleteStoragePath(fs, path, recursive);
  }
  /// Whether a remote file or directory exists.
  [[nodiscard]] StatusOr<bool> StoragePathExists(std::string const& fs,
                                                 std::string const& path) {
    return connection_->StoragePathExists(fs, path);
  }

  [[nodiscard]] std::shared_ptr<Connection> const& connection() const { return connection_; }

 private:
  std::shared_ptr<Connection> connection_;
};

}  // namespace lepton

#endif  // LEPTONKIT_SCHEDULER_INCLUDE_LEPTON_CLIENT_H_
