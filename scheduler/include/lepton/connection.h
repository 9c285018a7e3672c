#ifndef LEPTONKIT_SCHEDULER_INCLUDE_LEPTON_CONNECTION_H_
#define LEPTONKIT_SCHEDULER_INCLUDE_LEPTON_CONNECTION_H_

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "lepton/event.h"
#include "lepton/job.h"
#include "lepton/list_jobs_request.h"
#include "lepton/log_query.h"
#include "lepton/node.h"
#include "lepton/node_group.h"
#include "lepton/options.h"
#include "lepton/replica.h"
#include "lepton/secret.h"
#include "lepton/shape.h"
#include "lepton/status.h"
#include "lepton/workspace_info.h"

namespace lepton {

/// Receives one log line (without its newline); returns false to stop reading.
using LogLineSink = std::function<bool(std::string_view line)>;

/// One virtual per Lepton REST call: the seam for mocking a Client (see lepton/mocks/).
/// Implementations turn every failure into a Status; none throws.
///
/// @par Thread Safety
/// The connection made by MakeConnection may be used from many threads at once; each thread
/// gets its own kept-alive HTTP connection.
class Connection {
 public:
  virtual ~Connection() = default;

  /// `POST /jobs`. The answer is the created job with its server-generated `metadata.id`.
  virtual StatusOr<Job> CreateJob(Job const& job) = 0;
  /// `GET /jobs/{id}`. kNotFound when no such job is visible in `mode`.
  virtual StatusOr<Job> GetJob(std::string const& job_id, JobQueryMode mode) = 0;
  /// One `GET /jobs` page.
  virtual StatusOr<JobList> ListJobsPage(ListJobsRequest const& request, int page) = 0;
  /// `PATCH /jobs/{id}` with a partial job (e.g. `{"spec":{"stopped":true}}`).
  virtual Status UpdateJob(std::string const& job_id, Job const& patch) = 0;
  /// `DELETE /jobs/{id}`.
  virtual Status DeleteJob(std::string const& job_id, JobQueryMode mode) = 0;
  /// `GET /jobs/{id}/replicas`.
  virtual StatusOr<std::vector<Replica>> ListReplicas(std::string const& job_id,
                                                      JobQueryMode mode) = 0;
  /// `GET /jobs/{id}/events`.
  virtual StatusOr<std::vector<Event>> ListEvents(std::string const& job_id) = 0;
  /// `GET /jobs/{id}/replicas/{replica}/log`: the log as text. The server keeps the stream open
  /// while the replica runs; this returns when the server closes it or the request timeout
  /// passes with no new bytes.
  virtual StatusOr<std::string> ReadReplicaLog(std::string const& job_id,
                                               std::string const& replica_id) = 0;
  /// The same stream, line by line as it arrives: `sink` gets each line without its newline (a
  /// last line without one when the stream ends) and returns false to stop reading. OK when the
  /// server ends the stream or the sink stops it; otherwise the failure, after the lines
  /// already delivered. Holds no more than one line in memory.
  virtual Status FollowReplicaLog(std::string const& job_id, std::string const& replica_id,
                                  LogLineSink const& sink) = 0;
  /// `GET /logs?job=...`: historical lines, in the order the query asks.
  virtual StatusOr<std::vector<LogLine>> QueryLogs(LogQuery const& query) = 0;

  /// `GET /dedicated-node-groups`.
  virtual StatusOr<std::vector<NodeGroup>> ListNodeGroups() = 0;
  /// `GET /dedicated-node-groups/{id}`; kNotFound for an unknown id.
  virtual StatusOr<NodeGroup> GetNodeGroup(std::string const& node_group_id) = 0;
  /// `GET /dedicated-node-groups/{id}/nodes`, with what runs on each node.
  virtual StatusOr<std::vector<Node>> ListNodes(std::string const& node_group_id) = 0;
  /// `GET /shapes`, only those usable in `node_group` (id or name) when set.
  virtual StatusOr<std::vector<Shape>> ListShapes(std::optional<std::string> const& node_group) = 0;
  /// `GET /workspace`.
  virtual StatusOr<WorkspaceInfo> GetWorkspaceInfo() = 0;

  /// `GET /usersecrets`: names (values are not returned).
  virtual StatusOr<std::vector<Secret>> ListSecrets() = 0;
  /// `POST /usersecrets`; kAlreadyExists when a name is taken.
  virtual Status CreateSecrets(std::vector<Secret> const& secrets) = 0;
  /// `DELETE /usersecrets/{name}`.
  virtual Status DeleteSecret(std::string const& name) = 0;
};

/// A connection speaking HTTP(S) to `options.workspace_url`, retrying transient failures as
/// `options.retry_policy`, `backoff_policy` and `sleeper` say: reads, PATCH and DELETE are
/// repeated as they are; a create carries a unique `leptonkit-create-token` label, and after a
/// failure that may have taken effect the job is looked up by it, so retries never make two
/// jobs. Fails with kInvalidArgument when the URL cannot be parsed.
[[nodiscard]] StatusOr<std::shared_ptr<Connection>> MakeConnection(ClientOptions options);

}  // namespace lepton

#endif  // LEPTONKIT_SCHEDULER_INCLUDE_LEPTON_CONNECTION_H_
