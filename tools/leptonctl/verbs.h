#ifndef LEPTONKIT_TOOLS_LEPTONCTL_VERBS_H_
#define LEPTONKIT_TOOLS_LEPTONCTL_VERBS_H_

#include <map>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "leptonctl/context.h"

namespace lepton::ctl {

struct SubmitOptions {
  std::string name;
  std::string image = "nvcr.io/nvidia/pytorch:25.08-py3";  // The CLI's default image.
  int nodes = 1;
  int gpus_per_node = 0;
  std::string shape;
  std::string node_group;
  std::vector<std::string> env;      // NAME=VALUE
  std::vector<std::string> secrets;  // NAME[=SECRET]
  std::vector<std::string> mounts;   // STORAGE_PATH:MOUNT_PATH[:FROM]
  std::vector<std::string> labels;   // KEY=VALUE
  std::string priority;
  bool can_preempt = false;
  bool can_be_preempted = false;
  int max_retries = 0;
  std::vector<std::string> pre_launch;  // Shell lines before the command.
  std::string stage_dir;                // A local directory to stage; none when empty.
  std::string stage_to;                 // [FS:]/REMOTE/DIR; default:/leptonkit/<name> when empty.
  std::string stage_mount = "/leptonkit/job";
  bool launch_script = false;           // dryrun: print the launch script, not the JSON.
  std::vector<std::string> command;     // After `--`.
};

struct ListOptions {
  std::vector<std::string> states;
  std::string name;
  std::string label;
  std::string node_group;
  bool archived = false;
};

struct LogsOptions {
  int replica = 0;
  std::string grep;
  bool follow = false;
  std::string deadline;  // With follow; none when empty.
};

/// The values every verb's flags are parsed into.
struct VerbArgs {
  SubmitOptions submit;
  std::string job;
  ListOptions list;
  LogsOptions logs;
  std::string deadline = "24h";
  bool delete_staged_files = false;
  std::string shapes_node_group;
};

/// Registers submit, dryrun, status, list, logs, cancel, delete, wait, node-groups and shapes
/// on `app`, parsing into `args`.
void AddVerbs(CLI::App& app, VerbArgs& args);

/// Runs the verb `app` parsed; its exit code (exit_codes.h). Output goes to stdout, errors and
/// progress to stderr.
int RunVerb(CLI::App const& app, VerbArgs const& args, Context& ctx);

// The verbs, one file each (submit.cc, jobs.cc, logs.cc, wait.cc, cluster.cc).
int RunSubmit(Context& ctx, SubmitOptions const& options, bool dry_run);
int RunStatus(Context& ctx, std::string const& job);
int RunList(Context& ctx, ListOptions const& options);
int RunCancel(Context& ctx, std::string const& job);
int RunDelete(Context& ctx, std::string const& job, bool staged_files);
int RunLogs(Context& ctx, std::string const& job, LogsOptions const& options);
int RunWait(Context& ctx, std::string const& job, std::string const& deadline);
int RunNodeGroups(Context& ctx);
int RunShapes(Context& ctx, std::string const& node_group);

/// Prints "leptonctl: error: <what>: <message>" and what to do about it; the exit code.
int Fail(std::string const& what, lepton::Status const& status);

/// Fail for a status a call to the workspace returned: a 404 is first checked against the
/// workspace (one more request). When the workspace itself does not exist, that is what is
/// reported (exit 4); otherwise the 404 is reported with the code `not_found_means` (submit
/// passes kInvalidArgument: what was not found is something the request names). A kNotFound
/// leptonctl made from answers it already has goes to Fail(what, status) instead.
int Fail(Context& ctx, std::string const& what, lepton::Status const& status,
         StatusCode not_found_means = StatusCode::kNotFound);

/// Prints "leptonctl: error: <what>: <message>" with no hint; returns `exit_code`. For what
/// leptonctl decided itself: a wrong argument (kExitUsage), its own deadline (kExitDeadline).
int FailWith(int exit_code, std::string const& what, std::string const& message);

/// FailWith(kExitUsage, ...): an argument that is wrong before any call is made.
int UsageError(std::string const& what, std::string const& message);

/// The job id the last successful submit of this process printed (batch mode's `@last`).
std::string& LastSubmitted();

}  // namespace lepton::ctl

#endif  // LEPTONKIT_TOOLS_LEPTONCTL_VERBS_H_
