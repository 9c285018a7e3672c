#include "demo/job_watcher.h"

#include <chrono>

#include <fmt/format.h>

namespace lepton::demo {

std::string DescribeProgress(Job const& job) {
  if (!job.status) return "(no status)";
  auto const& s = *job.status;
  std::int64_t const parallelism = job.spec ? job.spec->parallelism.value_or(1) : 1;
  std::int64_t const completions = job.spec ? job.spec->completions.value_or(1) : 1;
  return fmt::format("{:<12} ready {}/{}  active {}  succeeded {}/{}  failed {}",
                     JobStateName(s.state.value_or(JobState::kUnknown)), s.ready.value_or(0),
                     parallelism, s.active.value_or(0), s.succeeded.value_or(0), completions,
                     s.failed.value_or(0));
}

StatusOr<Job> WatchJob(Client& client, std::string const& job_id, Clock const& clock,
                       TimePoint deadline, std::function<void(Duration)> const& sleep,
                       std::function<void(Job const&)> const& on_change) {
  std::string last;
  for (;;) {
    auto job = client.GetJob(job_id);
    if (!job) return job;
    std::string const now = DescribeProgress(*job);
    if (now != last) {
      on_change(*job);
      last = now;
    }
    if (job->status && job->status->state && IsFinal(*job->status->state)) return job;
    if (clock.Now() >= deadline) {
      return Status(StatusCode::kDeadlineExceeded,
                    fmt::format("job {} did not finish before the deadline ({})", job_id, now));
    }
    sleep(std::chrono::milliseconds(50));
  }
}

}  // namespace lepton::demo
