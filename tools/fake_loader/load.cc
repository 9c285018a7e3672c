#include "fake_loader/load.h"

#include <algorithm>
#include <map>
#include <optional>
#include <set>
#include <thread>
#include <utility>

#include <fmt/format.h>

#include "fake_loader/job_mix.h"

namespace lepton::loader {
namespace {

constexpr char kRunLabel[] = "fake-loader-run";
constexpr char kWorkerLabel[] = "fake-loader-worker";

// Finished jobs stay live (not archived) for a week of the server's clock, so that the live
// view at the end holds every survivor even on a fast clock.
constexpr std::int64_t kTtlSeconds = 7 * 24 * 60 * 60;

// At most this many lines of mismatches are kept; the counts cover all of them.
constexpr std::size_t kMaxProblemLines = 20;

int JobsOf(LoadOptions const& options, int worker) {
  return options.jobs / options.threads + (worker < options.jobs % options.threads ? 1 : 0);
}

Job NewJob(LoadOptions const& options, int worker, int index) {
  Job job = MixJob(fmt::format("load-w{:02}", worker), index, kTtlSeconds);
  job.metadata.labels = {{kRunLabel, options.run_id}, {kWorkerLabel, std::to_string(worker)}};
  return job;
}

bool Passed(SteadyTime deadline) { return std::chrono::steady_clock::now() >= deadline; }

// One thread's sequence: at step i create job i, patch job i - kPatchLag, delete (or start
// again) job i - kDeleteLag, and at `lists_per_worker` evenly spaced steps list its own jobs.
class Worker {
 public:
  Worker(Client client, LoadOptions const& options, int number)
      : client_(std::move(client)), options_(options), number_(number) {
    jobs_.ids.resize(static_cast<std::size_t>(JobsOf(options, number)));
  }

  void Run() {
    int const jobs = static_cast<int>(jobs_.ids.size());
    int const list_every = std::max(1, jobs / (options_.lists_per_worker + 1));
    for (int step = 0; step < jobs + kDeleteLag; ++step) {
      if (Passed(options_.deadline)) {
        deadline_passed_ = true;
        return;
      }
      if (step < jobs) Create(step);
      if (int const i = step - kPatchLag; i >= 0 && i < jobs) Patch(i);
      if (int const i = step - kDeleteLag; i >= 0 && i < jobs) DeleteOrStart(i);
      if (step > 0 && step % list_every == 0 && step / list_every <= options_.lists_per_worker) {
        ListOwnJobs();
      }
    }
    if (!Passed(options_.deadline)) ListOwnJobs();
  }

  WorkerJobs const& jobs() const { return jobs_; }
  std::vector<std::string> const& errors() const { return errors_; }
  std::uint64_t operations() const { return operations_; }
  bool deadline_passed() const { return deadline_passed_; }

 private:
  void Create(int index) {
    ++operations_;
    auto created = client_.CreateJob(NewJob(options_, number_, index));
    if (!created) return Fail(fmt::format("CreateJob #{}", index), created.status());
    std::string const id = IdOf(*created);
    jobs_.ids[static_cast<std::size_t>(index)] = id;
    created_so_far_.insert(id);
  }

  void Patch(int index) {
    std::string const& id = jobs_.ids[static_cast<std::size_t>(index)];
    if (id.empty()) return;
    ++operations_;
    Check(PatchMixJob(client_, id, index), id);
  }

  void DeleteOrStart(int index) {
    std::string const& id = jobs_.ids[static_cast<std::size_t>(index)];
    if (id.empty()) return;
    if (auto write = DeleteOrStartMixJob(client_, id, index)) {
      ++operations_;
      Check(*write, id);
    }
  }

  // Only this worker writes jobs with its label, and alive_and_archive mode never drops one,
  // so every page holds exactly what it should: the listing is exactly the jobs created so far.
  void ListOwnJobs() {
    ++operations_;
    ListJobsRequest request;
    request.mode = JobQueryMode::kAliveAndArchive;
    request.label_selector = RunSelector(options_.run_id, number_);
    request.page_size = 500;
    auto jobs = client_.ListJobs(request);
    if (!jobs) return Fail("ListJobs (own jobs)", jobs.status());
    std::multiset<std::string> listed;
    for (Job const& job : *jobs) listed.insert(IdOf(job));
    if (listed != std::multiset<std::string>(created_so_far_.begin(), created_so_far_.end())) {
      Fail(fmt::format("listed {} own jobs ({} distinct) after creating {}", listed.size(),
                       std::set<std::string>(listed.begin(), listed.end()).size(),
                       created_so_far_.size()));
    }
  }

  void Check(MixWrite const& write, std::string const& id) {
    if (!write.status.ok()) Fail(fmt::format("{} {}", write.operation, id), write.status);
  }
  void Fail(std::string const& what, Status const& status) {
    Fail(fmt::format("{}: {}", what, status.ToString()));
  }
  void Fail(std::string const& what) { errors_.push_back(fmt::format("worker {}: {}", number_, what)); }

  Client client_;
  LoadOptions const& options_;
  int const number_;
  WorkerJobs jobs_;
  std::set<std::string> created_so_far_;
  std::vector<std::string> errors_;
  std::uint64_t operations_ = 0;
  bool deadline_passed_ = false;
};

// Every job of the run in `mode`.
StatusOr<std::vector<Job>> ListRun(Client client, LoadOptions const& options, JobQueryMode mode) {
  ListJobsRequest request;
  request.mode = mode;
  request.label_selector = RunSelector(options.run_id);
  return client.ListJobs(request);
}

void Note(Verification& v, std::string line) {
  if (v.problems.size() < kMaxProblemLines) v.problems.push_back(std::move(line));
}

// Lists the run's jobs in every mode until none is Deleting any more (a deleted job leaves the
// live view then, which would shift the live view's pages under a listing), or the deadline.
std::optional<std::vector<Job>> ListOnceDeletesSettle(Client const& client,
                                                      LoadOptions const& options,
                                                      Verification& v) {
  for (;;) {
    auto all = ListRun(client, options, JobQueryMode::kAliveAndArchive);
    if (!all) {
      Note(v, fmt::format("ListJobs (the run's jobs): {}", all.status().ToString()));
      return std::nullopt;
    }
    bool const deleting = std::any_of(all->begin(), all->end(), [](Job const& job) {
      return StateOf(job) == JobState::kDeleting;
    });
    if (!deleting) return *std::move(all);
    if (Passed(options.deadline)) {
      v.deadline_passed = true;
      return std::nullopt;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
}

// Whether each created job was deleted, by id; an id created twice counts as duplicated.
std::map<std::string, bool> Expected(LoadReport const& report, Verification& v) {
  std::map<std::string, bool> deleted_by_id;
  for (auto const& worker : report.workers) {
    for (std::size_t i = 0; i < worker.ids.size(); ++i) {
      if (worker.ids[i].empty()) continue;
      if (!deleted_by_id.emplace(worker.ids[i], Deleted(static_cast<int>(i))).second) {
        ++v.duplicated;
        Note(v, fmt::format("two creates returned id {}", worker.ids[i]));
      }
    }
  }
  return deleted_by_id;
}

void CompareAll(std::vector<Job> const& all, std::map<std::string, bool> const& deleted_by_id,
                Verification& v) {
  std::map<std::string, int> times_listed;
  for (Job const& job : all) {
    std::string const id = IdOf(job);
    if (++times_listed[id] == 2) {
      ++v.duplicated;
      Note(v, fmt::format("job {} listed twice", id));
    }
    auto expected = deleted_by_id.find(id);
    if (expected == deleted_by_id.end()) {
      ++v.unexpected;
      Note(v, fmt::format("job {} is listed, but no create returned it", id));
      continue;
    }
    bool const gone = StateOf(job) == JobState::kDeleted;
    if (gone != expected->second) {
      ++v.wrong_state;
      Note(v, fmt::format("job {} is {}, but it {} deleted", id, JobStateName(StateOf(job)),
                          expected->second ? "was" : "was not"));
    }
  }
  for (auto const& [id, deleted] : deleted_by_id) {
    if (!times_listed.contains(id)) {
      ++v.lost;
      Note(v, fmt::format("job {} is lost: created, and not listed", id));
    }
  }
}

// The live view: every survivor not archived, each once, and nothing else.
void CompareLive(std::vector<Job> const& live, std::vector<Job> const& all,
                 std::map<std::string, bool> const& deleted_by_id, Verification& v) {
  std::set<std::string> live_ids;
  for (Job const& job : live) {
    std::string const id = IdOf(job);
    if (!live_ids.insert(id).second) {
      ++v.duplicated;
      Note(v, fmt::format("job {} listed twice in the live view", id));
    }
    auto expected = deleted_by_id.find(id);
    if (expected != deleted_by_id.end() && expected->second) {
      ++v.wrong_state;
      Note(v, fmt::format("job {} was deleted, and is in the live view", id));
    }
  }
  for (Job const& job : all) {
    std::string const id = IdOf(job);
    auto expected = deleted_by_id.find(id);
    bool const survivor = expected != deleted_by_id.end() && !expected->second;
    if (survivor && StateOf(job) != JobState::kArchived && !live_ids.contains(id)) {
      ++v.lost;
      Note(v, fmt::format("job {} ({}) is missing from the live view", id,
                          JobStateName(StateOf(job))));
    }
  }
}

}  // namespace

std::string RunSelector(std::string const& run_id, int worker) {
  std::string selector = fmt::format("{}={}", kRunLabel, run_id);
  if (worker >= 0) selector += fmt::format(",{}={}", kWorkerLabel, worker);
  return selector;
}

LoadReport RunLoad(Client const& client, LoadOptions const& options) {
  std::vector<Worker> workers;
  workers.reserve(static_cast<std::size_t>(options.threads));
  for (int w = 0; w < options.threads; ++w) workers.emplace_back(client, options, w);
  {
    std::vector<std::jthread> threads;
    for (auto& worker : workers) threads.emplace_back([&worker] { worker.Run(); });
  }  // jthreads join here.
  LoadReport report;
  for (auto const& worker : workers) {
    report.workers.push_back(worker.jobs());
    report.errors.insert(report.errors.end(), worker.errors().begin(), worker.errors().end());
    report.operations += worker.operations();
    report.deadline_passed = report.deadline_passed || worker.deadline_passed();
  }
  return report;
}

Verification Verify(Client const& client, LoadOptions const& options, LoadReport const& report) {
  Verification v;
  std::map<std::string, bool> const deleted_by_id = Expected(report, v);
  auto all = ListOnceDeletesSettle(client, options, v);
  if (!all) return v;
  CompareAll(*all, deleted_by_id, v);
  auto live = ListRun(client, options, JobQueryMode::kAliveOnly);
  if (!live) {
    Note(v, fmt::format("ListJobs (the run's live jobs): {}", live.status().ToString()));
    return v;
  }
  CompareLive(*live, *all, deleted_by_id, v);
  return v;
}

}  // namespace lepton::loader
