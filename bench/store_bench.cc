// The fake with many jobs stored: latency of one GET among 10,000, listing everything through
// the client's auto-pagination (10,000 vs 100,000: linear?), and resident memory per stored
// job at 100,000. Each benchmark fills its own fake over HTTP (4 client threads, journal off),
// outside the timed part. bench/run.sh runs each in its own process, so that the resident-set
// figure is not inflated by an earlier benchmark's freed memory.

#include <benchmark/benchmark.h>
#include <httplib.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <fstream>
#include <memory>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "bench_http.h"
#include "lepton/client.h"
#include "lepton/fake/fake_lepton.h"

namespace lepton::fake {
namespace {

using bench::CreatedId;
using bench::kCreateBody;
constexpr char const* kJobs = bench::kJobsPath;

// Resident set of this process, in bytes (/proc/self/statm).
double ResidentBytes() {
  std::ifstream statm("/proc/self/statm");
  long long size = 0, resident = 0;
  statm >> size >> resident;
  return static_cast<double>(resident) * static_cast<double>(sysconf(_SC_PAGESIZE));
}

std::unique_ptr<httplib::Client> KeptAliveClient(FakeLepton const& fake) {
  return bench::KeptAliveClient(fake.base_url(), fake.options().token);
}

struct Filled {
  std::unique_ptr<FakeLepton> fake;
  std::vector<std::string> ids;
};

// A fake on a manual clock (the jobs stay where they are) holding `n` jobs created over HTTP;
// an empty fake when a create fails.
Filled Fill(std::int64_t n) {
  FakeLeptonOptions options;
  options.clock = std::make_shared<ManualClock>();
  options.journal_capacity = 0;
  Filled out{*FakeLepton::Start(options), std::vector<std::string>(static_cast<std::size_t>(n))};
  constexpr int kThreads = 4;
  std::atomic<bool> failed{false};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      auto client = KeptAliveClient(*out.fake);
      for (std::int64_t i = t; i < n && !failed; i += kThreads) {
        auto created = client->Post(kJobs, kCreateBody, "application/json");
        if (!created || created->status != 200) {
          failed = true;
          return;
        }
        out.ids[static_cast<std::size_t>(i)] = CreatedId(created->body);
      }
    });
  }
  for (auto& thread : threads) thread.join();
  if (failed) out.fake.reset();
  return out;
}

// GET /jobs/{id} of a random stored job, one kept-alive connection; p50 and p99 of the
// per-request latency as counters (microseconds).
void BM_GetJobAmongStored(benchmark::State& state) {
  Filled filled = Fill(state.range(0));
  if (!filled.fake) return state.SkipWithError("filling the fake failed");
  auto client = KeptAliveClient(*filled.fake);
  std::mt19937 random(7);
  std::uniform_int_distribution<std::size_t> pick(0, filled.ids.size() - 1);
  std::vector<double> latencies_us;
  for (auto _ : state) {
    std::string const path = std::string(kJobs) + "/" + filled.ids[pick(random)];
    auto const start = std::chrono::steady_clock::now();
    auto got = client->Get(path);
    latencies_us.push_back(
        std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - start).count());
    if (!got || got->status != 200) return state.SkipWithError("GET failed");
  }
  std::sort(latencies_us.begin(), latencies_us.end());
  auto at = [&](double q) {
    return latencies_us[std::min(latencies_us.size() - 1,
                                 static_cast<std::size_t>(q * static_cast<double>(latencies_us.size())))];
  };
  state.counters["p50_us"] = at(0.50);
  state.counters["p99_us"] = at(0.99);
}
BENCHMARK(BM_GetJobAmongStored)->Arg(10'000)->Unit(benchmark::kMicrosecond)->UseRealTime();

// Every stored job through Client::ListJobs (pages of 500, fetched one after the other).
void BM_ListAllStored(benchmark::State& state) {
  Filled filled = Fill(state.range(0));
  if (!filled.fake) return state.SkipWithError("filling the fake failed");
  auto connection = MakeConnection(filled.fake->client_options());
  if (!connection) return state.SkipWithError(connection.status().message().c_str());
  Client client(*connection);
  for (auto _ : state) {
    auto jobs = client.ListJobs();
    if (!jobs || static_cast<std::int64_t>(jobs->size()) != state.range(0)) {
      return state.SkipWithError("the list is not every stored job");
    }
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_ListAllStored)->Arg(10'000)->Arg(100'000)->Unit(benchmark::kMillisecond)->UseRealTime();

// Resident memory the fake gains per stored job: the process's resident set before the fake
// starts and after it holds `n` jobs, divided by `n`. One iteration: the figure is a size.
void BM_ResidentPerStoredJob(benchmark::State& state) {
  for (auto _ : state) {
    double const before = ResidentBytes();
    Filled filled = Fill(state.range(0));
    if (!filled.fake) return state.SkipWithError("filling the fake failed");
    double const ids_bytes = static_cast<double>(filled.ids.capacity() * sizeof(std::string));
    double const after = ResidentBytes();
    // The benchmark's own id list is not the fake's memory (ids fit the strings' inline buffer).
    state.counters["resident_B_per_job"] = (after - before - ids_bytes) / static_cast<double>(state.range(0));
  }
}
BENCHMARK(BM_ResidentPerStoredJob)->Arg(100'000)->Iterations(1)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace lepton::fake

BENCHMARK_MAIN();
