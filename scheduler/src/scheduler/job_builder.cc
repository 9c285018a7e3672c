#include "scheduler/job_builder.h"

#include <utility>

#include <algorithm>
#include <array>
#include <filesystem>
#include <string_view>
#include <regex>

#include <fmt/format.h>

#include "lepton/sched/job_name.h"
#include "client/retrying_connection.h"
#include "lepton/sched/lepton_scheduler.h"
#include "scheduler/launch_script.h"
#include "scheduler/staged_job.h"

namespace lepton::sched::internal {
namespace {

constexpr std::array<std::string_view, 9> kPriorityClasses = {
    "low-1000", "low-2000", "low-3000", "mid-4000", "mid-5000",
    "mid-6000", "high-7000", "high-8000", "high-9000"};

bool IsEnvName(std::string const& name) {
  static std::regex const kName("[A-Za-z_][A-Za-z0-9_]*");
  return std::regex_match(name, kName);
}

// Double quotes: spaces and quotes are safe (NeMo-Run joins the words unquoted into `sh -c`,
// where they break its command: docs/architecture.md, NeMo-Run bug 18), while $VARIABLES still
// expand in the container, so `--node-rank $NODE_RANK` works.
std::string Quote(std::string_view word) {
  std::string out = "\"";
  for (std::size_t i = 0; i < word.size(); ++i) {
    char const c = word[i];
    if (c == '\\' && i + 1 < word.size() && word[i + 1] == '$') {
      out += "\\$";  // `\$` asks for a literal dollar: keep the shell's escape.
      ++i;
      continue;
    }
    if (c == '"' || c == '\\' || c == '`') out += '\\';
    out += c;
  }
  return out + "\"";
}

void CheckMounts(std::vector<VolumeMount> const& mounts, char const* owner,
                 std::vector<std::string>& problems) {
  for (std::size_t i = 0; i < mounts.size(); ++i) {
    if (mounts[i].path.empty() || mounts[i].mount_path.empty()) {
      problems.push_back(fmt::format("{} mount {}: both path and mount_path are required", owner, i));
    } else if (mounts[i].mount_path[0] != '/') {
      problems.push_back(fmt::format("{} mount {}: mount_path '{}' is not absolute", owner, i,
                                     mounts[i].mount_path));
    }
  }
}

// A '/'-separated absolute path without empty, `.` or `..` segments (a trailing '/' allowed).
bool IsCleanAbsolutePath(std::string const& path) {
  if (path.empty() || path[0] != '/') return false;
  std::size_t start = 1;
  while (start < path.size()) {
    std::size_t end = path.find('/', start);
    if (end == std::string::npos) end = path.size();
    std::string_view const segment(path.data() + start, end - start);
    if ((segment.empty() && end != path.size()) || segment == "." || segment == "..") return false;
    start = end + 1;
  }
  return path.find('\0') == std::string::npos;
}

void CheckStaging(StagedDirectory const& staging, std::vector<VolumeMount> const& mounts,
                  std::vector<std::string>& problems) {
  std::error_code error;
  if (staging.local_dir.empty()) {
    problems.push_back("staging: no local_dir");
  } else if (!std::filesystem::is_directory(staging.local_dir, error)) {
    problems.push_back(fmt::format("staging: local_dir '{}' is not a directory",
                                   staging.local_dir.string()));
  }
  if (staging.file_system.empty()) problems.push_back("staging: no file_system");
  if (!IsCleanAbsolutePath(staging.remote_path) || staging.remote_path == "/") {
    // The whole file system is never a staging target: staging deletes what it staged before.
    problems.push_back(fmt::format(
        "staging: remote_path '{}' must be an absolute directory below '/' without '.' or '..'",
        staging.remote_path));
  }
  if (!IsCleanAbsolutePath(staging.mount_path) || staging.mount_path == "/") {
    problems.push_back(fmt::format(
        "staging: mount_path '{}' must be an absolute path below '/' without '.' or '..'",
        staging.mount_path));
  }
  for (auto const& mount : mounts) {
    if (mount.mount_path == staging.mount_path) {
      problems.push_back(fmt::format("staging: mount_path '{}' is already a mount",
                                     staging.mount_path));
    }
  }
  // Staged to one file system but mounted from another, the job would not see the files (and
  // Remove would look in the wrong place).
  if (!staging.mount_from.empty() && FileSystemOfMount(staging.mount_from) != staging.file_system) {
    problems.push_back(fmt::format("staging: mount_from '{}' is not file system '{}'",
                                   staging.mount_from, staging.file_system));
  }
}

// torchx's macros (`${app_id}`, `${replica_id}`, `${rank0_env}`, `${img_root}`, substituted in
// args and env values; NeMo-Run never substitutes them), made shell references resolved in the
// container: the app id is the job id Lepton generates, known only there.
std::string SubstituteMacros(std::string text) {
  static constexpr std::pair<std::string_view, std::string_view> kMacros[] = {
      {"${app_id}", "${LEPTON_JOB_NAME}"},
      {"${replica_id}", "${LEPTON_JOB_WORKER_INDEX}"},
      {"${rank0_env}", "MASTER_ADDR"},
      {"${img_root}", ""},
  };
  for (auto const& [macro, value] : kMacros) {
    for (auto at = text.find(macro); at != std::string::npos; at = text.find(macro, at + value.size())) {
      text.replace(at, macro.size(), value);
    }
  }
  return text;
}

bool HasMacro(std::string const& text) { return SubstituteMacros(text) != text; }

// `dir` and a '/'-separated relative path, with one '/' between them.
std::string JoinPath(std::string dir, std::string const& relative) {
  while (dir.size() > 1 && dir.back() == '/') dir.pop_back();
  if (dir != "/") dir += '/';
  return dir + relative;
}

}  // namespace

Status ValidateApp(AppDef const& app, LeptonExecutorConfig const& cfg) {
  std::vector<std::string> problems;
  if (app.roles.size() != 1) {
    problems.push_back(fmt::format("a Lepton app has exactly one role, this one has {}",
                                   app.roles.size()));
  }
  for (auto const& role : app.roles) {
    if (role.entrypoint.empty()) problems.push_back(fmt::format("role '{}': no entrypoint", role.name));
    if (role.image.empty() && cfg.image.empty()) {
      problems.push_back(fmt::format("role '{}': no image (set it on the role or the executor)", role.name));
    }
    if (role.resource_shape.empty() && cfg.resource_shape.empty()) {
      problems.push_back(fmt::format("role '{}': no resource shape (set it on the role or the executor)", role.name));
    }
    if (role.num_replicas < 0) problems.push_back(fmt::format("role '{}': num_replicas < 0", role.name));
    if (role.max_retries && *role.max_retries < 0) {
      problems.push_back(fmt::format("role '{}': max_retries < 0", role.name));
    }
    for (auto const& [name, value] : role.env) {
      if (!IsEnvName(name)) problems.push_back(fmt::format("role '{}': env name '{}' is not a variable name", role.name, name));
    }
    CheckMounts(role.mounts, "role", problems);
  }
  if (cfg.nodes < 1) problems.push_back(fmt::format("nodes must be 1 or more, got {}", cfg.nodes));
  if (cfg.gpus_per_node < 0) problems.push_back("gpus_per_node must not be negative");
  if (cfg.max_retries < 0) problems.push_back("max_retries must not be negative");
  if (cfg.shared_memory_mib && *cfg.shared_memory_mib < 0) problems.push_back("shared_memory_mib must not be negative");
  if (cfg.ttl_seconds_after_finished && *cfg.ttl_seconds_after_finished < 0) {
    problems.push_back("ttl_seconds_after_finished must not be negative");
  }
  if (!cfg.priority_class.empty() &&
      std::find(kPriorityClasses.begin(), kPriorityClasses.end(), cfg.priority_class) ==
          kPriorityClasses.end()) {
    problems.push_back(fmt::format("priority_class '{}' is not one of {}", cfg.priority_class,
                                   fmt::join(kPriorityClasses, ", ")));
  }
  if (cfg.master_port < 1 || cfg.master_port > 65535) problems.push_back("master_port must be 1..65535");
  for (auto const& [name, value] : cfg.env) {
    if (!IsEnvName(name)) problems.push_back(fmt::format("env name '{}' is not a variable name", name));
  }
  for (auto const& [name, secret] : cfg.secret_env) {
    if (!IsEnvName(name)) problems.push_back(fmt::format("secret env name '{}' is not a variable name", name));
    bool const in_role = !app.roles.empty() && app.roles.front().env.contains(name);
    if (cfg.env.contains(name) || in_role) {
      problems.push_back(fmt::format("'{}' is set both as env and as secret env", name));
    }
    if (secret.empty()) problems.push_back(fmt::format("secret env '{}' names no secret", name));
  }
  CheckMounts(cfg.mounts, "executor", problems);
  if (cfg.staging) {
    std::vector<VolumeMount> mounts = cfg.mounts;
    if (!app.roles.empty()) {
      mounts.insert(mounts.end(), app.roles.front().mounts.begin(), app.roles.front().mounts.end());
    }
    CheckStaging(*cfg.staging, mounts, problems);
  }
  if (problems.empty()) return Status();
  return Status(StatusCode::kInvalidArgument,
                fmt::format("invalid Lepton app '{}': {}", app.name, fmt::join(problems, "; ")));
}

std::string ShellCommand(Role const& role) {
  std::string line = Quote(role.entrypoint);
  for (auto const& arg : role.args) {
    line += ' ';
    line += Quote(SubstituteMacros(arg));
  }
  return line;
}

std::string RendezvousPrelude(int master_port, std::map<std::string, std::string> const& env) {
  // Worker 0 answers at <service prefix>-0.<subdomain>.ws-<workspace>.svc.cluster.local; the
  // prefix is LEPTON_JOB_SERVICE_PREFIX, else the job id (LEPTON_JOB_NAME), the subdomain
  // LEPTON_SUBDOMAIN, else <job id>-job-svc: the derivation lepton_env_to_pytorch.sh makes
  // (leptonai/scripts), written out here instead of downloaded.
  std::pair<char const*, std::string> const vars[] = {
      {"MASTER_ADDR",
       "\"${LEPTON_JOB_SERVICE_PREFIX:-$LEPTON_JOB_NAME}-0."
       "${LEPTON_SUBDOMAIN:-$LEPTON_JOB_NAME-job-svc}.ws-${LEPTON_WORKSPACE_ID}"
       ".svc.cluster.local\""},
      {"MASTER_PORT", std::to_string(master_port)},
      {"NODE_RANK", "\"${LEPTON_JOB_WORKER_INDEX}\""},
      {"WORLD_SIZE", "\"${LEPTON_JOB_TOTAL_WORKERS}\""},
  };
  std::string exports;
  for (auto const& [name, value] : vars) {
    if (env.contains(name)) continue;  // The user's own value wins.
    exports += fmt::format(" {}={}", name, value);
  }
  return exports.empty() ? "" : "export" + exports;
}

Job BuildJob(AppDef const& app, LeptonExecutorConfig const& cfg, JobIdentity const& identity) {
  Role const& role = app.roles.front();
  Job job;
  job.metadata.name = identity.job_name;
  auto& labels = job.metadata.labels.emplace(cfg.labels);
  labels[kSessionLabel] = identity.session;
  labels[kAppLabel] = MakeJobName(app.name, "");
  labels[kRoleLabel] = MakeJobName(role.name.empty() ? app.name : role.name, "");
  labels[lepton::internal::kCreateTokenLabel] = identity.create_token;

  JobSpec& spec = job.spec.emplace();
  spec.resource_shape = role.resource_shape.empty() ? cfg.resource_shape : role.resource_shape;
  if (!identity.node_group_id.empty()) {
    // The group alone: pinning every node of it, as NeMo-Run does, would exclude nodes added
    // later and bloat the spec.
    spec.affinity.emplace().allowed_dedicated_node_groups =
        std::vector<std::string>{identity.node_group_id};
  }
  auto& container = spec.container.emplace();
  container.image = role.image.empty() ? cfg.image : role.image;
  std::map<std::string, std::string> env = cfg.env;
  for (auto const& [name, value] : role.env) env[name] = value;  // The role wins.
  LaunchScriptParts script;
  script.title = fmt::format("app '{}', role '{}'", app.name, role.name);
  if (cfg.rendezvous_env) {
    std::string prelude = RendezvousPrelude(cfg.master_port, env);
    if (!prelude.empty()) script.exports.push_back(std::move(prelude));
  }
  // Env values with macros refer to values known only in the container: they are exported by
  // the script rather than set in the spec.
  for (auto it = env.begin(); it != env.end();) {
    if (!HasMacro(it->second)) {
      ++it;
      continue;
    }
    script.exports.push_back(
        fmt::format("export {}={}", it->first, Quote(SubstituteMacros(it->second))));
    it = env.erase(it);
  }
  if (cfg.staging) {
    script.workdir = cfg.staging->mount_path;
    for (auto const& [mode, relative_paths] : identity.staged_modes) {
      auto& paths = script.modes[mode];
      for (auto const& relative : relative_paths) paths.push_back(JoinPath(cfg.staging->mount_path, relative));
    }
  }
  script.pre_launch_commands = cfg.pre_launch_commands;
  script.command = ShellCommand(role);
  container.command = std::vector<std::string>{"bash", "-c", RenderLaunchScript(script)};
  int const nodes = role.num_replicas > 0 ? role.num_replicas : cfg.nodes;
  spec.completions = nodes;
  spec.parallelism = nodes;
  spec.max_job_failure_retry = role.max_retries.value_or(cfg.max_retries);
  if (cfg.shared_memory_mib) spec.shared_memory_size = *cfg.shared_memory_mib;
  if (cfg.ttl_seconds_after_finished) spec.ttl_seconds_after_finished = *cfg.ttl_seconds_after_finished;
  spec.intra_job_communication = nodes > 1;

  auto& envs = spec.envs.emplace();
  for (auto const& [name, value] : env) {
    EnvVar var;
    var.name = name;
    var.value = value;
    envs.push_back(std::move(var));
  }
  for (auto const& [name, secret] : cfg.secret_env) {
    EnvVar var;
    var.name = name;
    var.value_from.emplace().secret_name_ref = secret;
    envs.push_back(std::move(var));
  }
  std::vector<VolumeMount> mounts = cfg.mounts;
  mounts.insert(mounts.end(), role.mounts.begin(), role.mounts.end());
  if (cfg.staging) {
    // The label names the staged mount, so Remove can find what to delete from the job alone.
    labels[kStagedMountLabel] = std::to_string(mounts.size());
    VolumeMount staged;
    staged.path = cfg.staging->remote_path;
    staged.mount_path = cfg.staging->mount_path;
    staged.from = cfg.staging->mount_from.empty() ? cfg.staging->file_system : cfg.staging->mount_from;
    mounts.push_back(std::move(staged));
  }
  if (!mounts.empty()) {
    auto& out = spec.mounts.emplace();
    for (auto const& m : mounts) {
      Mount mount;
      mount.path = m.path;
      mount.mount_path = m.mount_path;
      if (!m.from.empty()) mount.from = m.from;
      if (m.read_only) mount.mount_options.emplace().read_only = true;
      out.push_back(std::move(mount));
    }
  }
  if (!cfg.image_pull_secrets.empty()) spec.image_pull_secrets = cfg.image_pull_secrets;
  if (!cfg.priority_class.empty() || cfg.can_preempt || cfg.can_be_preempted) {
    auto& queue = spec.queue_config.emplace();
    if (!cfg.priority_class.empty()) queue.priority_class = cfg.priority_class;
    if (cfg.can_preempt) queue.can_preempt = true;
    if (cfg.can_be_preempted) queue.can_be_preempted = true;
  }
  return job;
}

}  // namespace lepton::sched::internal
