// Speed of the fake: start-up, request throughput over a kept-alive connection, and the
// lifecycle engine on the manual clock. Figures and targets: bench/README.md.

#include <benchmark/benchmark.h>
#include <httplib.h>

#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "bench_http.h"
#include "lepton/fake/fake_lepton.h"
#include "world.h"

namespace lepton::fake {
namespace {

using bench::CreatedId;
using bench::kCreateBody;
using bench::KeptAliveClient;
constexpr char const* kJobs = bench::kJobsPath;

// One POST /jobs and one GET of the created job; false when either fails.
bool CreateThenGet(httplib::Client& client) {
  auto created = client.Post(kJobs, kCreateBody, "application/json");
  if (!created || created->status != 200) return false;
  std::string const id = CreatedId(created->body);
  auto read = client.Get(std::string(kJobs) + "/" + id);
  return read && read->status == 200;
}

FakeLeptonOptions ManualOptions() {
  FakeLeptonOptions options;
  options.clock = std::make_shared<ManualClock>();
  return options;
}

// From nothing to the first answered request: what a test pays for a fresh fake.
void BM_FreshFakeToFirstAnswer(benchmark::State& state) {
  for (auto _ : state) {
    auto fake = FakeLepton::Start(ManualOptions());
    if (!fake) {
      state.SkipWithError(fake.status().message().c_str());
      return;
    }
    auto client = KeptAliveClient((*fake)->base_url());
    auto result = client->Get(kJobs);
    if (!result || result->status != 200) state.SkipWithError("first request failed");
    state.PauseTiming();  // Shutting down is not part of the figure.
    client.reset();       // Closing the connection first lets the fake stop at once.
    fake->reset();
    state.ResumeTiming();
  }
}
BENCHMARK(BM_FreshFakeToFirstAnswer)->Unit(benchmark::kMillisecond)->UseRealTime();

// POST /jobs then GET /jobs/{id}, one after the other on one kept-alive connection. The argument
// is what the fake does besides: 0 nothing (journal off), 1 the default journal, 2 the journal
// and ten fault rules that match nothing (each request is checked against all of them).
void BM_CreateGetSequential(benchmark::State& state) {
  FakeLeptonOptions options = ManualOptions();
  if (state.range(0) == 0) options.journal_capacity = 0;
  auto fake = FakeLepton::Start(options);
  if (!fake) return state.SkipWithError(fake.status().message().c_str());
  for (int i = 0; state.range(0) == 2 && i < 10; ++i) {
    FaultRule rule;
    rule.match.method = "PUT";
    rule.match.path = "/jobs/never-[0-9]+";
    if (!(*fake)->AddFault(rule).ok()) return state.SkipWithError("cannot add a fault rule");
  }
  auto client = KeptAliveClient((*fake)->base_url());
  for (auto _ : state) {
    if (!CreateThenGet(*client)) return state.SkipWithError("create or get failed");
  }
  state.SetItemsProcessed(2 * state.iterations());  // Requests.
}
BENCHMARK(BM_CreateGetSequential)->Arg(0)->Arg(1)->Arg(2)->Unit(benchmark::kMicrosecond)->UseRealTime();

// The floor on this machine: a bare cpp-httplib server answering "{}" to GET and POST, with the
// same client and TCP_NODELAY. BM_CreateGetSequential is compared against it in one run.
void BM_BareHttplibFloor(benchmark::State& state) {
  httplib::Server server;
  server.set_tcp_nodelay(true);
  server.set_keep_alive_max_count(1'000'000);
  server.set_keep_alive_timeout(1);
  auto answer = [](httplib::Request const&, httplib::Response& res) {
    res.set_content("{}", "application/json");
  };
  server.Get(".*", answer);
  server.Post(".*", answer);
  int const port = server.bind_to_any_port("127.0.0.1");
  std::thread thread([&] { server.listen_after_bind(); });
  while (!server.is_running()) std::this_thread::yield();
  {
    auto client = KeptAliveClient("http://127.0.0.1:" + std::to_string(port));
    for (auto _ : state) {
      auto created = client->Post(kJobs, kCreateBody, "application/json");
      auto read = client->Get(std::string(kJobs) + "/x");
      if (!created || !read) return state.SkipWithError("request failed");
    }
  }
  server.stop();
  thread.join();
  state.SetItemsProcessed(2 * state.iterations());
}
BENCHMARK(BM_BareHttplibFloor)->Unit(benchmark::kMicrosecond)->UseRealTime();

// The same from several client threads at once, each with its own connection, one fake.
void BM_CreateGetThreads(benchmark::State& state) {
  static std::unique_ptr<FakeLepton> shared;
  static std::mutex mu;
  {
    std::lock_guard lock(mu);
    if (!shared) shared = *FakeLepton::Start(ManualOptions());
  }
  auto client = KeptAliveClient(shared->base_url());
  // Connecting is not part of the figure: each thread's connection is open before timing.
  if (!CreateThenGet(*client)) return state.SkipWithError("create or get failed");
  for (auto _ : state) {
    if (!CreateThenGet(*client)) return state.SkipWithError("create or get failed");
  }
  state.SetItemsProcessed(2 * state.iterations());
}
BENCHMARK(BM_CreateGetThreads)->Threads(1)->Threads(8)->Unit(benchmark::kMicrosecond)->UseRealTime();

// N jobs through a whole lifecycle (Queueing .. Completed, with log lines) on the manual clock,
// with the engine driven directly (no HTTP).
void BM_LifecycleOnManualClock(benchmark::State& state) {
  auto const n = state.range(0);
  for (auto _ : state) {
    auto clock = std::make_shared<ManualClock>();
    FakeLeptonOptions options;
    options.clock = clock;
    World world(options);
    Job job;
    job.metadata.name = "bench";
    job.spec.emplace().container.emplace().command = {"sh", "-c", "echo start; sleep 5; echo end"};
    std::string last;
    for (std::int64_t i = 0; i < n; ++i) last = *world.CreateJob(job)->metadata.id;
    clock->Advance(std::chrono::seconds(10));
    auto done = world.GetJob(last, JobQueryMode::kAliveOnly);
    if (!done || done->status->state != JobState::kCompleted) {
      return state.SkipWithError("the last job did not complete");
    }
  }
  state.SetComplexityN(n);
  state.SetItemsProcessed(state.iterations() * n);
}
BENCHMARK(BM_LifecycleOnManualClock)
    ->Arg(10'000)
    ->Arg(100'000)
    ->Unit(benchmark::kMillisecond)
    ->Complexity(benchmark::oN);

}  // namespace
}  // namespace lepton::fake

BENCHMARK_MAIN();
