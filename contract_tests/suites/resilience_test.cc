// How the client rides out a flaky workspace (the fake's fault rules): retries, Retry-After, bounded give-up, safe creates.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "lepton/backoff_policy.h"
#include "lepton/client.h"
#include "lepton/connection.h"
#include "lepton/contract/contract_test.h"
#include "lepton/list_jobs_request.h"
#include "lepton/sched/lepton_scheduler.h"
#include "suite_anchor.h"

LEPTON_CONTRACT_SUITE(resilience)

namespace lepton::contract {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::SizeIs;
using ::testing::UnorderedElementsAreArray;
using std::chrono::milliseconds;
using std::chrono::seconds;

/// The waits a client made between attempts of its calls: one per retry.
class WaitLog {
 public:
  void Add(Duration wait) {
    std::lock_guard lock(mu_);
    waits_.push_back(wait);
  }
  [[nodiscard]] std::vector<Duration> waits() const {
    std::lock_guard lock(mu_);
    return waits_;
  }
  [[nodiscard]] int retries() const { return static_cast<int>(waits().size()); }

 private:
  mutable std::mutex mu_;
  std::vector<Duration> waits_;
};

class ResilienceTest : public ContractTest {
 protected:
  /// A client of the backend with the default retry policy (at most 5 transient failures per
  /// call) but a fast backoff (10 ms doubling to 80 ms), whose every wait between attempts is
  /// logged in waits() and then made as the backend's client makes it (a manual clock is
  /// advanced, real time is slept).
  Client FastClient() {
    ClientOptions options = backend().client_options();
    options.backoff_policy =
        std::make_shared<ExponentialBackoffPolicy>(milliseconds(10), milliseconds(80));
    Sleeper inner = options.sleeper ? options.sleeper : RealSleeper();
    options.sleeper = [log = waits_, inner](Duration wait) {
      log->Add(wait);
      inner(wait);
    };
    auto connection = MakeConnection(std::move(options));
    EXPECT_TRUE(connection.ok()) << connection.status();
    return Client(*connection);
  }

  WaitLog const& waits() const { return *waits_; }

  Status AddFault(std::string const& rule_json) {
    auto name = backend().AddFault(rule_json);
    return name.ok() ? Status() : name.status();
  }

  /// The jobs named exactly `name`, archived ones included.
  StatusOr<std::vector<Job>> JobsNamed(std::string const& name) {
    ListJobsRequest request;
    request.mode = JobQueryMode::kAliveAndArchive;
    request.name_contains = name;
    auto jobs = client().ListJobs(request);
    if (!jobs) return std::move(jobs).status();
    std::vector<Job> exact;
    for (auto& job : *jobs) {
      if (job.metadata.name == name) exact.push_back(std::move(job));
    }
    return exact;
  }

 private:
  std::shared_ptr<WaitLog> waits_ = std::make_shared<WaitLog>();
};

TEST_F(ResilienceTest, TransientUnavailableOnAGetIsRiddenOutByRetries) {
  LEPTON_CONTRACT_REQUIRE(kInjectsFaults);
  auto id = CreateShellJob("flaky-get", scripts::Echo({"hi"}));
  ASSERT_TRUE(id.ok()) << id.status();
  Status const added =
      AddFault(fmt::format(R"({{"match": {{"method": "GET", "path": "/jobs/{}"}}, "status": 503, "times": 2}})", *id));
  ASSERT_TRUE(added.ok()) << added;

  Client flaky = FastClient();
  auto job = flaky.GetJob(*id);
  ASSERT_TRUE(job.ok()) << job.status();
  EXPECT_EQ(job->metadata.id, *id);
  EXPECT_EQ(waits().retries(), 2) << "one retry per 503";
}

TEST_F(ResilienceTest, TooManyRequestsWithRetryAfterIsWaitedOutThenSucceeds) {
  LEPTON_CONTRACT_REQUIRE(kInjectsFaults);
  auto id = CreateShellJob("throttled", scripts::Echo({"hi"}));
  ASSERT_TRUE(id.ok()) << id.status();
  Status const added = AddFault(fmt::format(
      R"({{"match": {{"method": "GET", "path": "/jobs/{}"}}, "status": 429, "retry_after": "1s", "times": 1}})",
      *id));
  ASSERT_TRUE(added.ok()) << added;

  Client throttled = FastClient();
  auto job = throttled.GetJob(*id);
  ASSERT_TRUE(job.ok()) << job.status();
  EXPECT_EQ(job->metadata.id, *id);
  ASSERT_THAT(waits().waits(), SizeIs(1));
  EXPECT_GE(waits().waits()[0], seconds(1))
      << "the Retry-After of 1 s outweighs the 10 ms backoff";
}

TEST_F(ResilienceTest, PermanentUnavailableOnAReadGivesUpAfterBoundedRetries) {
  LEPTON_CONTRACT_REQUIRE(kInjectsFaults);
  auto id = CreateShellJob("down", scripts::Echo({"hi"}));
  ASSERT_TRUE(id.ok()) << id.status();
  Status const added = AddFault(
      fmt::format(R"({{"match": {{"method": "GET", "path": "/jobs/{}"}}, "status": 503}})", *id));
  ASSERT_TRUE(added.ok()) << added;

  Client down = FastClient();
  auto job = down.GetJob(*id);
  ASSERT_FALSE(job.ok());
  EXPECT_EQ(job.status().code(), StatusCode::kUnavailable) << job.status();
  EXPECT_EQ(waits().retries(), 5) << "the default policy retries at most 5 transient failures";
}

TEST_F(ResilienceTest, PermanentInternalErrorOnAReadIsReportedWithoutRetrying) {
  LEPTON_CONTRACT_REQUIRE(kInjectsFaults);
  auto id = CreateShellJob("broken", scripts::Echo({"hi"}));
  ASSERT_TRUE(id.ok()) << id.status();
  Status const added = AddFault(
      fmt::format(R"({{"match": {{"method": "GET", "path": "/jobs/{}"}}, "status": 500}})", *id));
  ASSERT_TRUE(added.ok()) << added;

  Client broken = FastClient();
  auto job = broken.GetJob(*id);
  ASSERT_FALSE(job.ok());
  EXPECT_EQ(job.status().code(), StatusCode::kInternal) << job.status();
  EXPECT_EQ(waits().retries(), 0) << "a 500 is not a transient failure";
}

TEST_F(ResilienceTest, BadRequestOnCreateIsInvalidArgumentAtOnceAndCreatesNothing) {
  LEPTON_CONTRACT_REQUIRE(kInjectsFaults);
  Job const job = ShellJob("refused", scripts::Echo({"never"}));
  std::string const name = *job.metadata.name;
  Status const added = AddFault(fmt::format(
      R"({{"match": {{"method": "POST", "path": "/jobs", "job_name": "{}"}}, "status": 400}})", name));
  ASSERT_TRUE(added.ok()) << added;

  Client client = FastClient();
  auto created = client.CreateJob(job);
  ASSERT_FALSE(created.ok()) << "created " << created->metadata.id.value_or("?");
  EXPECT_EQ(created.status().code(), StatusCode::kInvalidArgument) << created.status();
  EXPECT_EQ(waits().retries(), 0) << "a 400 is not retried";
  auto named = JobsNamed(name);
  ASSERT_TRUE(named.ok()) << named.status();
  EXPECT_THAT(*named, IsEmpty());
}

TEST_F(ResilienceTest, AnAmbiguousCreateRetriedLeavesExactlyOneJob) {
  LEPTON_CONTRACT_REQUIRE(kInjectsFaults);
  Job const job = ShellJob("ambiguous", scripts::Echo({"once"}));
  std::string const name = *job.metadata.name;
  // The server creates the job, then the answer is lost: the client cannot tell it happened.
  Status const added = AddFault(fmt::format(
      R"({{"match": {{"method": "POST", "path": "/jobs", "job_name": "{}"}}, "action": "drop_response", "times": 1}})",
      name));
  ASSERT_TRUE(added.ok()) << added;

  Client client = FastClient();
  auto created = client.CreateJob(job);  // Labelled with tag(): TearDown deletes it.
  ASSERT_TRUE(created.ok()) << created.status();
  ASSERT_TRUE(created->metadata.id.has_value());

  auto named = JobsNamed(name);
  ASSERT_TRUE(named.ok()) << named.status();
  ASSERT_THAT(*named, SizeIs(1)) << "the retried create made a second job";
  EXPECT_EQ((*named)[0].metadata.id, created->metadata.id);
}

TEST_F(ResilienceTest, AFailedPageWhileListingIsRetriedAndEveryJobIsListed) {
  LEPTON_CONTRACT_REQUIRE(kInjectsFaults);
  std::vector<std::string> ids;
  for (int i = 0; i < 3; ++i) {
    auto id = CreateShellJob("paged", scripts::Echo({"hi"}));
    ASSERT_TRUE(id.ok()) << id.status();
    ids.push_back(*id);
  }
  // Page 2 of the listing answers 503 once.
  Status const added =
      AddFault(R"({"match": {"method": "GET", "path": "/jobs"}, "status": 503, "nth": 2, "times": 1})");
  ASSERT_TRUE(added.ok()) << added;

  Client client = FastClient();
  ListJobsRequest request;
  request.mode = JobQueryMode::kAliveAndArchive;
  request.label_selector = fmt::format("{}={}", kContractLabel, tag());
  request.page_size = 2;
  auto jobs = client.ListJobs(request);
  ASSERT_TRUE(jobs.ok()) << jobs.status();
  std::vector<std::string> listed;
  for (auto const& job : *jobs) listed.push_back(job.metadata.id.value_or("?"));
  EXPECT_THAT(listed, UnorderedElementsAreArray(ids));
  EXPECT_EQ(waits().retries(), 1);
}

TEST_F(ResilienceTest, ABrokenLogStreamIsResumedWithEveryLineOnce) {
  LEPTON_CONTRACT_REQUIRE(kInjectsFaults);
  sched::LeptonScheduler scheduler = MakeScheduler();
  auto handle =
      scheduler.Submit(ShellApp("broken-log", scripts::Echo({"a", "b", "c", "d"})), ExecutorConfig());
  ASSERT_TRUE(handle.ok()) << handle.status();
  auto state = scheduler.Wait(*handle, Deadline());
  ASSERT_TRUE(state.ok()) << state.status();
  ASSERT_EQ(*state, sched::AppState::kSucceeded) << sched::AppStateName(*state);
  Status const added = AddFault(R"({"action": "log_break", "after_lines": 2, "times": 1})");
  ASSERT_TRUE(added.ok()) << added;

  sched::LogOptions options;
  options.should_tail = true;
  options.deadline = Deadline();
  auto lines = scheduler.LogLines(*handle, 0, options);
  ASSERT_TRUE(lines.ok()) << lines.status();
  EXPECT_THAT(*lines, ElementsAre("a\n", "b\n", "c\n", "d\n"));
}

}  // namespace
}  // namespace lepton::contract
