// logs: a replica's log, filtered by a regex, optionally followed as it is written.

#include <regex.h>

#include <memory>

#include <nlohmann/json.hpp>

#include <fmt/format.h>

#include "lepton/sched/app_state.h"
#include "leptonctl/exit_codes.h"
#include "leptonctl/output.h"
#include "leptonctl/verbs.h"

namespace lepton::ctl {
namespace {

// A POSIX extended regex, searched (the scheduler's LogLines uses the same dialect).
class LineFilter {
 public:
  static StatusOr<std::unique_ptr<LineFilter>> Make(std::string const& pattern) {
    auto filter = std::unique_ptr<LineFilter>(new LineFilter());
    if (pattern.empty()) return filter;
    if (regcomp(&filter->regex_, pattern.c_str(), REG_EXTENDED | REG_NOSUB) != 0) {
      return lepton::Status(StatusCode::kInvalidArgument,
                            fmt::format("--grep '{}' is not a valid extended regex", pattern));
    }
    filter->compiled_ = true;
    return filter;
  }
  ~LineFilter() {
    if (compiled_) regfree(&regex_);
  }
  LineFilter(LineFilter const&) = delete;
  LineFilter& operator=(LineFilter const&) = delete;

  [[nodiscard]] bool Keeps(std::string const& line) const {
    return !compiled_ || regexec(&regex_, line.c_str(), 0, nullptr, 0) == 0;
  }

 private:
  LineFilter() = default;
  regex_t regex_{};
  bool compiled_ = false;
};

void PrintLine(Context& ctx, int replica, std::string_view line) {
  if (!line.empty() && line.back() == '\n') line.remove_suffix(1);
  if (ctx.json()) {
    fmt::print("{}\n", nlohmann::json{{"replica", replica}, {"line", line}}.dump());
  } else {
    fmt::print("{}\n", line);
  }
  std::fflush(stdout);
}

// The id of replica `rank` of the current attempt; waits (on the clock) while the job has not
// created it yet and is not over.
StatusOr<std::string> ReplicaOf(Context& ctx, std::string const& id, int rank) {
  std::string const prefix = fmt::format("{}-{}-", id, rank);
  StatusLine line;
  for (;;) {
    auto job = ctx.client().GetJob(id, JobQueryMode::kAliveAndArchive);
    if (!job) return std::move(job).status();
    auto replicas = ctx.client().ListReplicas(id, JobQueryMode::kAliveAndArchive);
    if (!replicas) return std::move(replicas).status();
    for (auto const& replica : *replicas) {
      std::string const rid = replica.id.value_or(replica.metadata.id.value_or(""));
      if (rid.rfind(prefix, 0) == 0) {
        line.Finish();
        return rid;
      }
    }
    JobStatus const status = job->status.value_or(JobStatus{});
    if (sched::IsTerminal(sched::AppStateOf(status, job->spec ? job->spec->completions : std::nullopt))) {
      line.Finish();
      return lepton::Status(StatusCode::kNotFound,
                            fmt::format("job {} ended without a replica {}", id, rank));
    }
    line.Show(fmt::format("waiting for replica {} of {} ({})", rank, id,
                          JobStateName(status.state.value_or(JobState::kUnknown))),
              "");
    ctx.Sleep(std::chrono::seconds(1));
  }
}

}  // namespace

int RunLogs(Context& ctx, std::string const& job, LogsOptions const& options) {
  auto filter = LineFilter::Make(options.grep);
  if (!filter) return Fail("logs", filter.status());
  auto id = sched::JobIdOf(job);
  if (!id) return Fail("logs", id.status());
  if (!options.follow) {
    sched::LogOptions log_options;
    log_options.regex = options.grep;
    auto lines = ctx.scheduler().LogLines(*id, options.replica, log_options);
    if (!lines) return Fail("logs", lines.status());
    for (auto const& l : *lines) PrintLine(ctx, options.replica, l);
    return kExitOk;
  }
  auto replica = ReplicaOf(ctx, *id, options.replica);
  if (!replica) return Fail("logs", replica.status());
  auto const& keep = **filter;
  lepton::Status const followed =
      ctx.client().FollowReplicaLog(*id, *replica, [&](std::string_view line) {
        if (keep.Keeps(std::string(line))) PrintLine(ctx, options.replica, line);
        return true;
      });
  if (!followed.ok()) return Fail("logs", followed);
  return kExitOk;
}

}  // namespace lepton::ctl
