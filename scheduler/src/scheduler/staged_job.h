#ifndef LEPTONKIT_SCHEDULER_SRC_SCHEDULER_STAGED_JOB_H_
#define LEPTONKIT_SCHEDULER_SRC_SCHEDULER_STAGED_JOB_H_

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "lepton/job.h"
#include "lepton/sched/staging.h"
#include "lepton/status.h"

namespace lepton::sched::internal {

/// The modes the launch script restores on staged files: octal mode ("755") -> '/'-separated
/// paths relative to `local_dir`, for every regular file with an execute bit (storage keeps
/// bytes, not modes; read and write bits stay the server's default). ScanStagingDirectory's errors: what Stager would refuse
/// is refused here, by the dry run, before anything is sent.
StatusOr<std::map<std::string, std::vector<std::string>>> StagedModes(
    std::filesystem::path const& local_dir);

/// The storage file system a mount's `from` names: `fs`, or `node-<type>:fs`; "default" when
/// empty (the SDK's DEFAULT_STORAGE_VOLUME_NAME).
std::string FileSystemOfMount(std::string const& from);

/// Where the staged directory of `job` is, from the mount its kStagedMountLabel names; nothing
/// when the job staged nothing (or the label names no mount).
std::optional<StagingTarget> StagedTargetOf(Job const& job);

}  // namespace lepton::sched::internal

#endif  // LEPTONKIT_SCHEDULER_SRC_SCHEDULER_STAGED_JOB_H_
