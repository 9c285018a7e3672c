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

// Runs `raw` then `client` once per iteration, alternated so that the machine's drift hits
// both alike, and reports the mean microseconds of each and the client's overhead in percent.
template <typename Raw, typename ViaClient>
void CompareInterleaved(benchmark::State& state, Raw raw, ViaClient client) {
  using Clock = std::chrono::steady_clock;
  Clock::duration raw_total{};
  Clock::duration client_total{};
  for (auto _ : state) {
    auto const t0 = Clock::now();
    bool const raw_ok = raw();
    auto const t1 = Clock::now();
    bool const client_ok = client();
    auto const t2 = Clock::now();
    if (!raw_ok || !client_ok) return state.SkipWithError("a request failed");
    raw_total += t1 - t0;
    client_total += t2 - t1;
  }
  double const n = static_cast<double>(state.iterations());
  double const raw_us = std::chrono::duration<double, std::micro>(raw_total).count() / n;
  double const client_us = std::chrono::duration<double, std::micro>(client_total).count() / n;
  state.counters["raw_us"] = raw_us;
  state.counters["client_us"] = client_us;
  state.counters["overhead_pct"] = 100.0 * (client_us - raw_us) / raw_us;
}

// Describe against the raw GETs of its two paths. The argument pauses the raw pair between its
// GETs for that many microseconds (16: about what describe spends decoding the first answer),
// to show what a pause alone costs when the fake's worker thread has gone back to sleep.
void BM_DescribeOverhead(benchmark::State& state) {
  Fixture f;
  auto const pause = std::chrono::microseconds(state.range(0));
  CompareInterleaved(
      state,
      [&] {
        auto job = f.raw->Get(f.JobPath());
        auto const until = std::chrono::steady_clock::now() + pause;
        while (std::chrono::steady_clock::now() < until) {
        }
        auto replicas = f.raw->Get(f.ReplicasPath());
        return job && replicas && job->status == 200 && replicas->status == 200;
      },
      [&] {
        auto described = f.scheduler->Describe(f.handle);
        return described && described->has_value();
      });
}
BENCHMARK(BM_DescribeOverhead)->Arg(0)->Arg(16)->Unit(benchmark::kMicrosecond)->UseRealTime();

// One GetJob through the client against the raw GET of its path.
void BM_GetJobOverhead(benchmark::State& state) {
  Fixture f;
  CompareInterleaved(
      state,
      [&] {
        auto job = f.raw->Get(f.JobPath());
        return job && job->status == 200;
      },
      [&] { return f.client->GetJob(f.job_id).ok(); });
}
BENCHMARK(BM_GetJobOverhead)->Unit(benchmark::kMicrosecond)->UseRealTime();

// One GetJob through Client -> RetryingConnection -> RestConnection, decoded into a Job.
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
