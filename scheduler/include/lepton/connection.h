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
#include "lepton/storage.h"
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

  // Storage (the workspace file systems). `fs` names a file system ("default" unless the
  // workspace has others); `path` is absolute within it ("/", "/a/b c"). Every call first
  // checks both: an empty `fs`, one containing `/`, NUL or being `.`, `..` or `du`, or a `path`
  // that does not start with `/`, has an empty or `..` segment, or contains NUL, is
  // kInvalidArgument and no request is made. Each segment is percent-encoded on the wire, so
  // names may hold spaces, `#`, `?`, `%` or UTF-8. Failures name the file system and path.

  /// `GET /storage`: every file system with its usage.
  virtual StatusOr<std::vector<FileSystemUsage>> ListFileSystems() = 0;
  /// `GET /storage/du`: the usage of the default file system.
  virtual StatusOr<FileSystemUsage> GetStorageUsage() = 0;
  /// `GET /storage/{fs}{path}` of a directory: its entries as the server orders them (by name).
  /// kNotFound when it does not exist. A file's path answers its bytes, which are not a listing
  /// (kInternal).
  virtual StatusOr<std::vector<StorageEntry>> ListDirectory(std::string const& fs,
                                                            std::string const& path) = 0;
  /// `GET /storage/{fs}{path}` of a file: its bytes go to `sink` as they arrive; the file is
  /// never held in memory. OK when the server ends the body or the sink stops it; otherwise the
  /// failure, after the bytes already delivered. kNotFound when it does not exist. The server
  /// answers a directory's path with its JSON listing, which this cannot tell from a file.
  virtual Status DownloadFile(std::string const& fs, std::string const& path,
                              ByteSink const& sink) = 0;
  /// `POST /storage/{fs}{path}`: writes the file at `path` (replacing one that is there) with
  /// the bytes of `source`, as a `multipart/form-data` body with one part `file` whose
  /// filename is the last segment of `path`. Streamed with an exact Content-Length: the body is
  /// read from `source` while it is sent, never held whole. The parent directory must exist
  /// (kNotFound otherwise); a file over the server's limit is kInvalidArgument (413), a full
  /// file system kInternal (507). A failure of `source` is returned as it is.
  virtual Status UploadFile(std::string const& fs, std::string const& path,
                            UploadSource const& source) = 0;
  /// `PUT /storage/{fs}{path}`: creates the directory and its missing parents (`mkdir -p`); OK
  /// when it exists already; kAlreadyExists (409) when a file is in the way.
  virtual Status MakeDirectory(std::string const& fs, std::string const& path) = 0;
  /// `DELETE /storage/{fs}{path}` (with `removeall=true` when `recursive`): deletes a file or
  /// a directory. kNotFound when nothing is there; a directory that is not empty needs
  /// `recursive` (kInvalidArgument otherwise).
  virtual Status DeleteStoragePath(std::string const& fs, std::string const& path,
                                   bool recursive) = 0;
  /// `HEAD /storage/{fs}{path}`: true when a file or directory is there (the answer is exactly
  /// 200), false when the answer is 404 or another success code; a redirect or any other error
  /// is a failure.
  virtual StatusOr<bool> StoragePathExists(std::string const& fs, std::string const& path) = 0;
};

/// A connection speaking HTTP(S) to `options.workspace_url`, retrying transient failures as
/// `options.retry_policy`, `backoff_policy` and `sleeper` say: reads, PATCH and DELETE are
/// repeated as they are, and so is every storage call (an upload sends its source again from
/// the start; a download is repeated only while no byte has reached its sink); a create
/// carries a unique `leptonkit-create-token` label, and after a
/// failure that may have taken effect the job is looked up by it, so retries never make two
/// jobs. Fails with kInvalidArgument when the URL cannot be parsed.
[[nodiscard]] StatusOr<std::shared_ptr<Connection>> MakeConnection(ClientOptions options);

}  // namespace lepton

#endif  // LEPTONKIT_SCHEDULER_INCLUDE_LEPTON_CONNECTION_H_
