// logs: a replica's log, filtered by a regex, optionally followed as it is written (through the
// scheduler's StreamLog, which waits for the replica, reconnects a stream that drops or goes
// quiet, and follows a replica that a restart replaced).

#include <regex.h>

#include <fmt/format.h>

#include "lepton/fake/plan.h"
#include "leptonctl/exit_codes.h"
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
  sched::LeptonScheduler* scheduler = &ctx.scheduler();
  std::unique_ptr<sched::LeptonScheduler> bounded;
  if (!options.deadline.empty()) {
    auto const limit = fake::ParseDuration(options.deadline);
    if (!limit) {
      return UsageError("logs", fmt::format("--deadline '{}': expected a duration such as 30s, "
                                            "10m or 2h", options.deadline));
    }
    log_options.deadline = ctx.clock().Now() + *limit;
    auto until = ctx.SchedulerUntil(*log_options.deadline);
    if (!until) return Fail("logs", until.status());
    bounded = *std::move(until);
    scheduler = bounded.get();
  }
  StatusLine waiting;
  log_options.on_wait = [&](std::string const& why) {
    waiting.Show(fmt::format("{} replica {}: {}", *id, options.replica, why), "");
  };
  lepton::Status const streamed =
      scheduler->StreamLog(*id, options.replica, log_options, [&](std::string_view line) {
        waiting.Finish();
        PrintLine(ctx, options.replica, line);
        return true;
      });
  waiting.Finish();
  if (streamed.ok()) return kExitOk;
  // Our own deadline is exit 7 (no hint: nothing is wrong with the workspace); a call that
  // timed out is the workspace's failure (exit 6).
  if (streamed.code() == StatusCode::kDeadlineExceeded && log_options.deadline &&
      ctx.clock().Now() >= *log_options.deadline) {
    return FailWith(kExitDeadline, "logs", streamed.message());
  }
  return Fail(ctx, "logs", streamed);
}

}  // namespace lepton::ctl
