// Many client threads against one in-process fake (real HTTP on loopback) while one more thread
// advances the fake's manual clock, so that jobs change state while they are created, patched,
// listed and deleted (issue #10, point 4). Each test runs such a workload and checks one property
// of what came out: nothing lost or duplicated, every patch kept, listings consistent, counters
// back to zero. Nothing sleeps and nothing is timed; each test prints how many operations it ran.
//
// Sized for a few seconds in a normal build and well under a minute under ThreadSanitizer. The
// workers keep their results in their own outcome, read only after every thread has joined.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <iostream>
#include <iterator>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "lepton/client.h"
#include "lepton/clock.h"
#include "lepton/connection.h"
#include "lepton/fake/fake_lepton.h"
#include "fake_loader/job_mix.h"

namespace lepton {
namespace {

using ::lepton::loader::Deleted;
using ::lepton::loader::IdOf;
using ::lepton::loader::kDeleteLag;
using ::lepton::loader::kPatchLag;
using ::lepton::loader::PriorityFor;
using ::lepton::loader::StartedAgain;
using ::lepton::loader::StateOf;
using ::lepton::loader::StoppedByPatch;
using ::testing::IsEmpty;
using ::testing::Optional;
using ::testing::SizeIs;

// The clock moves one step each time the workers have done this many more operations.
constexpr Duration kClockStep = std::chrono::milliseconds(50);
constexpr std::uint64_t kOperationsPerStep = 10;

// Survivors are never archived during a test: a day of clock time is far more than any test uses.
constexpr std::int64_t kTtlSeconds = 24 * 60 * 60;

std::string WorkerName(int worker) { return fmt::format("conc-w{:02}", worker); }

Job NewJob(int worker, int index) { return loader::MixJob(WorkerName(worker), index, kTtlSeconds); }

// Why the job's counters break `0 <= ready <= active <= parallelism` or
// `succeeded <= completions`; nothing when they hold.
std::optional<std::string> CounterViolation(Job const& job) {
  if (!job.status || !job.spec) return fmt::format("job {} has no status or spec", IdOf(job));
  auto const& s = *job.status;
  std::int64_t const ready = s.ready.value_or(0);
  std::int64_t const active = s.active.value_or(0);
  std::int64_t const parallelism = job.spec->parallelism.value_or(1);
  std::int64_t const completions = job.spec->completions.value_or(1);
  std::int64_t const succeeded = s.succeeded.value_or(0);
  if (0 <= ready && ready <= active && active <= parallelism && succeeded <= completions) {
    return std::nullopt;
  }
  return fmt::format("job {} in {}: ready {}, active {}, parallelism {}, succeeded {}, completions {}",
                     IdOf(job), JobStateName(StateOf(job)), ready, active, parallelism, succeeded,
                     completions);
}

// Advances a manual clock by `step` each time the workers have reported `operations_per_step`
// more operations, on its own thread, until Stop(). Pacing by work rather than by real time
// makes a run cover the same clock time in a fast build and under ThreadSanitizer; a worker
// never waits for it.
class ClockDriver {
 public:
  ClockDriver(ManualClock& clock, Duration step, std::uint64_t operations_per_step)
      : clock_(clock), step_(step), operations_per_step_(operations_per_step),
        thread_([this] { Drive(); }) {}
  ~ClockDriver() { Stop(); }
  ClockDriver(ClockDriver const&) = delete;
  ClockDriver& operator=(ClockDriver const&) = delete;

  void OperationDone() {
    std::lock_guard lock(mu_);
    if (++operations_ % operations_per_step_ == 0) due_.notify_one();
  }

  /// Takes the steps still owed for the operations reported so far, then stops and joins the
  /// thread: a run's clock time depends only on its number of operations. Idempotent.
  void Stop() {
    {
      std::lock_guard lock(mu_);
      stopping_ = true;
    }
    due_.notify_one();
    if (thread_.joinable()) thread_.join();
  }

  [[nodiscard]] std::uint64_t steps() const {
    std::lock_guard lock(mu_);
    return steps_;
  }

 private:
  void Drive() {
    std::unique_lock lock(mu_);
    for (;;) {
      auto const owed = [&] { return operations_ >= (steps_ + 1) * operations_per_step_; };
      due_.wait(lock, [&] { return stopping_ || owed(); });
      if (!owed()) return;  // Stopping, and nothing owed.
      ++steps_;
      lock.unlock();
      clock_.Advance(step_);
      lock.lock();
    }
  }

  ManualClock& clock_;
  Duration const step_;
  std::uint64_t const operations_per_step_;
  mutable std::mutex mu_;
  std::condition_variable due_;
  std::uint64_t operations_ = 0;
  std::uint64_t steps_ = 0;
  bool stopping_ = false;
  std::thread thread_;  // Last: it starts once everything it reads exists.
};

// What a worker lists, every `Workload::list_every` steps, and checks at once.
enum class Listing {
  kNone,
  // One page holding the whole workspace (one request, so one consistent snapshot): no job
  // twice, every counter within bounds, and every job this worker created so far present.
  kWholeWorkspacePage,
  // Every page of this worker's own jobs (filtered by name) in alive_and_archive mode: exactly
  // the jobs it created so far. Other workers' jobs do not match the filter and no job leaves
  // that mode, so nothing shifts the pages between requests. (An unfiltered listing of several
  // pages during writes can repeat or skip a job: Lepton pages by offset, and so does the fake.)
  kOwnJobsPaged,
};

struct Workload {
  int workers = 0;
  int jobs_per_worker = 0;
  int list_every = 0;  ///< 0: never lists.
  Listing listing = Listing::kNone;
  /// The page size of kOwnJobsPaged. A filtered page costs the fake a scan of every job from
  /// the first while others write (each write invalidates its list cursor), so small pages
  /// in a large workspace cost O(jobs) each.
  int page_size = 20;
  /// Each worker its own Connection; otherwise all share the test's Client (documented safe).
  bool connection_per_worker = false;
};

struct WorkerOutcome {
  std::vector<std::string> ids;       ///< By index; empty where the create failed.
  std::vector<std::string> failures;  ///< One line per failed call or broken expectation.
  std::set<std::string> listed;       ///< Every id a whole-workspace listing showed.
  std::uint64_t operations = 0;
};

// One client thread: at step i it creates job i, patches job i - kPatchLag, deletes (or starts
// again) job i - kDeleteLag as the index says, and lists every `list_every` steps.
class Worker {
 public:
  Worker(Client client, int number, Workload const& workload, ClockDriver& driver)
      : client_(std::move(client)), number_(number), workload_(workload), driver_(driver) {
    outcome_.ids.resize(static_cast<std::size_t>(workload.jobs_per_worker));
  }

  WorkerOutcome Run() && {
    int const jobs = workload_.jobs_per_worker;
    for (int step = 0; step < jobs + kDeleteLag; ++step) {
      if (step < jobs) Create(step);
      if (int const i = step - kPatchLag; i >= 0 && i < jobs) Patch(i);
      if (int const i = step - kDeleteLag; i >= 0 && i < jobs) DeleteOrStart(i);
      if (workload_.list_every > 0 && step > 0 && step % workload_.list_every == 0) List();
    }
    // Its own jobs once more when it is done: the last chance to miss one. (A whole-workspace
    // page at the end would mostly repeat the last one, at the cost of every job's JSON.)
    if (workload_.listing == Listing::kOwnJobsPaged) List();
    return std::move(outcome_);
  }

 private:
  void Create(int index) {
    auto created = client_.CreateJob(NewJob(number_, index));
    Done();
    if (!created) return Fail(fmt::format("CreateJob #{}", index), created.status());
    std::string const id = IdOf(*created);
    outcome_.ids[static_cast<std::size_t>(index)] = id;
    created_so_far_.insert(id);
  }

  void Patch(int index) {
    std::string const& id = outcome_.ids[static_cast<std::size_t>(index)];
    if (!id.empty()) Check(loader::PatchMixJob(client_, id, index), id);
  }

  void DeleteOrStart(int index) {
    std::string const& id = outcome_.ids[static_cast<std::size_t>(index)];
    if (id.empty()) return;
    if (auto write = loader::DeleteOrStartMixJob(client_, id, index)) Check(*write, id);
  }

  void List() {
    switch (workload_.listing) {
      case Listing::kNone: return;
      case Listing::kWholeWorkspacePage: return ListWholeWorkspace();
      case Listing::kOwnJobsPaged: return ListOwnJobs();
    }
  }

  void ListWholeWorkspace() {
    ListJobsRequest request;
    request.mode = JobQueryMode::kAliveAndArchive;
    request.page = 1;
    request.page_size = 1'000'000;
    auto jobs = client_.ListJobs(request);
    Done();
    if (!jobs) return Fail("ListJobs (whole workspace, one page)", jobs.status());
    std::set<std::string> seen;
    for (Job const& job : *jobs) {
      std::string const id = IdOf(job);
      if (!seen.insert(id).second) Fail(fmt::format("one page listed job {} twice", id));
      if (auto violation = CounterViolation(job)) Fail(*violation);
    }
    for (auto const& id : created_so_far_) {
      if (!seen.contains(id)) Fail(fmt::format("a listing after its create lacks job {}", id));
    }
    outcome_.listed.merge(seen);
  }

  void ListOwnJobs() {
    ListJobsRequest request;
    request.mode = JobQueryMode::kAliveAndArchive;
    request.name_contains = WorkerName(number_);
    request.page_size = workload_.page_size;
    auto jobs = client_.ListJobs(request);
    Done();
    if (!jobs) return Fail("ListJobs (own jobs, every page)", jobs.status());
    std::multiset<std::string> listed;
    for (Job const& job : *jobs) listed.insert(IdOf(job));
    if (listed != std::multiset<std::string>(created_so_far_.begin(), created_so_far_.end())) {
      Fail(fmt::format("listed {} own jobs ({} distinct) after creating {}", listed.size(),
                       std::set<std::string>(listed.begin(), listed.end()).size(),
                       created_so_far_.size()));
    }
  }

  void Check(loader::MixWrite const& write, std::string const& id) {
    Done();
    if (!write.status.ok()) Fail(fmt::format("{} {}", write.operation, id), write.status);
  }

  void Done() {
    ++outcome_.operations;
    driver_.OperationDone();
  }

  void Fail(std::string const& what, Status const& status) {
    Fail(fmt::format("{}: {}", what, status.ToString()));
  }
  void Fail(std::string what) {
    outcome_.failures.push_back(fmt::format("{}: {}", WorkerName(number_), std::move(what)));
  }

  Client client_;
  int const number_;
  Workload const& workload_;
  ClockDriver& driver_;
  WorkerOutcome outcome_;
  std::set<std::string> created_so_far_;
};

// The outcomes of every worker, read after they have all joined.
class Outcomes {
 public:
  explicit Outcomes(std::vector<WorkerOutcome> outcomes) : outcomes_(std::move(outcomes)) {}

  /// Succeeds when no call failed and no expectation broke; otherwise names the first few.
  [[nodiscard]] ::testing::AssertionResult NoFailures() const {
    std::vector<std::string> all;
    for (auto const& o : outcomes_) all.insert(all.end(), o.failures.begin(), o.failures.end());
    if (all.empty()) return ::testing::AssertionSuccess();
    auto result = ::testing::AssertionFailure() << all.size() << " failures, the first:";
    for (std::size_t i = 0; i < all.size() && i < 20; ++i) result << "\n  " << all[i];
    return result;
  }

  /// Every id a create returned, in worker and index order (duplicates kept).
  [[nodiscard]] std::vector<std::string> CreatedIds() const {
    std::vector<std::string> ids;
    for (auto const& [id, index] : Created()) ids.push_back(id);
    return ids;
  }
  [[nodiscard]] std::set<std::string> Survivors() const {
    std::set<std::string> ids;
    for (auto const& [id, index] : Created()) {
      if (!Deleted(index)) ids.insert(id);
    }
    return ids;
  }
  /// Every id a create returned, with the job's index in its worker's sequence.
  [[nodiscard]] std::vector<std::pair<std::string, int>> Created() const {
    std::vector<std::pair<std::string, int>> created;
    for (auto const& o : outcomes_) {
      for (std::size_t i = 0; i < o.ids.size(); ++i) {
        if (!o.ids[i].empty()) created.emplace_back(o.ids[i], static_cast<int>(i));
      }
    }
    return created;
  }

  [[nodiscard]] std::set<std::string> Listed() const {
    std::set<std::string> all;
    for (auto const& o : outcomes_) all.insert(o.listed.begin(), o.listed.end());
    return all;
  }

  [[nodiscard]] std::uint64_t operations() const {
    std::uint64_t total = 0;
    for (auto const& o : outcomes_) total += o.operations;
    return total;
  }

 private:
  std::vector<WorkerOutcome> outcomes_;
};

std::vector<std::string> IdsOf(std::vector<Job> const& jobs) {
  std::vector<std::string> ids;
  ids.reserve(jobs.size());
  for (auto const& job : jobs) ids.push_back(IdOf(job));
  return ids;
}

std::set<std::string> Distinct(std::vector<std::string> const& ids) {
  return {ids.begin(), ids.end()};
}

class ConcurrencyTest : public ::testing::Test {
 protected:
  void SetUp() override {
    fake::FakeLeptonOptions options;
    options.clock = clock_;
    auto fake = fake::FakeLepton::Start(options);
    ASSERT_TRUE(fake.ok()) << fake.status();
    fake_ = *std::move(fake);
    auto client = MakeClient();
    ASSERT_TRUE(client.ok()) << client.status();
    client_.emplace(*std::move(client));
  }

  // A client of the fake whose requests are counted (every attempt, retries included).
  StatusOr<Client> MakeClient() {
    ClientOptions options = fake_->client_options();
    options.exchange_observer = [this](HttpExchange const& exchange) {
      requests_.fetch_add(1, std::memory_order_relaxed);
      if (exchange.status < 200 || exchange.status >= 300) {
        unsuccessful_requests_.fetch_add(1, std::memory_order_relaxed);
      }
    };
    auto connection = MakeConnection(std::move(options));
    if (!connection) return std::move(connection).status();
    return Client(*std::move(connection));
  }

  // Runs `workload` on its worker threads while a ClockDriver advances the clock; returns once
  // every thread has joined, and prints one line with the number of operations.
  Outcomes Run(Workload const& workload) {
    std::vector<Client> clients;
    for (int w = 0; w < workload.workers; ++w) {
      if (!workload.connection_per_worker) {
        clients.push_back(*client_);
        continue;
      }
      auto client = MakeClient();
      EXPECT_TRUE(client.ok()) << client.status();
      clients.push_back(client.ok() ? *std::move(client) : *client_);
    }
    std::vector<WorkerOutcome> outcomes(static_cast<std::size_t>(workload.workers));
    std::uint64_t steps = 0;
    {
      ClockDriver driver(*clock_, kClockStep, kOperationsPerStep);
      std::vector<std::thread> threads;
      for (int w = 0; w < workload.workers; ++w) {
        auto const slot = static_cast<std::size_t>(w);
        threads.emplace_back([&, w, slot] {
          outcomes[slot] = Worker(clients[slot], w, workload, driver).Run();
        });
      }
      for (auto& thread : threads) thread.join();
      driver.Stop();
      steps = driver.steps();
    }
    Outcomes result(std::move(outcomes));
    std::cout << fmt::format(
                     "[ concurrency ] {}: {} operations ({} HTTP requests, {} not 2xx) from {} "
                     "threads; clock advanced {} times by {} ms\n",
                     ::testing::UnitTest::GetInstance()->current_test_info()->name(),
                     result.operations(), requests_.load(), unsuccessful_requests_.load(),
                     workload.workers, steps,
                     std::chrono::duration_cast<std::chrono::milliseconds>(kClockStep).count())
              << std::flush;
    return result;
  }

  // Lets every Deleting job become Deleted (it leaves the live view).
  void PassDeleteGrace() { clock_->Advance(fake_->options().timings.delete_grace); }

  // Every job in `mode`, read with the test's client.
  StatusOr<std::vector<Job>> AllJobs(JobQueryMode mode) {
    ListJobsRequest request;
    request.mode = mode;
    return client_->ListJobs(request);
  }

  // The live jobs not yet in a final state; the fake does the filtering, so that a listing
  // costs what is still moving rather than every job.
  StatusOr<std::vector<Job>> UnfinishedJobs() {
    ListJobsRequest request;
    for (JobState state : kAllJobStates) {
      if (!IsFinal(state)) request.states.emplace_back(JobStateName(state));
    }
    return client_->ListJobs(request);
  }

  // Advances the clock `step` at a time until every live job is in a final state, for at most
  // `limit` of clock time; fails naming a job that is not.
  ::testing::AssertionResult AdvanceUntilAllFinal(Duration limit = std::chrono::minutes(10),
                                                  Duration step = std::chrono::seconds(5)) {
    std::string last = "(never listed)";
    for (Duration spent{}; spent <= limit; spent += step) {
      auto unfinished = UnfinishedJobs();
      if (!unfinished) return ::testing::AssertionFailure() << "ListJobs: " << unfinished.status();
      if (unfinished->empty()) return ::testing::AssertionSuccess();
      Job const& busy = unfinished->front();
      last = fmt::format("{} in {}", IdOf(busy), JobStateName(StateOf(busy)));
      clock_->Advance(step);
    }
    return ::testing::AssertionFailure() << "not every job ended within the limit; e.g. " << last;
  }

  std::shared_ptr<ManualClock> clock_ = std::make_shared<ManualClock>();
  std::unique_ptr<fake::FakeLepton> fake_;
  std::atomic<std::uint64_t> requests_{0};
  std::atomic<std::uint64_t> unsuccessful_requests_{0};
  // Declared after the fake and the counters its observer updates: destroyed before them.
  std::optional<Client> client_;
};

// The 10,000-job run of issue #10: whatever the interleaving, the live jobs at the end are
// exactly those created and not deleted, and every create made a job of its own.
TEST_F(ConcurrencyTest, CreatesPatchesAndDeletesLeaveExactlyTheSurvivors) {
  Workload const workload{.workers = 16,
                          .jobs_per_worker = 625,
                          .list_every = 400,
                          .listing = Listing::kOwnJobsPaged,
                          .page_size = 1000};
  Outcomes const outcomes = Run(workload);
  ASSERT_TRUE(outcomes.NoFailures());
  std::vector<std::string> const created = outcomes.CreatedIds();
  ASSERT_THAT(created, SizeIs(10'000));
  EXPECT_THAT(Distinct(created), SizeIs(created.size())) << "a create returned an id twice";

  PassDeleteGrace();
  auto live = AllJobs(JobQueryMode::kAliveOnly);
  ASSERT_TRUE(live.ok()) << "ListJobs: " << live.status();
  std::vector<std::string> const live_ids = IdsOf(*live);
  EXPECT_THAT(Distinct(live_ids), SizeIs(live_ids.size())) << "the final listing repeats a job";
  std::set<std::string> const survivors = outcomes.Survivors();
  EXPECT_THAT(survivors, SizeIs(16 * 313));  // Indices 0..624 of each worker, odd ones deleted.
  EXPECT_TRUE(Distinct(live_ids) == survivors)
      << live_ids.size() << " live jobs listed, " << survivors.size() << " expected";
  // Deleted jobs stay readable (archived as Deleted), so the fake holds every job created.
  EXPECT_EQ(fake_->job_count(), created.size());
}

// What a surviving job's spec must say once its patches are applied; empty when it does.
std::optional<std::string> LostPatch(Job const& job, int index) {
  JobSpec const& spec = *job.spec;
  bool const stopped = spec.stopped.value_or(false);
  if (StoppedByPatch(index)) {
    bool const want_stopped = !StartedAgain(index);
    if (stopped == want_stopped) return std::nullopt;
    return fmt::format("{}: spec.stopped is {}, its {} was lost", IdOf(job), stopped,
                       want_stopped ? "StopJob" : "StartJob");
  }
  std::string const priority =
      spec.queue_config ? spec.queue_config->priority_class.value_or("(none)") : "(none)";
  if (priority == PriorityFor(index) && !stopped) return std::nullopt;
  return fmt::format("{}: priority class {} (wanted {}), stopped {}", IdOf(job), priority,
                     PriorityFor(index), stopped);
}

// A patch made while the clock moves the job along is never lost: stopped jobs say so, started
// ones are started again, re-prioritised ones keep their new priority class.
TEST_F(ConcurrencyTest, PatchesMadeDuringTheChurnAreAllKept) {
  Outcomes const outcomes = Run({.workers = 8, .jobs_per_worker = 200});
  ASSERT_TRUE(outcomes.NoFailures());
  std::vector<std::string> lost;
  std::size_t checked = 0;
  for (auto const& [id, index] : outcomes.Created()) {
    if (Deleted(index)) continue;
    auto job = fake_->PeekJob(id);
    ASSERT_TRUE(job.ok()) << "PeekJob " << id << ": " << job.status();
    if (auto why = LostPatch(*job, index)) lost.push_back(*why);
    ++checked;
  }
  EXPECT_THAT(lost, IsEmpty());
  EXPECT_EQ(checked, outcomes.Survivors().size());
}

// One page is one snapshot, even while 8 workers write: no job in it twice, every counter within
// bounds, nothing a worker had created missing from its next listing, and nothing listed that no
// create returned.
TEST_F(ConcurrencyTest, SinglePageListingsDuringWritesAreConsistentSnapshots) {
  Outcomes const outcomes = Run({.workers = 8,
                                 .jobs_per_worker = 60,
                                 .list_every = 20,
                                 .listing = Listing::kWholeWorkspacePage});
  ASSERT_TRUE(outcomes.NoFailures());
  std::set<std::string> const created = Distinct(outcomes.CreatedIds());
  std::vector<std::string> phantoms;
  std::ranges::set_difference(outcomes.Listed(), created, std::back_inserter(phantoms));
  EXPECT_THAT(phantoms, IsEmpty());
}

// A worker paging through its own jobs (small pages, alive_and_archive) while 7 others create,
// patch and delete theirs and the clock moves every job along sees each of its jobs exactly once.
TEST_F(ConcurrencyTest, PagedListingOfOwnJobsDuringWritesIsExact) {
  Outcomes const outcomes = Run({.workers = 8,
                                 .jobs_per_worker = 120,
                                 .list_every = 30,
                                 .listing = Listing::kOwnJobsPaged});
  EXPECT_TRUE(outcomes.NoFailures());
}

// Whether the fake has already ended the job's replicas while its status still counts them
// active: it keeps `active` through Stopping, Deleting and Terminating until the phase ends, but
// its workspace pod count drops them when the phase begins.
bool ReplicasWindingDown(JobState state) {
  return state == JobState::kStopping || state == JobState::kDeleting ||
         state == JobState::kTerminating;
}

// Right after the churn, with jobs queued, starting, running and stopping, the workspace's counts
// are those of its live jobs: one job per live job, one pod per active replica (of the jobs not
// winding down).
TEST_F(ConcurrencyTest, WorkspaceCountsAgreeWithTheLiveJobsMidway) {
  Outcomes const outcomes = Run({.workers = 8, .jobs_per_worker = 200});
  ASSERT_TRUE(outcomes.NoFailures());
  // The clock stands still from here on, so the listing and the counts see the same instant.
  auto live = AllJobs(JobQueryMode::kAliveOnly);
  ASSERT_TRUE(live.ok()) << "ListJobs: " << live.status();
  auto info = client_->GetWorkspaceInfo();
  ASSERT_TRUE(info.ok()) << "GetWorkspaceInfo: " << info.status();
  ASSERT_TRUE(info->workloads);
  std::int64_t active = 0;
  std::set<JobState> states;
  for (Job const& job : *live) {
    if (!ReplicasWindingDown(StateOf(job))) active += job.status->active.value_or(0);
    states.insert(StateOf(job));
  }
  EXPECT_THAT(info->workloads->num_jobs, Optional(static_cast<std::int64_t>(live->size())));
  EXPECT_THAT(info->workloads->num_pods, Optional(active));
  // The check means something only if the jobs are caught in motion.
  EXPECT_GE(states.size(), 4U) << "the live jobs were in fewer states than expected";
}

// Once the churn stops and every job has ended, the fake's counters agree with the jobs: no pod
// left, no CPU or memory still held, no job waiting, the live count the number of survivors, and
// every job's replica counters at rest. Each worker has its own connection here.
TEST_F(ConcurrencyTest, CountersReturnToZeroOnceTheChurnSettles) {
  Outcomes const outcomes = Run({.workers = 8, .jobs_per_worker = 200, .connection_per_worker = true});
  ASSERT_TRUE(outcomes.NoFailures());
  PassDeleteGrace();
  ASSERT_TRUE(AdvanceUntilAllFinal());

  auto info = client_->GetWorkspaceInfo();
  ASSERT_TRUE(info.ok()) << "GetWorkspaceInfo: " << info.status();
  ASSERT_TRUE(info->workloads && info->resource_quota && info->resource_quota->used);
  EXPECT_THAT(info->workloads->num_jobs,
              Optional(static_cast<std::int64_t>(outcomes.Survivors().size())));
  EXPECT_THAT(info->workloads->num_pods, Optional(0));
  auto const& used = *info->resource_quota->used;
  EXPECT_THAT(used.cpu, Optional(0.0));
  EXPECT_THAT(used.memory, Optional(0.0));
  EXPECT_THAT(used.accelerator_num, Optional(0.0));

  auto all = AllJobs(JobQueryMode::kAliveAndArchive);
  ASSERT_TRUE(all.ok()) << "ListJobs: " << all.status();
  EXPECT_EQ(all->size(), outcomes.CreatedIds().size());
  EXPECT_EQ(fake_->job_count(), outcomes.CreatedIds().size());
  std::vector<std::string> unsettled;
  for (Job const& job : *all) {
    if (auto violation = CounterViolation(job)) unsettled.push_back(*violation);
    if (job.status->active.value_or(0) != 0 || job.status->ready.value_or(0) != 0) {
      unsettled.push_back(fmt::format("{} in {} still has replicas active", IdOf(job),
                                      JobStateName(StateOf(job))));
    }
    if (fake_->QueuePosition(IdOf(job))) unsettled.push_back(IdOf(job) + " still queued");
  }
  EXPECT_THAT(unsettled, IsEmpty());
}

}  // namespace
}  // namespace lepton
