// What the production client and the scheduler add to the HTTP they send: a describe and a
// GetJob against the same fake, side by side with plain httplib requests for the same paths.
// Target (issue 6): the client adds under 20%. Figures: bench/README.md.

#include <benchmark/benchmark.h>
#include <httplib.h>

#include <chrono>
#include <memory>
#include <string>

#include "lepton/client.h"
#include "lepton/fake/fake_lepton.h"
#include "lepton/sched/lepton_scheduler.h"
#include "lepton/wire_codec.h"

namespace lepton {
namespace {

// One running 4-node job in a fake on a manual clock, its id, and clients for it.
struct Fixture {
  Fixture() {
    fake::FakeLeptonOptions options;
    options.clock = clock;
    fake = *fake::FakeLepton::Start(options);
    client.emplace(*MakeConnection(fake->client_options()));
    sched::SchedulerOptions sched_options;
    sched_options.clock = clock;
    scheduler.emplace(*client, sched_options);
    sched::AppDef app;
    app.name = "bench";
    app.roles.push_back({.name = "worker", .image = "busybox", .entrypoint = "sleep",
                         .args = {"3600"}, .env = {}, .num_replicas = 4, .max_retries = {},
                         .resource_shape = "cpu.small", .mounts = {}});
    handle = *scheduler->Submit(app, {});
    job_id = *sched::JobIdOf(handle);
    clock->Advance(std::chrono::seconds(5));
    raw = std::make_unique<httplib::Client>(fake->base_url());
    raw->set_tcp_nodelay(true);
    raw->set_keep_alive(true);
    raw->set_bearer_token_auth(fake->options().token);
  }

  std::string JobPath() const {
    return "/api/v2/workspaces/" + fake->options().workspace_id + "/jobs/" + job_id +
           "?job_query_mode=alive_and_archive";
  }
  std::string ReplicasPath() const {
    return "/api/v2/workspaces/" + fake->options().workspace_id + "/jobs/" + job_id +
           "/replicas?job_query_mode=alive_only";
  }

  std::shared_ptr<ManualClock> clock = std::make_shared<ManualClock>();
  std::unique_ptr<fake::FakeLepton> fake;
  std::optional<Client> client;
  std::optional<sched::LeptonScheduler> scheduler;
  std::string handle;
  std::string job_id;
  std::unique_ptr<httplib::Client> raw;
};

// The scheduler's describe: GET the job and GET its replicas, decode both, map the state.
void BM_SchedulerDescribe(benchmark::State& state) {
  Fixture f;
  std::uint64_t const before = f.fake->journal_total();
  for (auto _ : state) {
    auto described = f.scheduler->Describe(f.handle);
    if (!described || !*described) return state.SkipWithError("describe failed");
  }
  state.counters["requests"] = benchmark::Counter(
      static_cast<double>(f.fake->journal_total() - before), benchmark::Counter::kAvgIterations);
}
BENCHMARK(BM_SchedulerDescribe)->Unit(benchmark::kMicrosecond)->UseRealTime();

// The same two GETs with plain httplib, bodies unread: the floor describe is compared with.
void BM_RawDescribeGets(benchmark::State& state) {
  Fixture f;
  for (auto _ : state) {
    auto job = f.raw->Get(f.JobPath());
    auto replicas = f.raw->Get(f.ReplicasPath());
    if (!job || job->status != 200 || !replicas || replicas->status != 200) {
      return state.SkipWithError("raw GET failed");
    }
  }
}
BENCHMARK(BM_RawDescribeGets)->Unit(benchmark::kMicrosecond)->UseRealTime();

// Describe and the raw GETs of the same paths, alternated in one loop so that the machine's
// drift hits both alike; the counters are the mean microseconds of each and the overhead. The
// argument pauses the raw pair between its GETs for that many microseconds (16: about what
// describe spends decoding the first answer), to show what a pause alone costs when the fake's
// worker thread has gone back to sleep.
void BM_DescribeOverhead(benchmark::State& state) {
  Fixture f;
  using Clock = std::chrono::steady_clock;
  Clock::duration raw{};
  Clock::duration described{};
  for (auto _ : state) {
    auto const t0 = Clock::now();
    auto job = f.raw->Get(f.JobPath());
    if (state.range(0) > 0) {
      auto const until = Clock::now() + std::chrono::microseconds(state.range(0));
      while (Clock::now() < until) {
      }
    }
    auto replicas = f.raw->Get(f.ReplicasPath());
    auto const t1 = Clock::now();
    auto description = f.scheduler->Describe(f.handle);
    auto const t2 = Clock::now();
    if (!job || !replicas || !description || !*description) {
      return state.SkipWithError("a request failed");
    }
    raw += t1 - t0;
    described += t2 - t1;
  }
  double const n = static_cast<double>(state.iterations());
  double const raw_us = std::chrono::duration<double, std::micro>(raw).count() / n;
  double const describe_us = std::chrono::duration<double, std::micro>(described).count() / n;
  state.counters["raw_us"] = raw_us;
  state.counters["describe_us"] = describe_us;
  state.counters["overhead_pct"] = 100.0 * (describe_us - raw_us) / raw_us;
}
BENCHMARK(BM_DescribeOverhead)->Arg(0)->Arg(16)->Unit(benchmark::kMicrosecond)->UseRealTime();

// The same for one GetJob through the client against the raw GET of its path.
void BM_GetJobOverhead(benchmark::State& state) {
  Fixture f;
  using Clock = std::chrono::steady_clock;
  Clock::duration raw{};
  Clock::duration client{};
  for (auto _ : state) {
    auto const t0 = Clock::now();
    auto job = f.raw->Get(f.JobPath());
    auto const t1 = Clock::now();
    auto read = f.client->GetJob(f.job_id);
    auto const t2 = Clock::now();
    if (!job || !read) return state.SkipWithError("a request failed");
    raw += t1 - t0;
    client += t2 - t1;
  }
  double const n = static_cast<double>(state.iterations());
  double const raw_us = std::chrono::duration<double, std::micro>(raw).count() / n;
  double const client_us = std::chrono::duration<double, std::micro>(client).count() / n;
  state.counters["raw_us"] = raw_us;
  state.counters["client_us"] = client_us;
  state.counters["overhead_pct"] = 100.0 * (client_us - raw_us) / raw_us;
}
BENCHMARK(BM_GetJobOverhead)->Unit(benchmark::kMicrosecond)->UseRealTime();

// One GetJob through Client -> RetryingConnection -> REST stub, decoded into a Job.
void BM_ClientGetJob(benchmark::State& state) {
  Fixture f;
  for (auto _ : state) {
    if (!f.client->GetJob(f.job_id)) return state.SkipWithError("GetJob failed");
  }
}
BENCHMARK(BM_ClientGetJob)->Unit(benchmark::kMicrosecond)->UseRealTime();

void BM_RawGetJob(benchmark::State& state) {
  Fixture f;
  for (auto _ : state) {
    auto job = f.raw->Get(f.JobPath());
    if (!job || job->status != 200) return state.SkipWithError("raw GET failed");
  }
}
BENCHMARK(BM_RawGetJob)->Unit(benchmark::kMicrosecond)->UseRealTime();

// Decoding alone: the answer bodies of the two describe calls, from the same fake.
void BM_DecodeDescribeBodies(benchmark::State& state) {
  Fixture f;
  std::string const job = f.raw->Get(f.JobPath())->body;
  std::string const replicas = f.raw->Get(f.ReplicasPath())->body;
  for (auto _ : state) {
    auto decoded_job = FromJson<Job>(job);
    auto decoded_replicas = FromJson<std::vector<Replica>>(replicas);
    if (!decoded_job || !decoded_replicas) return state.SkipWithError("decode failed");
    benchmark::DoNotOptimize(decoded_job);
    benchmark::DoNotOptimize(decoded_replicas);
  }
  state.counters["bytes"] = static_cast<double>(job.size() + replicas.size());
}
BENCHMARK(BM_DecodeDescribeBodies)->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace lepton

BENCHMARK_MAIN();
