// submit and dryrun: the flags of `lep job create`, turned into the scheduler's AppDef and
// executor so that validation, node group resolution and the create token are the scheduler's.

#include <nlohmann/json.hpp>

#include <fmt/format.h>

#include "leptonctl/exit_codes.h"
#include "leptonctl/output.h"
#include "leptonctl/verbs.h"

namespace lepton::ctl {
namespace {

// Splits "KEY=VALUE"; kInvalidArgument naming the flag when there is no '='.
lepton::Status SplitPair(std::string const& flag, std::string const& text, std::string& key,
                         std::string& value) {
  auto const eq = text.find('=');
  if (eq == std::string::npos || eq == 0) {
    return lepton::Status(StatusCode::kInvalidArgument,
                          fmt::format("{} '{}': expected NAME=VALUE", flag, text));
  }
  key = text.substr(0, eq);
  value = text.substr(eq + 1);
  return {};
}

lepton::Status Build(SubmitOptions const& s, sched::AppDef& app, sched::LeptonExecutorConfig& cfg) {
  app.name = s.name;
  sched::Role role;
  role.name = "worker";
  role.entrypoint = s.command.front();
  role.args.assign(s.command.begin() + 1, s.command.end());
  app.roles.push_back(std::move(role));
  cfg.image = s.image;
  cfg.nodes = s.nodes;
  cfg.gpus_per_node = s.gpus_per_node;
  cfg.resource_shape = s.shape;
  cfg.node_group = s.node_group;
  cfg.priority_class = s.priority;
  cfg.can_preempt = s.can_preempt;
  cfg.can_be_preempted = s.can_be_preempted;
  cfg.max_retries = s.max_retries;
  std::string key, value;
  for (auto const& e : s.env) {
    if (auto st = SplitPair("--env", e, key, value); !st.ok()) return st;
    cfg.env[key] = value;
  }
  for (auto const& l : s.labels) {
    if (auto st = SplitPair("--label", l, key, value); !st.ok()) return st;
    cfg.labels[key] = value;
  }
  for (auto const& secret : s.secrets) {
    auto const eq = secret.find('=');
    cfg.secret_env[secret.substr(0, eq)] = eq == std::string::npos ? secret : secret.substr(eq + 1);
  }
  for (auto const& m : s.mounts) {
    sched::VolumeMount mount;
    auto const first = m.find(':');
    if (first == std::string::npos) {
      return lepton::Status(StatusCode::kInvalidArgument,
                            fmt::format("--mount '{}': expected STORAGE_PATH:MOUNT_PATH[:FROM]", m));
    }
    auto const second = m.find(':', first + 1);
    mount.path = m.substr(0, first);
    mount.mount_path = m.substr(first + 1, second == std::string::npos ? std::string::npos
                                                                       : second - first - 1);
    if (second != std::string::npos) mount.from = m.substr(second + 1);
    cfg.mounts.push_back(std::move(mount));
  }
  cfg.pre_launch_commands = s.pre_launch;
  if (!s.stage_dir.empty()) {
    sched::StagedDirectory& staging = cfg.staging.emplace();
    staging.local_dir = s.stage_dir;
    staging.mount_path = s.stage_mount;
    std::string target = s.stage_to.empty() ? "/leptonkit/" + s.name : s.stage_to;
    if (auto const colon = target.find(':'); colon != std::string::npos && target[0] != '/') {
      staging.file_system = target.substr(0, colon);
      target = target.substr(colon + 1);
    }
    staging.remote_path = target;
  }
  return {};
}

}  // namespace

int RunSubmit(Context& ctx, SubmitOptions const& options, bool dry_run) {
  char const* what = dry_run ? "dryrun" : "submit";
  sched::AppDef app;
  sched::LeptonExecutorConfig cfg;
  if (auto built = Build(options, app, cfg); !built.ok()) return UsageError(what, built.message());
  auto info = ctx.scheduler().SubmitDryRun(app, cfg);
  // A 404 names something the request asked for (a node group): the request is wrong.
  if (!info) return Fail(ctx, what, info.status(), StatusCode::kInvalidArgument);
  if (dry_run && options.launch_script) {
    if (info->staging) {
      fmt::print("# staged before the job is created: {} -> {}:{}, mounted at {}\n",
                 info->staging->local_dir.string(), info->staging->file_system,
                 info->staging->remote_path, info->staging->mount_path);
    }
    fmt::print("{}\n", info->launch_script);
    return kExitOk;
  }
  if (dry_run) {
    fmt::print("{}\n", info->json);
    return kExitOk;
  }
  auto handle = ctx.scheduler().Schedule(*info);
  if (!handle) return Fail(ctx, what, handle.status());
  auto id = sched::JobIdOf(*handle);
  if (!id) return Fail(ctx, what, id.status());
  LastSubmitted() = *id;
  if (ctx.json()) {
    nlohmann::json const out = {{"id", *id}, {"name", *info->job.metadata.name}, {"handle", *handle}};
    PrintJson(out);
  } else {
    fmt::print("submitted {} as {}\n", *info->job.metadata.name, *id);
  }
  return kExitOk;
}

}  // namespace lepton::ctl
