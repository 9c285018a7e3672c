#include "lepton/contract/contract_test.h"

#include <algorithm>
#include <chrono>
#include <random>
#include <thread>

#include <fmt/format.h>

#include "lepton/list_jobs_request.h"

namespace lepton::contract {
namespace {

std::string RandomSuffix(std::size_t length) {
  static thread_local std::mt19937_64 rng{std::random_device{}()};
  static constexpr char kAlphabet[] = "abcdefghijklmnopqrstuvwxyz0123456789";
  std::string out;
  for (std::size_t i = 0; i < length; ++i) out += kAlphabet[rng() % (sizeof(kAlphabet) - 1)];
  return out;
}

std::string CurrentTestName() {
  auto const* info = ::testing::UnitTest::GetInstance()->current_test_info();
  if (info == nullptr) return "unknown";
  std::string name = fmt::format("{}.{}", info->test_suite_name(), info->name());
  for (char& c : name) {
    if (c == '/') c = '_';  // Parameterised names would make directories.
  }
  return name;
}

}  // namespace

void ContractTest::SetUp() {
  BackendSettings settings = CurrentBackendSettings();
  settings.recording_name = CurrentTestName();
  auto backend = MakeBackend(settings);
  if (!backend.ok() && backend.status().code() == StatusCode::kFailedPrecondition) {
    GTEST_SKIP() << backend.status().message();
  }
  ASSERT_TRUE(backend.ok()) << backend.status();
  backend_ = *std::move(backend);
  client_ = std::make_unique<Client>(backend_->client());
  // A label value: at most 63 characters of [a-z0-9-].
  tag_ = "ct-" + RandomSuffix(12);
}

void ContractTest::TearDown() {
  if (backend_ == nullptr) return;
  // Faults a test injected must not break its clean-up.
  if (backend_->Has(Capability::kInjectsFaults)) {
    if (Status s = backend_->ClearFaults(); !s.ok()) ADD_FAILURE() << "clearing faults: " << s;
  }
  std::vector<std::string> ids = created_;
  ListJobsRequest request;
  request.mode = JobQueryMode::kAliveAndArchive;
  request.label_selector = fmt::format("{}={}", kContractLabel, tag_);
  if (auto labelled = client_->ListJobs(request); labelled.ok()) {
    for (auto const& job : *labelled) {
      if (job.metadata.id) ids.push_back(*job.metadata.id);
    }
  } else {
    ADD_FAILURE() << "clean-up could not list the jobs labelled " << kContractLabel << "="
                  << tag_ << " (a live run's sweeper removes them within the hour): "
                  << labelled.status();
  }
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  for (auto const& id : ids) {
    // Archived jobs too; a job already gone is fine.
    Status deleted = client_->DeleteJob(id, JobQueryMode::kAliveAndArchive);
    if (!deleted.ok() && deleted.code() != StatusCode::kNotFound) {
      ADD_FAILURE() << "clean-up of job " << id << " failed: " << deleted;
    }
  }
  client_.reset();
  backend_.reset();
}

std::string ContractTest::UniqueName(std::string_view stem) const {
  return fmt::format("{}-{}", stem.substr(0, 20), RandomSuffix(8));
}

Job ContractTest::ShellJob(std::string_view stem, std::string const& script, int replicas) {
  return contract::ShellJob(*backend_, UniqueName(stem), tag_, script, replicas);
}

StatusOr<Job> ContractTest::CreateJob(Job const& job) {
  auto created = client_->CreateJob(job);
  if (created.ok() && created->metadata.id) created_.push_back(*created->metadata.id);
  return created;
}

StatusOr<std::string> ContractTest::CreateShellJob(std::string_view stem,
                                                   std::string const& script, int replicas) {
  auto created = CreateJob(ShellJob(stem, script, replicas));
  if (!created) return std::move(created).status();
  if (!created->metadata.id) {
    return Status(StatusCode::kInternal, "the created job has no metadata.id");
  }
  return *created->metadata.id;
}

StatusOr<JobState> ContractTest::StateOf(std::string const& job_id) {
  auto job = client_->GetJob(job_id);
  if (!job) return std::move(job).status();
  if (!job->status || !job->status->state) return JobState::kUnknown;
  return *job->status->state;
}

::testing::AssertionResult ContractTest::WaitUntil(std::function<StatusOr<bool>()> const& done,
                                                   std::string_view what, Duration step) {
  std::shared_ptr<Clock> const clock = backend_->clock();  // Held: a backend may make a new one.
  TimePoint const deadline = clock->Now() + backend_->patience();
  bool const jumps = backend_->Has(Capability::kControlsTime);
  while (true) {
    auto answer = done();
    if (!answer.ok()) {
      return ::testing::AssertionFailure() << "while waiting for " << what << ": "
                                           << answer.status();
    }
    if (*answer) return ::testing::AssertionSuccess();
    if (clock->Now() >= deadline) break;
    if (jumps) {
      if (Status s = backend_->AdvanceTime(step); !s.ok()) {
        return ::testing::AssertionFailure() << "advancing the clock: " << s;
      }
    }
    backend_->sleeper()(backend_->poll_interval());
  }
  return ::testing::AssertionFailure()
         << what << " did not happen within "
         << std::chrono::duration_cast<std::chrono::seconds>(backend_->patience()).count()
         << " s on the " << backend_->name() << " backend's clock";
}

::testing::AssertionResult ContractTest::WaitForState(std::string const& job_id,
                                                      std::initializer_list<JobState> states) {
  std::vector<JobState> const wanted(states);
  JobState last = JobState::kUnknown;
  std::string names;
  for (JobState s : wanted) names += (names.empty() ? "" : " or ") + std::string(JobStateName(s));
  auto result = WaitUntil(
      [&]() -> StatusOr<bool> {
        auto state = StateOf(job_id);
        if (!state) return std::move(state).status();
        last = *state;
        return std::find(wanted.begin(), wanted.end(), last) != wanted.end();
      },
      fmt::format("job {} to be {}", job_id, names));
  if (!result) result << " (last state " << JobStateName(last) << ")";
  return result;
}

void ContractTest::LetTimePass(Duration by) {
  if (backend_->Has(Capability::kControlsTime)) {
    ASSERT_TRUE(backend_->AdvanceTime(by).ok());
  } else {
    std::this_thread::sleep_for(by);
  }
}

sched::LeptonScheduler ContractTest::MakeScheduler() {
  sched::SchedulerOptions options;
  options.session = tag_;
  options.clock = backend_->clock();
  options.sleeper = backend_->sleeper();
  options.poll_initial = backend_->poll_interval();
  options.poll_max = backend_->poll_interval() * 4;
  return sched::LeptonScheduler(*client_, std::move(options));
}

sched::LeptonExecutorConfig ContractTest::ExecutorConfig() const {
  sched::LeptonExecutorConfig cfg;
  cfg.image = backend_->test_image();
  cfg.resource_shape = backend_->test_shape();
  cfg.node_group = backend_->test_node_group();
  cfg.nodes = 1;
  cfg.rendezvous_env = false;
  cfg.labels[kContractLabel] = tag_;
  return cfg;
}

sched::AppDef ContractTest::ShellApp(std::string_view stem, std::string const& script,
                                     int replicas) const {
  sched::AppDef app;
  app.name = std::string(stem);
  sched::Role role;
  role.name = "main";
  role.entrypoint = "/bin/sh";
  role.args = {"-c", script};
  role.num_replicas = replicas;
  app.roles.push_back(std::move(role));
  return app;
}

TimePoint ContractTest::Deadline() const { return backend_->clock()->Now() + backend_->patience(); }

}  // namespace lepton::contract
