// wait: polls the job until it ends or the deadline passes, with a live status line.

#include <algorithm>

#include <nlohmann/json.hpp>

#include <fmt/format.h>

#include "lepton/fake/plan.h"
#include "lepton/sched/app_state.h"
#include "leptonctl/exit_codes.h"
#include "leptonctl/job_lookup.h"
#include "leptonctl/output.h"
#include "leptonctl/queue_position.h"
#include "leptonctl/verbs.h"

namespace lepton::ctl {

int RunWait(Context& ctx, std::string const& job, std::string const& deadline_text) {
  auto const limit = fake::ParseDuration(deadline_text);
  if (!limit) {
    return UsageError("wait", fmt::format("--deadline '{}': expected a duration such as 30s, 10m "
                                          "or 2h", deadline_text));
  }
  auto id = sched::JobIdOf(job);
  if (!id) return UsageError("wait", id.status().message());
  TimePoint const start = ctx.clock().Now();
  TimePoint const deadline = start + *limit;
  StatusLine line;
  Duration poll = std::chrono::milliseconds(500);
  for (;;) {
    auto found = FindJob(ctx, *id);
    if (!found) {
      line.Finish();
      return Fail(ctx, "wait", found.status());
    }
    JobStatus const status = found->status.value_or(JobStatus{});
    std::optional<std::int64_t> const completions =
        found->spec ? found->spec->completions : std::nullopt;
    sched::AppState const state = sched::AppStateOf(status, completions);
    std::string const lepton_state(JobStateName(status.state.value_or(JobState::kUnknown)));
    std::string text = fmt::format("{}  {}  ready {}/{}  active {}", *id, lepton_state,
                                   status.ready.value_or(0),
                                   found->spec ? found->spec->parallelism.value_or(1) : 1,
                                   status.active.value_or(0));
    if (auto position = QueuePositionOf(ctx.client(), *found)) {
      text += fmt::format("  queue position {}", *position);
    }
    double const elapsed = std::chrono::duration<double>(ctx.clock().Now() - start).count();
    line.Show(text, "elapsed " + FormatDuration(elapsed));
    if (sched::IsTerminal(state)) {
      line.Finish();
      std::string const name(sched::AppStateName(state));
      if (ctx.json()) {
        PrintJson(nlohmann::json{{"id", *id}, {"state", name}, {"lepton_state", lepton_state}});
      } else {
        fmt::print("{} ended {} (Lepton state {})\n", *id, name, lepton_state);
      }
      if (state == sched::AppState::kSucceeded) return kExitOk;
      return state == sched::AppState::kCancelled ? kExitJobCancelled : kExitJobFailed;
    }
    if (ctx.clock().Now() >= deadline) {
      line.Finish();
      return FailWith(kExitDeadline, "wait",
                      fmt::format("job {} is still {} after {}", *id, lepton_state, deadline_text));
    }
    ctx.Sleep(std::min<Duration>(poll, deadline - ctx.clock().Now()));
    poll = std::min<Duration>(poll * 3 / 2, std::chrono::seconds(5));
  }
}

}  // namespace lepton::ctl
