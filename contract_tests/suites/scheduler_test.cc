// The torchx-style LeptonScheduler end to end: dry run, schedule, describe, wait, list, cancel, remove, logs, validate.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <condition_variable>
#include <mutex>
#include <chrono>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "lepton/client.h"
#include "lepton/contract/contract_test.h"
#include "lepton/list_jobs_request.h"
#include "lepton/sched/lepton_scheduler.h"
#include "suite_anchor.h"

LEPTON_CONTRACT_SUITE(scheduler)

namespace lepton::contract {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::Optional;
using ::testing::SizeIs;
using ::testing::StartsWith;
using ::testing::UnorderedElementsAre;

/// While it lives, time passes on the backend as a poll loop lets it pass (backend().sleeper():
/// the manual clock of the in-process fake is advanced a poll interval per real millisecond,
/// other backends' clocks run by themselves), for calls that block on the clock without a
/// sleeper of their own, such as a tail following a running replica.
class TimeKeeper {
 public:
  explicit TimeKeeper(Backend& backend)
      : thread_([this, &backend] {
          std::unique_lock lock(mu_);
          while (!stop_) {
            lock.unlock();
            backend.sleeper()(backend.poll_interval());
            lock.lock();
            // One look per real millisecond, and none after the destructor asks it to stop.
            stopping_.wait_for(lock, std::chrono::milliseconds(1), [this] { return stop_; });
          }
        }) {}
  TimeKeeper(TimeKeeper const&) = delete;
  TimeKeeper& operator=(TimeKeeper const&) = delete;
  ~TimeKeeper() {
    {
      std::lock_guard lock(mu_);
      stop_ = true;
    }
    stopping_.notify_one();
    thread_.join();
  }

 private:
  std::mutex mu_;
  std::condition_variable stopping_;
  bool stop_ = false;
  std::thread thread_;  // Last: it starts once the members it uses exist.
};

class SchedulerOpsTest : public ContractTest {
 protected:
  void SetUp() override {
    ContractTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    scheduler_.emplace(MakeScheduler());
  }
  void TearDown() override {
    // The scheduler shares the fixture's connection: drop it first, or its kept-alive socket
    // holds up the in-process fake's shutdown (about 1 s per test).
    scheduler_.reset();
    ContractTest::TearDown();
  }

  sched::LeptonScheduler& scheduler() { return *scheduler_; }

  /// Submits ShellApp(stem, script); the handle, or "" after a failure has been recorded.
  std::string Submit(std::string_view stem, std::string const& script) {
    auto handle = scheduler().Submit(ShellApp(stem, script), ExecutorConfig());
    EXPECT_TRUE(handle.ok()) << handle.status();
    return handle.ok() ? *handle : "";
  }

  /// The job id of a handle ("" when it is not one).
  static std::string JobId(std::string const& handle) {
    auto id = sched::JobIdOf(handle);
    return id.ok() ? *id : "";
  }

  /// The jobs labelled with this test's tag, archived ones included.
  StatusOr<std::vector<Job>> TaggedJobs() {
    ListJobsRequest request;
    request.mode = JobQueryMode::kAliveAndArchive;
    request.label_selector = std::string(kContractLabel) + "=" + tag();
    return client().ListJobs(request);
  }

  /// Waits until Describe says the app is `state`.
  ::testing::AssertionResult WaitForAppState(std::string const& handle, sched::AppState state) {
    return WaitUntil(
        [&]() -> StatusOr<bool> {
          auto described = scheduler().Describe(handle);
          if (!described.ok()) return described.status();
          return described->has_value() && (*described)->state == state;
        },
        std::string("app ") + handle + " to be " + std::string(sched::AppStateName(state)));
  }

 private:
  std::optional<sched::LeptonScheduler> scheduler_;
};

TEST_F(SchedulerOpsTest, SubmitDryRunBuildsTheJobAndCreatesNothing) {
  auto info = scheduler().SubmitDryRun(ShellApp("dry", scripts::Echo({"never run"})),
                                       ExecutorConfig());
  ASSERT_TRUE(info.ok()) << info.status();
  EXPECT_TRUE(info->job.metadata.name.has_value());
  EXPECT_FALSE(info->json.empty());
  ASSERT_TRUE(info->job.metadata.labels.has_value());
  EXPECT_EQ(info->job.metadata.labels->at(kContractLabel), tag());

  auto jobs = TaggedJobs();
  ASSERT_TRUE(jobs.ok()) << jobs.status();
  EXPECT_THAT(*jobs, IsEmpty()) << "a dry run submits nothing";
  auto apps = scheduler().List();
  ASSERT_TRUE(apps.ok()) << apps.status();
  EXPECT_THAT(*apps, IsEmpty());
}

TEST_F(SchedulerOpsTest, ScheduleOfADryRunCreatesExactlyOneJobAndReturnsItsHandle) {
  auto info = scheduler().SubmitDryRun(ShellApp("sched", scripts::Echo({"hi"})), ExecutorConfig());
  ASSERT_TRUE(info.ok()) << info.status();
  auto handle = scheduler().Schedule(*info);
  ASSERT_TRUE(handle.ok()) << handle.status();
  EXPECT_THAT(*handle, StartsWith("lepton://" + tag() + "/"));

  auto jobs = TaggedJobs();
  ASSERT_TRUE(jobs.ok()) << jobs.status();
  ASSERT_THAT(*jobs, SizeIs(1));
  EXPECT_THAT((*jobs)[0].metadata.id, Optional(JobId(*handle)));
  EXPECT_EQ((*jobs)[0].metadata.name, info->job.metadata.name);
}

TEST_F(SchedulerOpsTest, SchedulingTheSameDryRunTwiceCreatesOneJob) {
  auto info = scheduler().SubmitDryRun(ShellApp("twice", scripts::Echo({"once"})), ExecutorConfig());
  ASSERT_TRUE(info.ok()) << info.status();
  auto first = scheduler().Schedule(*info);
  ASSERT_TRUE(first.ok()) << first.status();
  auto second = scheduler().Schedule(*info);
  ASSERT_TRUE(second.ok()) << second.status();
  EXPECT_EQ(*first, *second) << "the create token finds the job the first call made";

  auto jobs = TaggedJobs();
  ASSERT_TRUE(jobs.ok()) << jobs.status();
  EXPECT_THAT(*jobs, SizeIs(1));
}

TEST_F(SchedulerOpsTest, DescribeOfARunningAppSaysRunning) {
  std::string const handle = Submit("running", scripts::SleepThenSucceed(300));
  ASSERT_FALSE(handle.empty());
  ASSERT_TRUE(WaitForAppState(handle, sched::AppState::kRunning));

  auto described = scheduler().Describe(handle);
  ASSERT_TRUE(described.ok()) << described.status();
  ASSERT_TRUE(described->has_value());
  EXPECT_EQ((*described)->app_id, JobId(handle));
  EXPECT_EQ((*described)->state, sched::AppState::kRunning);
  EXPECT_EQ((*described)->num_restarts, 0);
  ASSERT_THAT((*described)->roles_statuses, SizeIs(1));
  EXPECT_THAT((*described)->roles_statuses[0].replicas, SizeIs(1));
}

TEST_F(SchedulerOpsTest, DescribeOfAnUnknownAppIsNothingNotAnError) {
  auto described = scheduler().Describe(UniqueName("no-such-app"));
  ASSERT_TRUE(described.ok()) << described.status();
  EXPECT_FALSE(described->has_value());
}

TEST_F(SchedulerOpsTest, WaitReturnsSucceededForAnAppThatExitsZero) {
  std::string const handle = Submit("ok", scripts::Echo({"done"}));
  ASSERT_FALSE(handle.empty());
  auto state = scheduler().Wait(handle, Deadline());
  ASSERT_TRUE(state.ok()) << state.status();
  EXPECT_EQ(*state, sched::AppState::kSucceeded) << sched::AppStateName(*state);
}

TEST_F(SchedulerOpsTest, WaitReturnsFailedForAnAppThatExitsNonZero) {
  std::string const handle = Submit("fails", scripts::Fail(3));
  ASSERT_FALSE(handle.empty());
  auto state = scheduler().Wait(handle, Deadline());
  ASSERT_TRUE(state.ok()) << state.status();
  EXPECT_EQ(*state, sched::AppState::kFailed) << sched::AppStateName(*state);
}

TEST_F(SchedulerOpsTest, ListReturnsTheSessionsAppsWithTheirStates) {
  std::string const good = Submit("good", scripts::Echo({"fine"}));
  std::string const bad = Submit("bad", scripts::Fail(2));
  ASSERT_FALSE(good.empty());
  ASSERT_FALSE(bad.empty());
  auto good_state = scheduler().Wait(good, Deadline());
  ASSERT_TRUE(good_state.ok()) << good_state.status();
  auto bad_state = scheduler().Wait(bad, Deadline());
  ASSERT_TRUE(bad_state.ok()) << bad_state.status();

  auto apps = scheduler().List();
  ASSERT_TRUE(apps.ok()) << apps.status();
  std::vector<std::pair<std::string, sched::AppState>> seen;
  for (auto const& app : *apps) {
    EXPECT_EQ(app.app_handle, scheduler().HandleOf(app.app_id));
    EXPECT_FALSE(app.name.empty());
    seen.emplace_back(app.app_handle, app.state);
  }
  EXPECT_THAT(seen, UnorderedElementsAre(std::pair(good, sched::AppState::kSucceeded),
                                         std::pair(bad, sched::AppState::kFailed)));
}

TEST_F(SchedulerOpsTest, CancelStopsTheAppAndKeepsTheJob) {
  std::string const handle = Submit("cancel", scripts::SleepThenSucceed(300));
  ASSERT_FALSE(handle.empty());
  ASSERT_TRUE(WaitForAppState(handle, sched::AppState::kRunning));

  Status const cancelled = scheduler().Cancel(handle);
  ASSERT_TRUE(cancelled.ok()) << cancelled;
  auto state = scheduler().Wait(handle, Deadline());
  ASSERT_TRUE(state.ok()) << state.status();
  EXPECT_EQ(*state, sched::AppState::kCancelled) << sched::AppStateName(*state);
  // Stopped, not deleted: the job, its status and its logs remain.
  EXPECT_TRUE(WaitForState(JobId(handle), {JobState::kStopped}));
  auto described = scheduler().Describe(handle);
  ASSERT_TRUE(described.ok()) << described.status();
  EXPECT_TRUE(described->has_value());

  Status const again = scheduler().Cancel(handle);
  EXPECT_TRUE(again.ok()) << "cancelling a cancelled app is fine: " << again;
}

TEST_F(SchedulerOpsTest, CancelOfAnEndedAppLeavesItAsItIs) {
  std::string const handle = Submit("ended", scripts::Echo({"finished"}));
  ASSERT_FALSE(handle.empty());
  auto state = scheduler().Wait(handle, Deadline());
  ASSERT_TRUE(state.ok()) << state.status();
  ASSERT_EQ(*state, sched::AppState::kSucceeded) << sched::AppStateName(*state);

  Status const cancelled = scheduler().Cancel(handle);
  ASSERT_TRUE(cancelled.ok()) << cancelled;
  auto described = scheduler().Describe(handle);
  ASSERT_TRUE(described.ok()) << described.status();
  ASSERT_TRUE(described->has_value());
  EXPECT_EQ((*described)->state, sched::AppState::kSucceeded)
      << sched::AppStateName((*described)->state);
}

TEST_F(SchedulerOpsTest, RemoveDeletesTheAppAndMayBeRepeated) {
  std::string const handle = Submit("remove", scripts::SleepThenSucceed(300));
  ASSERT_FALSE(handle.empty());
  Status const removed = scheduler().Remove(handle);
  ASSERT_TRUE(removed.ok()) << removed;
  // Lepton may keep a deleted job readable as Deleted for a while; removing it again purges it
  // (and is fine while it is still being deleted).
  ASSERT_TRUE(WaitUntil(
      [&]() -> StatusOr<bool> {
        auto described = scheduler().Describe(handle);
        if (!described.ok()) return described.status();
        if (!described->has_value()) return true;
        if (Status again = scheduler().Remove(handle); !again.ok()) return again;
        return false;
      },
      "the removed app to be gone"));
  Status const again = scheduler().Remove(handle);
  EXPECT_TRUE(again.ok()) << "removing a removed app is fine: " << again;
  auto described = scheduler().Describe(handle);
  ASSERT_TRUE(described.ok()) << described.status();
  EXPECT_FALSE(described->has_value());
}

TEST_F(SchedulerOpsTest, LogLinesOfAFinishedAppAreItsLinesEachWithANewline) {
  std::string const handle = Submit("logs", scripts::Echo({"alpha", "beta gamma", "delta"}));
  ASSERT_FALSE(handle.empty());
  auto state = scheduler().Wait(handle, Deadline());
  ASSERT_TRUE(state.ok()) << state.status();
  ASSERT_EQ(*state, sched::AppState::kSucceeded) << sched::AppStateName(*state);

  auto lines = scheduler().LogLines(handle, 0);
  ASSERT_TRUE(lines.ok()) << lines.status();
  EXPECT_THAT(*lines, ElementsAre("alpha\n", "beta gamma\n", "delta\n"));
}

TEST_F(SchedulerOpsTest, LogLinesWithARegexKeepsOnlyTheMatchingLines) {
  std::string const handle =
      Submit("regex", scripts::Echo({"step 1 loss 0.9", "checkpoint saved", "step 2 loss 0.5"}));
  ASSERT_FALSE(handle.empty());
  auto state = scheduler().Wait(handle, Deadline());
  ASSERT_TRUE(state.ok()) << state.status();
  ASSERT_EQ(*state, sched::AppState::kSucceeded) << sched::AppStateName(*state);

  sched::LogOptions options;
  options.regex = "loss [0-9.]+";
  auto lines = scheduler().LogLines(handle, 0, options);
  ASSERT_TRUE(lines.ok()) << lines.status();
  EXPECT_THAT(*lines, ElementsAre("step 1 loss 0.9\n", "step 2 loss 0.5\n"));
}

TEST_F(SchedulerOpsTest, StreamLogWithTailWaitsForTheReplicaAndFollowsItToTheEnd) {
  // Tailing at once: the replica is waited for (the scheduler's sleeper moves a manual clock),
  // then followed until the app ends.
  std::string const handle = Submit("tail", scripts::Echo({"first", "second", "third"}));
  ASSERT_FALSE(handle.empty());
  sched::LogOptions options;
  options.should_tail = true;
  options.deadline = Deadline();
  std::vector<std::string> seen;
  Status streamed;
  {
    // Once the replica exists, its stream waits for the container on the backend's clock.
    TimeKeeper const time_passes(backend());
    streamed = scheduler().StreamLog(handle, 0, options, [&](std::string_view line) {
      seen.emplace_back(line);
      return true;
    });
  }
  ASSERT_TRUE(streamed.ok()) << streamed;
  EXPECT_THAT(seen, ElementsAre("first", "second", "third"));
}

TEST_F(SchedulerOpsTest, ValidateRejectsAnAppWithoutExactlyOneRole) {
  sched::AppDef no_roles;
  no_roles.name = "empty";
  EXPECT_EQ(scheduler().Validate(no_roles, ExecutorConfig()).code(), StatusCode::kInvalidArgument);

  sched::AppDef two_roles = ShellApp("pair", scripts::Echo({"a"}));
  two_roles.roles.push_back(two_roles.roles.front());
  two_roles.roles.back().name = "second";
  EXPECT_EQ(scheduler().Validate(two_roles, ExecutorConfig()).code(), StatusCode::kInvalidArgument);

  Status const one_role = scheduler().Validate(ShellApp("single", scripts::Echo({"a"})), ExecutorConfig());
  EXPECT_TRUE(one_role.ok()) << one_role;
}

}  // namespace
}  // namespace lepton::contract
