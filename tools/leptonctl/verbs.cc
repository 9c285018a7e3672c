#include "leptonctl/verbs.h"

#include <fmt/format.h>

#include "leptonctl/exit_codes.h"
#include "leptonctl/secret_words.h"

namespace lepton::ctl {

int ExitCodeOf(lepton::Status const& status) {
  switch (status.code()) {
    case StatusCode::kOk: return kExitOk;
    case StatusCode::kNotFound: return kExitNotFound;
    case StatusCode::kUnauthenticated:
    case StatusCode::kPermissionDenied: return kExitAuth;
    case StatusCode::kInvalidArgument:
    case StatusCode::kFailedPrecondition:
    case StatusCode::kAlreadyExists: return kExitInvalid;
    // A call that timed out is the workspace not answering; only a verb's own --deadline
    // (which returns kExitDeadline itself) is exit 7.
    case StatusCode::kResourceExhausted:
    case StatusCode::kUnavailable:
    case StatusCode::kDeadlineExceeded: return kExitUnavailable;
    default: return kExitError;
  }
}

int Fail(std::string const& what, lepton::Status const& status) {
  std::string hint;
  switch (status.code()) {
    case StatusCode::kUnauthenticated:
      hint = "check LEPTON_WORKSPACE_TOKEN (or --token) for this workspace";
      break;
    case StatusCode::kPermissionDenied:
      hint = "the token may not do this in this workspace";
      break;
    case StatusCode::kInvalidArgument:
      hint = "`leptonctl node-groups` and `leptonctl shapes` show what the workspace offers";
      break;
    case StatusCode::kResourceExhausted:
      hint = "the workspace is rate limiting; try again in a minute";
      break;
    case StatusCode::kUnavailable:
    case StatusCode::kDeadlineExceeded:
      hint = "the workspace did not answer; check LEPTON_WORKSPACE_URL and the network";
      break;
    default:
      break;
  }
  return FailWith(ExitCodeOf(status), what,
                  hint.empty() ? status.message() : fmt::format("{} ({})", status.message(), hint));
}

int Fail(Context& ctx, std::string const& what, lepton::Status const& status,
         StatusCode not_found_means) {
  if (status.code() != StatusCode::kNotFound) return Fail(what, status);
  if (auto missing = ctx.MissingWorkspace()) {
    return FailWith(kExitAuth, what,
                    fmt::format("the workspace was not found ({}); check LEPTON_WORKSPACE_ID or "
                                "LEPTON_WORKSPACE_URL (or --workspace-id, --url)",
                                *missing));
  }
  return Fail(what, lepton::Status(not_found_means, status.message()));
}

int FailWith(int exit_code, std::string const& what, std::string const& message) {
  // Masked: a message may quote an argument or an answer that holds the token.
  fmt::print(stderr, "leptonctl: error: {}: {}\n", MaskedForErrors(what), MaskedForErrors(message));
  return exit_code;
}

int UsageError(std::string const& what, std::string const& message) {
  return FailWith(kExitUsage, what, message);
}

std::string& LastSubmitted() {
  static std::string last;
  return last;
}

namespace {

CLI::App* Verb(CLI::App& app, char const* name, char const* description, char const* example) {
  CLI::App* verb = app.add_subcommand(name, description);
  verb->fallthrough();  // Global flags (--json, --token...) may also follow the verb.
  verb->footer(fmt::format("Example:\n  {}", example));
  return verb;
}

void AddJobArgument(CLI::App* verb, VerbArgs& args) {
  verb->add_option("job", args.job, "Job id (or a lepton://session/id handle)")->required();
}

void AddSubmitFlags(CLI::App* verb, SubmitOptions& s) {
  verb->add_option("-n,--name", s.name, "Job name (a DNS label; a unique suffix is added)")->required();
  verb->add_option("--image", s.image, "Container image")->capture_default_str();
  verb->add_option("--nodes", s.nodes, "Nodes (replicas), for distributed training")
      ->check(CLI::Range(1, 10000))
      ->capture_default_str();
  verb->add_option("--gpus-per-node", s.gpus_per_node,
                   "Processes per node for torchrun; at most the shape's GPUs");
  verb->add_option("-s,--shape", s.shape, "Resource shape, e.g. gpu.8xh100 (see `shapes`)")->required();
  verb->add_option("-g,--node-group", s.node_group, "Dedicated node group, by name or id");
  // Repeatable flags take one value each time, so a value-less word after them is never taken
  // from the command.
  verb->add_option("-e,--env", s.env, "Environment variable NAME=VALUE (repeatable)")
      ->allow_extra_args(false);
  verb->add_option("--secret", s.secrets,
                   "NAME[=SECRET]: env var NAME from workspace secret SECRET (default NAME)")
      ->allow_extra_args(false);
  verb->add_option("--mount", s.mounts, "STORAGE_PATH:MOUNT_PATH[:FROM] (repeatable)")
      ->allow_extra_args(false);
  verb->add_option("-l,--label", s.labels, "Job label KEY=VALUE (repeatable)")
      ->allow_extra_args(false);
  verb->add_option("--priority", s.priority,
                   "Queue priority: low-1000 .. mid-4000 .. high-9000");
  verb->add_flag("--can-preempt", s.can_preempt, "May evict lower-priority preemptible jobs");
  verb->add_flag("--can-be-preempted", s.can_be_preempted, "May be evicted by higher priority");
  verb->add_option("--max-retries", s.max_retries, "Whole-job retries after a failure")
      ->check(CLI::NonNegativeNumber);
  verb->add_option("--pre-launch", s.pre_launch,
                   "A shell line run before the command, in the staged directory (repeatable)")
      ->allow_extra_args(false);
  verb->add_option("--stage", s.stage_dir,
                   "Local directory shipped to workspace storage before the job is created "
                   "(unchanged files are not uploaded again) and mounted at --stage-mount");
  verb->add_option("--stage-to", s.stage_to,
                   "Where --stage puts the files: [FILE_SYSTEM:]/DIR (default: "
                   "default:/leptonkit/<name>)");
  verb->add_option("--stage-mount", s.stage_mount,
                   "Where the job sees the staged files; the command runs there")
      ->capture_default_str();
  verb->add_option("command", s.command, "The command and its arguments, after --")->required();
}

}  // namespace

void AddVerbs(CLI::App& app, VerbArgs& args) {
  app.require_subcommand(1);
  AddSubmitFlags(Verb(app, "submit", "Submit a job; prints its id",
                      "leptonctl submit -n train -s gpu.8xh100 --nodes 2 -- python train.py --lr 3e-4"),
                 args.submit);
  CLI::App* dryrun = Verb(app, "dryrun", "Print the exact JSON that submit would POST",
                         "leptonctl dryrun -n train -s gpu.8xh100 -- python train.py");
  AddSubmitFlags(dryrun, args.submit);
  dryrun->add_flag("--launch-script", args.submit.launch_script,
                   "Print the script the container runs (and what would be staged) instead");
  AddJobArgument(Verb(app, "status", "A job's state, replicas and why it waits",
                      "leptonctl status train-x7k2p-ab3cd"),
                 args);
  CLI::App* list = Verb(app, "list", "List jobs, newest first",
                        "leptonctl list --status running --status queueing");
  list->add_option("--status", args.list.states, "State prefix, e.g. run, queue, fail (repeatable)")
      ->allow_extra_args(false);
  list->add_option("--name", args.list.name, "Part of the name or id");
  list->add_option("--label", args.list.label, "Label selector, e.g. team=research");
  list->add_option("--node-group", args.list.node_group, "Node group id");
  list->add_flag("-a,--all", args.list.archived, "Include archived jobs");
  CLI::App* logs = Verb(app, "logs", "Print a replica's log", "leptonctl logs train-x7k2p-ab3cd --replica 1 -f");
  AddJobArgument(logs, args);
  logs->add_option("-r,--replica", args.logs.replica, "Replica (node rank)")->capture_default_str();
  logs->add_option("--grep", args.logs.grep, "Only lines matching this extended regex");
  logs->add_flag("-f,--follow", args.logs.follow, "Keep printing until the replica ends");
  logs->add_option("--deadline", args.logs.deadline, "With -f: give up after this long (exit 7)")
      ->needs(logs->get_option("--follow"));
  AddJobArgument(Verb(app, "cancel", "Stop a job, keeping it and its logs",
                      "leptonctl cancel train-x7k2p-ab3cd"),
                 args);
  CLI::App* remove = Verb(app, "delete", "Delete a job with its status and logs",
                         "leptonctl delete train-x7k2p-ab3cd --staged-files");
  AddJobArgument(remove, args);
  remove->add_flag("--staged-files", args.delete_staged_files,
                   "Also delete the directory `submit --stage` put in storage for it");
  CLI::App* wait = Verb(app, "wait", "Wait for a job to end, showing its progress",
                        "leptonctl wait train-x7k2p-ab3cd --deadline 2h");
  AddJobArgument(wait, args);
  wait->add_option("--deadline", args.deadline, "Give up after this long (30s, 10m, 2h)")
      ->capture_default_str();
  Verb(app, "node-groups", "List the workspace's dedicated node groups", "leptonctl node-groups");
  CLI::App* shapes = Verb(app, "shapes", "List resource shapes", "leptonctl shapes --node-group h100-pool");
  shapes->add_option("-g,--node-group", args.shapes_node_group, "Only shapes usable in this group");
}

int RunVerb(CLI::App const& app, VerbArgs const& args, Context& ctx) {
  auto const verbs = app.get_subcommands();
  if (verbs.empty()) return kExitUsage;
  std::string const verb = verbs.front()->get_name();
  if (verb == "submit") return RunSubmit(ctx, args.submit, false);
  if (verb == "dryrun") return RunSubmit(ctx, args.submit, true);
  if (verb == "status") return RunStatus(ctx, args.job);
  if (verb == "list") return RunList(ctx, args.list);
  if (verb == "logs") return RunLogs(ctx, args.job, args.logs);
  if (verb == "cancel") return RunCancel(ctx, args.job);
  if (verb == "delete") return RunDelete(ctx, args.job, args.delete_staged_files);
  if (verb == "wait") return RunWait(ctx, args.job, args.deadline);
  if (verb == "node-groups") return RunNodeGroups(ctx);
  if (verb == "shapes") return RunShapes(ctx, args.shapes_node_group);
  return kExitUsage;
}

}  // namespace lepton::ctl
