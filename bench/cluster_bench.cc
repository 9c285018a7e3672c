// The fake's cluster model at KWOK's published scale: 100,000 jobs placed on and finished on
// 1,000 nodes, engine only (no HTTP), on the manual clock. Figures: bench/README.md.

#include <benchmark/benchmark.h>

#include <malloc.h>
#include <sys/resource.h>

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "world.h"

namespace lepton::fake {
namespace {

// Heap bytes in use now (glibc's count of allocated blocks): unlike the resident set it drops
// when memory is freed, so every repetition measures the same thing.
std::int64_t HeapBytes() { return static_cast<std::int64_t>(mallinfo2().uordblks); }

// `nodes` 8-GPU nodes in groups of 100.
std::vector<FakeNodeGroup> Groups(int nodes) {
  std::vector<FakeNodeGroup> groups;
  for (int n = 0; n < nodes; ++n) {
    if (n % 100 == 0) {
      FakeNodeGroup group;
      group.id = fmt::format("ng-{}", n / 100);
      group.name = group.id;
      groups.push_back(std::move(group));
    }
    FakeNode node;
    node.id = fmt::format("node-{}", n);
    groups.back().nodes.push_back(std::move(node));
  }
  return groups;
}

// A mix of what a crowded cluster sees: 1-, 2-, 4- and 8-GPU jobs, one in eight with two
// replicas, nine priorities, one in four pinned to a node group, runs of 1 to 16 minutes.
Job MixedJob(std::int64_t i, int groups) {
  static constexpr std::array<char const*, 4> kShapes = {"gpu.1xh100", "gpu.2xh100", "gpu.4xh100",
                                                         "gpu.8xh100"};
  static constexpr std::array<char const*, 9> kPriorities = {
      "low-1000", "low-2000", "low-3000", "mid-4000", "mid-5000",
      "mid-6000", "high-7000", "high-8000", "high-9000"};
  Job job;
  job.metadata.name = "bench";
  auto& spec = job.spec.emplace();
  spec.resource_shape = kShapes[i % 4];
  int const replicas = i % 8 == 7 ? 2 : 1;
  spec.completions = replicas;
  spec.parallelism = replicas;
  spec.queue_config.emplace().priority_class = kPriorities[(i * 7) % 9];
  if (i % 4 == 1) {
    spec.affinity.emplace().allowed_dedicated_node_groups =
        std::vector<std::string>{fmt::format("ng-{}", (i / 4) % groups)};
  }
  spec.container.emplace().command = {"sh", "-c", fmt::format("sleep {}", 60 * (1 + i % 16))};
  spec.ttl_seconds_after_finished = 60;
  return job;
}

// Creates every job at once (the queue is as deep as it gets), then advances the clock a
// simulated minute at a time until the last job has finished. Reports the heap per job once
// all are created (most waiting) and once all have finished, the process's peak resident set,
// and the simulated hours the work took.
void BM_ClusterPlacesAndFinishes(benchmark::State& state) {
  auto const jobs = state.range(0);
  int const nodes = static_cast<int>(state.range(1));
  std::int64_t heap_created = 0, heap_finished = 0;
  double simulated_hours = 0;
  for (auto _ : state) {
    std::int64_t const heap_before = HeapBytes();
    auto clock = std::make_shared<ManualClock>();
    FakeLeptonOptions options;
    options.clock = clock;
    options.node_groups = Groups(nodes);
    auto world = std::make_unique<World>(options);
    std::vector<std::string> ids;
    ids.reserve(static_cast<std::size_t>(jobs));
    for (std::int64_t i = 0; i < jobs; ++i) {
      auto created = world->CreateJob(MixedJob(i, nodes / 100));
      if (!created) return state.SkipWithError(created.status().message().c_str());
      ids.push_back(*created->metadata.id);
    }
    heap_created = HeapBytes() - heap_before;
    TimePoint const start = clock->Now();
    std::size_t done = 0;
    while (done < ids.size()) {
      clock->Advance(std::chrono::minutes(1));
      // Jobs finish roughly in creation order (priority aside); look from the first unfinished.
      while (done < ids.size()) {
        auto job = world->GetJob(ids[done], JobQueryMode::kAliveAndArchive);
        if (!job) return state.SkipWithError("a job disappeared");
        JobState const s = job->status->state.value_or(JobState::kUnknown);
        if (s != JobState::kCompleted && s != JobState::kArchived) break;
        ++done;
      }
      if (clock->Now() - start > std::chrono::hours(24 * 365)) {
        return state.SkipWithError("jobs did not finish within a simulated year");
      }
    }
    simulated_hours = std::chrono::duration<double, std::ratio<3600>>(clock->Now() - start).count();
    heap_finished = HeapBytes() - heap_before;
    state.PauseTiming();
    world.reset();
    state.ResumeTiming();
  }
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  auto const per_job_kib = [&](std::int64_t bytes) {
    return static_cast<double>(bytes) / 1024.0 / static_cast<double>(jobs);
  };
  state.counters["heap_KiB_per_job_created"] = per_job_kib(heap_created);
  state.counters["heap_KiB_per_job_finished"] = per_job_kib(heap_finished);
  state.counters["peak_rss_MiB"] = static_cast<double>(usage.ru_maxrss) / 1024.0;
  state.counters["simulated_h"] = simulated_hours;
  state.SetItemsProcessed(state.iterations() * jobs);
}
BENCHMARK(BM_ClusterPlacesAndFinishes)
    ->Args({10'000, 1'000})
    ->Args({100'000, 1'000})
    ->Unit(benchmark::kMillisecond)
    ->Iterations(1);

// Placement must not slow down as finished jobs pile up: 1,000 jobs placed and finished on a
// 1,000-node cluster that already holds `finished` jobs that ran before (kept for an hour).
void BM_PlacementWithFinishedJobs(benchmark::State& state) {
  auto const finished = state.range(0);
  auto clock = std::make_shared<ManualClock>();
  FakeLeptonOptions options;
  options.clock = clock;
  options.node_groups = Groups(1000);
  World world(options);
  auto run = [&](std::int64_t n) {
    if (n == 0) return true;
    std::string last;
    for (std::int64_t i = 0; i < n; ++i) {
      Job job = MixedJob(i, 10);
      job.spec->ttl_seconds_after_finished = 3600;
      job.spec->container->command = {"sh", "-c", "sleep 60"};
      last = *world.CreateJob(std::move(job))->metadata.id;
    }
    for (int minutes = 0; minutes < 600; ++minutes) {
      clock->Advance(std::chrono::minutes(1));
      auto job = world.GetJob(last, JobQueryMode::kAliveAndArchive);
      if (job && job->status->state == JobState::kCompleted) return true;
    }
    return false;
  };
  if (!run(finished)) return state.SkipWithError("the earlier jobs did not finish");
  for (auto _ : state) {
    if (!run(1000)) return state.SkipWithError("the measured jobs did not finish");
  }
  state.SetItemsProcessed(state.iterations() * 1000);
}
BENCHMARK(BM_PlacementWithFinishedJobs)->Arg(0)->Arg(50'000)->Unit(benchmark::kMillisecond);

// Waiting jobs that each ask for something different (pinned to their own node) on a full
// cluster: a pass must not cost the square of the number of distinct demands. Times creating
// and then releasing room for all of them.
void BM_DistinctDemandsWaiting(benchmark::State& state) {
  auto const n = state.range(0);
  for (auto _ : state) {
    state.PauseTiming();
    auto clock = std::make_shared<ManualClock>();
    FakeLeptonOptions options;
    options.clock = clock;
    options.node_groups = Groups(1000);
    World world(options);
    std::vector<std::string> fillers;
    for (int i = 0; i < 1000; ++i) {
      Job job = MixedJob(3, 10);  // 8 GPUs, one replica, no pinned group.
      job.spec->container->command = {"sh", "-c", "sleep 3600"};
      fillers.push_back(*world.CreateJob(job)->metadata.id);
    }
    clock->Advance(std::chrono::seconds(5));
    state.ResumeTiming();
    for (std::int64_t i = 0; i < n; ++i) {
      Job job = MixedJob(3, 10);
      job.spec->affinity.emplace().allowed_dedicated_node_groups =
          std::vector<std::string>{fmt::format("ng-{}", (i % 1000) / 100)};
      job.spec->affinity->allowed_nodes_in_node_group =
          std::vector<std::string>{fmt::format("node-{}", i % 1000)};
      if (!world.CreateJob(std::move(job))) return state.SkipWithError("create failed");
    }
    for (auto const& id : fillers) (void)world.DeleteJob(id, JobQueryMode::kAliveOnly);
  }
  state.SetItemsProcessed(state.iterations() * n);
}
BENCHMARK(BM_DistinctDemandsWaiting)->Arg(250)->Arg(1000)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace lepton::fake

BENCHMARK_MAIN();
