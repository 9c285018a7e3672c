// `0 <= ready <= active <= parallelism` and `succeeded <= completions` hold at every instant of
// every lifecycle path, checked by stepping the manual clock through each.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <memory>
#include <set>
#include <string>

#include "world.h"

namespace lepton::fake {
namespace {

struct Path {
  std::string name;
  std::string script;
  int completions;
  int parallelism;
  int worker_retries;
  int job_retries;
  // Something done to the job at 1.5 s: "", "stop", "stop-start", "delete".
  std::string action;
};

void PrintTo(Path const& p, std::ostream* os) { *os << p.name; }

class CounterInvariantTest : public ::testing::TestWithParam<Path> {};

TEST_P(CounterInvariantTest, HoldsAtEveryStep) {
  Path const& p = GetParam();
  auto clock = std::make_shared<ManualClock>();
  FakeLeptonOptions options;
  options.clock = clock;
  World world(options);
  Job job;
  job.metadata.name = "inv";
  auto& spec = job.spec.emplace();
  spec.container.emplace().command = {"sh", "-c", p.script};
  spec.completions = p.completions;
  spec.parallelism = p.parallelism;
  spec.max_failure_retry = p.worker_retries;
  spec.max_job_failure_retry = p.job_retries;
  auto created = world.CreateJob(job);
  ASSERT_TRUE(created.ok()) << created.status();
  std::string const id = *created->metadata.id;
  Job stop;
  stop.spec.emplace().stopped = true;
  Job start;
  start.spec.emplace().stopped = false;
  std::set<JobState> seen;
  for (int step = 0; step < 400; ++step) {
    if (step == 15 && (p.action == "stop" || p.action == "stop-start")) {
      ASSERT_TRUE(world.PatchJob(id, stop).ok());
    }
    if (step == 40 && p.action == "stop-start") {
      ASSERT_TRUE(world.PatchJob(id, start).ok());
    }
    if (step == 15 && p.action == "delete") {
      ASSERT_TRUE(world.DeleteJob(id, JobQueryMode::kAliveOnly).ok());
    }
    auto read = world.GetJob(id, JobQueryMode::kAliveAndArchive);
    ASSERT_TRUE(read.ok()) << read.status();
    auto const& s = *read->status;
    seen.insert(s.state.value_or(JobState::kUnknown));
    std::int64_t const ready = s.ready.value_or(0);
    std::int64_t const active = s.active.value_or(0);
    EXPECT_LE(0, ready) << "step " << step;
    EXPECT_LE(ready, active) << "step " << step << " in " << JobStateName(*s.state);
    EXPECT_LE(active, p.parallelism) << "step " << step << " in " << JobStateName(*s.state);
    EXPECT_LE(s.succeeded.value_or(0), p.completions) << "step " << step;
    EXPECT_GE(s.failed.value_or(0), 0);
    clock->Advance(std::chrono::milliseconds(100));
  }
  EXPECT_TRUE(IsFinal(*world.GetJob(id, JobQueryMode::kAliveAndArchive)->status->state))
      << "the path did not end within 40 s of clock time";
}

INSTANTIATE_TEST_SUITE_P(
    Paths, CounterInvariantTest,
    ::testing::Values(Path{"Succeeds", "sleep 2", 3, 3, 0, 0, ""},
                      Path{"MoreCompletionsThanParallelism", "sleep 1", 5, 2, 0, 0, ""},
                      Path{"Fails", "sleep 1; exit 1", 2, 2, 0, 0, ""},
                      Path{"WorkerRetries", "sleep 1; exit 1", 2, 2, 2, 0, ""},
                      Path{"JobRetries", "sleep 1; exit 1", 2, 2, 0, 2, ""},
                      Path{"BothRetries", "sleep 1; exit 1", 3, 2, 1, 1, ""},
                      Path{"Stopped", "sleep 100", 2, 2, 0, 0, "stop"},
                      Path{"StoppedAndStarted", "sleep 1", 2, 2, 0, 0, "stop-start"},
                      Path{"Deleted", "sleep 100", 2, 2, 0, 0, "delete"}),
    [](auto const& test) { return test.param.name; });

}  // namespace
}  // namespace lepton::fake
