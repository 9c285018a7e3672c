#ifndef LEPTONKIT_SCHEDULER_INCLUDE_LEPTON_SCHED_LEPTON_EXECUTOR_H_
#define LEPTONKIT_SCHEDULER_INCLUDE_LEPTON_SCHED_LEPTON_EXECUTOR_H_

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "lepton/sched/app_def.h"

namespace lepton::sched {

/// A local directory (code, configs, scripts) shipped to the workspace's storage before the job
/// is created, and mounted into its containers. Staged through the storage API (Stager): each
/// file streamed, any size; unchanged files (by content hash) are not uploaded again; file
/// modes restored by the launch script. No helper job, nothing downloaded at run time.
struct StagedDirectory {
  /// The directory to ship; its contents (not itself) land in `remote_path`.
  std::filesystem::path local_dir;
  /// The storage file system (`GET /storage` lists them).
  std::string file_system = "default";
  /// The absolute directory in the file system that receives the files. Reused as it is by the
  /// next staging to it, so give each app (not each run) its own.
  std::string remote_path;
  /// Where the containers see the files; the launch script runs the command there.
  std::string mount_path = "/leptonkit/job";
  /// The mount's `from` (the volume); `file_system` when empty.
  std::string mount_from;
};

/// Where and how a Lepton job runs (NeMo-Run's LeptonExecutor in nemo_run/core/execution/lepton.py,
/// without its packaging). Validate() checks every field offline.
struct LeptonExecutorConfig {
  /// The container image of roles that name none.
  std::string image;
  /// Nodes (replicas) of roles that say 0; 1 or more.
  int nodes = 1;
  /// GPUs per node, for torchrun's `--nproc-per-node`; SubmitDryRun refuses more than the
  /// shape's accelerators.
  int gpus_per_node = 0;
  /// The Lepton resource shape, e.g. "gpu.8xh100"; required unless every role names one.
  std::string resource_shape;
  /// The dedicated node group, by name (or id), resolved when scheduling; empty lets Lepton
  /// choose.
  std::string node_group;
  std::vector<VolumeMount> mounts;
  std::map<std::string, std::string> env;
  /// Environment variable -> the name of a workspace secret holding its value.
  std::map<std::string, std::string> secret_env;
  std::vector<std::string> image_pull_secrets;
  /// Shared memory in MiB (`spec.shared_memory_size`).
  std::optional<std::int64_t> shared_memory_mib;
  /// Queue priority class: low-1000, low-2000, low-3000, mid-4000, mid-5000, mid-6000,
  /// high-7000, high-8000, high-9000 (the CLI's values), or empty for the server's default.
  std::string priority_class;
  bool can_preempt = false;
  bool can_be_preempted = false;
  /// Whole-job retries when the role says nothing.
  int max_retries = 0;
  /// Seconds a finished job stays before it is archived; the server's default when unset.
  std::optional<std::int64_t> ttl_seconds_after_finished;
  /// Extra labels on the job (the scheduler adds its own, see LeptonScheduler).
  std::map<std::string, std::string> labels;
  /// Generate the torchrun rendezvous environment (MASTER_ADDR, MASTER_PORT, NODE_RANK,
  /// WORLD_SIZE) in the container from Lepton's LEPTON_JOB_* variables, with nothing
  /// downloaded at run time. A variable set in `env` or the role's env is left as set.
  bool rendezvous_env = true;
  int master_port = 29400;
  /// Shell lines the launch script runs, verbatim, after the rendezvous exports and the `cd`
  /// into the staged directory and before the role's command (NeMo-Run's
  /// pre_launch_commands). The user's shell, the user's quoting.
  std::vector<std::string> pre_launch_commands;
  /// Ship a local directory to storage before the job is created (see StagedDirectory).
  std::optional<StagedDirectory> staging;
};

}  // namespace lepton::sched

#endif  // LEPTONKIT_SCHEDULER_INCLUDE_LEPTON_SCHED_LEPTON_EXECUTOR_H_
