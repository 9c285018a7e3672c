#ifndef LEPTONKIT_SCHEDULER_INCLUDE_LEPTON_SCHED_APP_DEF_H_
#define LEPTONKIT_SCHEDULER_INCLUDE_LEPTON_SCHED_APP_DEF_H_

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace lepton::sched {

/// A mount of Lepton storage into the container (`spec.mounts`).
struct VolumeMount {
  /// The path inside the storage volume, e.g. "/shared/team".
  std::string path;
  /// Where it appears in the container, e.g. "/data".
  std::string mount_path;
  /// The storage it comes from ("node-nfs:lepton-shared-fs" and the like); the workspace's
  /// default when empty.
  std::string from;
  bool read_only = false;
};

/// torchx's Role (torchx's specs/api.py), as far as Lepton can honour it. Lepton runs one
/// role per job; its replicas are the job's nodes.
struct Role {
  std::string name;
  /// The container image; the executor's when empty.
  std::string image;
  std::string entrypoint;
  /// Each word is double-quoted in the container's shell line: spaces and quotes arrive intact,
  /// and `$` expansions happen in the container: `$NODE_RANK` (from the rendezvous environment)
  /// but also `$(...)` and `${...}`, so args must not come from untrusted input; write `\$` for
  /// a literal dollar. torchx's macros
  /// `${app_id}` (the Lepton job id), `${replica_id}` (the worker index), `${rank0_env}`
  /// ("MASTER_ADDR") and `${img_root}` ("") are substituted here and in `env` values.
  std::vector<std::string> args;
  /// Environment of this role (added to the executor's; the role wins on a clash).
  std::map<std::string, std::string> env;
  /// Nodes (Lepton replicas); the executor's `nodes` when 0.
  int num_replicas = 0;
  /// Whole-job retries after a failure (`max_job_failure_retry`); the executor's when unset.
  std::optional<int> max_retries;
  /// A named Lepton resource shape; the executor's when empty.
  std::string resource_shape;
  std::vector<VolumeMount> mounts;
};

/// torchx's AppDef: a name and its roles (Lepton: exactly one).
struct AppDef {
  std::string name;
  std::vector<Role> roles;
  std::map<std::string, std::string> metadata;
};

}  // namespace lepton::sched

#endif  // LEPTONKIT_SCHEDULER_INCLUDE_LEPTON_SCHED_APP_DEF_H_
