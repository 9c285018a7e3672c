// logs: a replica's log, filtered by a regex, optionally followed as it is written (through the
// scheduler's StreamLog, which reconnects a stream that drops or goes quiet and follows a
// replica that a restart replaced).

#include <regex.h>

#include <fmt/format.h>

#include "lepton/fake/plan.h"
#include "lepton/sched/app_state.h"
#include "leptonctl/exit_codes.h"
#include "leptonctl/job_lookup.h"
#include "leptonctl/output.h"
#include "leptonctl/verbs.h"

namespace lepton::ctl {
namespace {

// Whether `pattern` is a POSIX extended regex (the dialect StreamLog filters with), so that a
// typo is a usage error found before any call.
bool IsExtendedRegex(std::string const& pattern) {
  regex_t regex;
  if (regcomp(&regex, pattern.c_str(), REG_EXTENDED | REG_NOSUB) != 0) return false;
  regfree(&regex);
  return true;
}

void PrintLine(Context& ctx, int replica, std::string_view line) {
  if (ctx.json()) {
    PrintJson(nlohmann::json{{"replica", replica}, {"line", line}});
    return;
  }
  fmt::print("{}\n", line);
  std::fflush(stdout);
}

// Waits (showing why on the status line) until the job has created replica `rank`: OK then,
// kNotFound when the job has no such rank or ended without it, kDeadlineExceeded at `deadline`.
lepton::Status AwaitReplica(Context& ctx, std::string const& id, int rank,
                            std::optional<TimePoint> deadline) {
  std::string const prefix = fmt::format("{}-{}-", id, rank);
  StatusLine line;
  for (;;) {
    auto job = FindJob(ctx, id);
    if (!job) {
      line.Finish();
      return std::move(job).status();
    }
    std::int64_t const width = job->spec ? job->spec->parallelism.value_or(1) : 1;
    if (rank < 0 || rank >= width) {
      line.Finish();
      return lepton::Status(StatusCode::kNotFound,
                            fmt::format("job {} has replicas 0 to {}; there is no replica {}", id,
                                        width - 1, rank));
    }
    auto replicas = ctx.client().ListReplicas(id, JobQueryMode::kAliveAndArchive);
    if (!replicas) {
      line.Finish();
      return std::move(replicas).status();
    }
    for (auto const& replica : *replicas) {
      if (replica.id.value_or(replica.metadata.id.value_or("")).rfind(prefix, 0) == 0) {
        line.Finish();
        return {};
      }
    }
    JobStatus const status = job->status.value_or(JobStatus{});
    std::string const state(JobStateName(status.state.value_or(JobState::kUnknown)));
    if (sched::IsTerminal(sched::AppStateOf(status, job->spec ? job->spec->completions : std::nullopt))) {
      line.Finish();
      return lepton::Status(StatusCode::kNotFound,
                            fmt::format("job {} ended ({}) without a replica {}", id, state, rank));
    }
    if (deadline && ctx.clock().Now() >= *deadline) {
      line.Finish();
      return lepton::Status(StatusCode::kDeadlineExceeded,
                            fmt::format("job {} is still {} with no replica {}", id, state, rank));
    }
    line.Show(fmt::format("waiting for replica {} of {} ({})", rank, id, state), "");
    ctx.Sleep(std::chrono::seconds(1));
  }
}

}  // namespace

int RunLogs(Context& ctx, std::string const& job, LogsOptions const& options) {
  if (!options.grep.empty() && !IsExtendedRegex(options.grep)) {
    return UsageError("logs", fmt::format("--grep '{}' is not a valid extended regex", options.grep));
  }
  auto id = sched::JobIdOf(job);
  if (!id) return UsageError("logs", id.status().message());
  sched::LogOptions log_options;
  log_options.regex = options.grep;
  log_options.should_tail = options.follow;
  if (!options.deadline.empty()) {
    auto const limit = fake::ParseDuration(options.deadline);
    if (!limit) {
      return UsageError("logs", fmt::format("--deadline '{}': expected a duration such as 30s, "
                                            "10m or 2h", options.deadline));
    }
    log_options.deadline = ctx.clock().Now() + *limit;
  }
  // Our own deadline is exit 7; a call that timed out is the workspace's failure (exit 6).
  auto fail = [&](lepton::Status const& st) {
    int const code = Fail("logs", st);
    bool const ours = log_options.deadline && ctx.clock().Now() >= *log_options.deadline;
    return st.code() == StatusCode::kDeadlineExceeded && ours ? static_cast<int>(kExitDeadline) : code;
  };
  if (options.follow) {
    if (auto st = AwaitReplica(ctx, *id, options.replica, log_options.deadline); !st.ok()) {
      return fail(st);
    }
  } else if (auto found = FindJob(ctx, *id); !found) {
    return fail(found.status());  // Tells a missing job from a wrong workspace.
  }
  lepton::Status const streamed =
      ctx.scheduler().StreamLog(*id, options.replica, log_options, [&](std::string_view line) {
        PrintLine(ctx, options.replica, line);
        return true;
      });
  if (!streamed.ok()) return fail(streamed);
  return kExitOk;
}

}  // namespace lepton::ctl
