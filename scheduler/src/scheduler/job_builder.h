#ifndef LEPTONKIT_SCHEDULER_SRC_SCHEDULER_JOB_BUILDER_H_
#define LEPTONKIT_SCHEDULER_SRC_SCHEDULER_JOB_BUILDER_H_

#include <map>
#include <string>
#include <vector>

#include "lepton/job.h"
#include "lepton/sched/app_def.h"
#include "lepton/sched/lepton_executor.h"
#include "lepton/status.h"

namespace lepton::sched::internal {

/// Every problem with the app and executor, offline (LeptonScheduler::Validate).
Status ValidateApp(AppDef const& app, LeptonExecutorConfig const& cfg);

/// What BuildJob needs besides the app and the executor.
struct JobIdentity {
  std::string job_name;
  std::string session;
  std::string create_token;
  std::string node_group_id;  ///< Empty: no node-group affinity.
  /// With `cfg.staging`: modes to restore, octal mode -> '/'-separated paths relative to the
  /// staged directory (StagedModes: the executable files).
  std::map<std::string, std::vector<std::string>> staged_modes;
};

/// The Lepton job for a validated app (the spec NeMo-Run's create_lepton_job sends, as in
/// fixtures/wire/create_request/nemo_run_create.json, with its gaps closed): role env and
/// retries honoured, secret env by reference, no node pinning, labels that make the job
/// self-describing, the staged directory's mount, and a `bash -c` launch script
/// (RenderLaunchScript): the rendezvous environment from LEPTON_JOB_*, staged file modes, `cd`
/// into the staged directory, the pre-launch commands, then the entrypoint.
Job BuildJob(AppDef const& app, LeptonExecutorConfig const& cfg, JobIdentity const& identity);

/// The role's command as one shell line: every word in double quotes (with `"`, `\` and `` ` ``
/// escaped, `\$` kept as a literal dollar), so spaces are safe and `$` expansions, `$(...)`
/// included, happen in the container. Not for untrusted input.
std::string ShellCommand(Role const& role);

/// `export MASTER_ADDR=... MASTER_PORT=... NODE_RANK=... WORLD_SIZE=...` from Lepton's
/// variables, with nothing downloaded (the derivation of leptonai/scripts'
/// lepton_env_to_pytorch.sh, spelled out in job_builder.cc); variables the user set in `env` are
/// left out. Empty when all four are the user's.
std::string RendezvousPrelude(int master_port, std::map<std::string, std::string> const& env);

}  // namespace lepton::sched::internal

#endif  // LEPTONKIT_SCHEDULER_SRC_SCHEDULER_JOB_BUILDER_H_
