// The scheduler's operations against the in-process fake over real HTTP, on a manual clock.
// A test named BugNN pins a shortcoming of NeMo-Run's Lepton scheduler and executor that this
// scheduler must not have (numbered as in docs/architecture.md, "NeMo-Run's bugs, by number"):
//   Bug01  list() returns None, not a list, and enumerates no jobs
//   Bug02  nothing is validated before submit: a bad config fails late
//   Bug03  no log_iter: logs are printed, of the first replica only, with no regex
//   Bug04  describe raises for an unknown app instead of returning nothing
//   Bug05  cancel is a DELETE: the job, its status and its logs are gone
//   Bug06  the dry run is a one-line summary, not the request that is POSTed
//   Bug07  torchx macros (${app_id}, ${replica_id}, ${rank0_env}) are never substituted
//   Bug08  describe reports one replica with no node, no restart count, no error detail
//   Bug09  Queueing, Awaiting, PendingRetry and Deleted map to UNKNOWN: a wait never ends
//   Bug10  Unknown maps to FAILED at once, though Lepton reports it briefly while a job starts
//   Bug11  Stopping is CANCELLED while pods still run
//   Bug13  a failed read right after create orphans the job it made
//   Bug14  the job id is the role name: two launches of one app collide
//   Bug18  words are joined unquoted into `sh -c`: spaces and quotes break the command
//   Bug22  a script is downloaded from GitHub at run time for the rendezvous variables
//   Bug23  every node of the group is pinned in the job's affinity
//   Bug24  the node group is looked up by name with an error that says "ID"
//   Bug25  role.env and retries are dropped
//   Bug26  logs busy-wait forever for Running, with no reconnect
//   Bug27  one transient error (5xx, 429, network) aborts a wait
//   Bug28  every describe re-reads every job ever launched
//   Bug29  app handles live in a local file: another machine cannot describe or cancel
//   Bug30  the resumable stop exists but is never wired

#include "lepton/sched/lepton_scheduler.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <httplib.h>

#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "lepton/fake/fault.h"
#include "lepton/fake/journal_matchers.h"
#include "lepton/fake/testing.h"
#include "lepton/wire_codec.h"
#include "test_apps.h"

namespace lepton::sched {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::SizeIs;
using std::chrono::minutes;
using std::chrono::seconds;

class LeptonSchedulerTest : public fake::FakeLeptonTest {
 protected:
  void SetUp() override {
    FakeLeptonTest::SetUp();
    scheduler_.emplace(client(), Options("team-a"));
  }

  SchedulerOptions Options(std::string const& session) {
    SchedulerOptions options;
    options.session = session;
    options.clock = std::shared_ptr<Clock>(&clock(), [](Clock*) {});
    options.sleeper = [this](Duration d) { clock().Advance(d); };
    options.seed = 7;
    return options;
  }

  static AppDef App(std::string entrypoint, std::vector<std::string> args, int nodes = 1) {
    return testing_util::OneRoleApp("trainer", std::move(entrypoint), std::move(args), nodes);
  }

  static LeptonExecutorConfig Executor() { return testing_util::H100Executor(); }

  std::string Submit(AppDef const& app, LeptonExecutorConfig const& cfg = Executor()) {
    auto handle = scheduler_->Submit(app, cfg);
    EXPECT_TRUE(handle.ok()) << handle.status();
    return handle.ok() ? *handle : "";
  }

  // From another thread, moves the clock by `by` once the fake has had more than
  // `answered_before` log-stream requests (the last of them is then open and waiting): a
  // condition with a 30 s deadline, then one step of the clock, no sleeping.
  std::thread AdvanceOnceALogStreamIsOpen(int answered_before, Duration by) {
    return std::thread([this, answered_before, by] {
      auto const give_up = std::chrono::steady_clock::now() + std::chrono::seconds(30);
      auto streams = [&] {
        int count = 0;
        for (auto const& entry : fake().Journal()) count += entry.path.ends_with("/log") ? 1 : 0;
        return count;
      };
      while (streams() <= answered_before && std::chrono::steady_clock::now() < give_up) {
        std::this_thread::yield();
      }
      clock().Advance(by);
    });
  }

  // Every app named "trainer" writes `logs` (at their offsets) and runs for `run`, by a plan.
  void ScriptTrainers(std::vector<fake::ReplicaScript::Line> logs, Duration run) {
    fake::ReplicaScript script;
    script.logs = std::move(logs);
    script.run = run;
    fake::PlanRule rule;
    rule.select.name = "trainer-*";
    rule.attempts.push_back({script, {}});
    fake().SetPlans({fake::Plan{"scripted-trainers", "", {rule}}});
  }

  // Waits for the app (the fake's clock moves as the scheduler sleeps); its final state.
  AppState WaitFor(std::string const& handle) {
    auto state = scheduler_->Wait(handle);
    EXPECT_TRUE(state.ok()) << state.status();
    return state.ok() ? *state : AppState::kUnsubmitted;
  }

  std::optional<LeptonScheduler> scheduler_;
};

TEST_F(LeptonSchedulerTest, Bug06_DryRunIsTheExactBodyThatIsPosted) {
  auto info = scheduler_->SubmitDryRun(App("echo", {"hi"}), Executor());
  ASSERT_TRUE(info.ok()) << info.status();
  EXPECT_EQ(fake().job_count(), 0u);  // A dry run submits nothing.
  ASSERT_TRUE(scheduler_->Schedule(*info).ok());
  std::vector<std::string> posted;
  for (auto const& entry : fake().Journal()) {
    if (entry.method == "POST") posted.push_back(entry.body);
  }
  EXPECT_THAT(posted, ElementsAre(info->json));
}

TEST_F(LeptonSchedulerTest, Bug06_DryRunShowsTheResolvedSpec) {
  LeptonExecutorConfig cfg = Executor();
  cfg.node_group = "h100-pool";
  auto info = scheduler_->SubmitDryRun(App("echo", {"hi"}, 2), cfg);
  ASSERT_TRUE(info.ok()) << info.status();
  EXPECT_THAT(info->json, HasSubstr("\"completions\":2"));
  EXPECT_THAT(info->json, HasSubstr("\"allowed_dedicated_node_groups\":[\"ng-h100-pool\"]"));
  EXPECT_THAT(info->json, HasSubstr("gpu.8xh100"));
}

TEST_F(LeptonSchedulerTest, Bug02_ValidateNamesEveryProblemOffline) {
  AppDef app = App("", {});
  app.roles.push_back(app.roles.front());
  LeptonExecutorConfig cfg;
  cfg.nodes = 0;
  cfg.mounts.push_back({"", "data", "", false});
  cfg.priority_class = "urgent";
  Status const status = scheduler_->Validate(app, cfg);
  EXPECT_EQ(status.code(), StatusCode::kInvalidArgument);
  for (char const* problem : {"exactly one role", "no entrypoint", "no image", "no resource shape",
                              "nodes must be 1 or more", "mount 0", "priority_class 'urgent'"}) {
    EXPECT_THAT(status.message(), HasSubstr(problem));
  }
  EXPECT_TRUE(fake().Journal().empty());  // Nothing reached the server.
}

TEST_F(LeptonSchedulerTest, Bug24_AnUnknownNodeGroupIsAClearErrorListingTheKnownOnes) {
  LeptonExecutorConfig cfg = Executor();
  cfg.node_group = "a100-pool";
  auto info = scheduler_->SubmitDryRun(App("echo", {"hi"}), cfg);
  EXPECT_EQ(info.status().code(), StatusCode::kNotFound);
  EXPECT_THAT(info.status().message(), HasSubstr("no node group named 'a100-pool'"));
  EXPECT_THAT(info.status().message(), HasSubstr("h100-pool"));
}

TEST_F(LeptonSchedulerTest, AnUnknownShapeIsAClearError) {
  LeptonExecutorConfig cfg = Executor();
  cfg.resource_shape = "gpu.64xb200";
  auto info = scheduler_->SubmitDryRun(App("echo", {"hi"}), cfg);
  EXPECT_EQ(info.status().code(), StatusCode::kInvalidArgument);
  EXPECT_THAT(info.status().message(), HasSubstr("'gpu.64xb200' is not offered"));
}

TEST_F(LeptonSchedulerTest, Bug23_TheJobIsNotPinnedToEveryNode) {
  LeptonExecutorConfig cfg = Executor();
  cfg.node_group = "h100-pool";
  auto info = scheduler_->SubmitDryRun(App("echo", {"hi"}), cfg);
  ASSERT_TRUE(info.ok()) << info.status();
  EXPECT_FALSE(info->job.spec->affinity->allowed_nodes_in_node_group.has_value());
}

TEST_F(LeptonSchedulerTest, Bug25_RoleEnvAndRetriesReachTheJob) {
  AppDef app = App("echo", {"hi"});
  app.roles[0].env["LOGLEVEL"] = "DEBUG";
  app.roles[0].max_retries = 3;
  auto info = scheduler_->SubmitDryRun(app, Executor());
  ASSERT_TRUE(info.ok()) << info.status();
  EXPECT_THAT(info->json, HasSubstr(R"({"name":"LOGLEVEL","value":"DEBUG"})"));
  EXPECT_EQ(info->job.spec->max_job_failure_retry, 3);
}

TEST_F(LeptonSchedulerTest, Bug22_TheRendezvousEnvironmentIsMadeInTheContainer) {
  auto info = scheduler_->SubmitDryRun(App("echo", {"rank $NODE_RANK of $WORLD_SIZE"}, 2),
                                       Executor());
  ASSERT_TRUE(info.ok()) << info.status();
  for (char const* download : {"wget", "curl", "http"}) {
    EXPECT_THAT(info->json, Not(HasSubstr(download)));
  }
  std::string const handle = *scheduler_->Schedule(*info);
  EXPECT_EQ(WaitFor(handle), AppState::kSucceeded);
  EXPECT_THAT(*scheduler_->LogLines(handle, 1), ElementsAre("rank 1 of 2\n"));
}

TEST_F(LeptonSchedulerTest, Bug22_MasterAddrIsWorkerZerosServiceNameAsLeptonDerivesIt) {
  std::string const handle = Submit(App("echo", {"$MASTER_ADDR:$MASTER_PORT"}, 2));
  ASSERT_EQ(WaitFor(handle), AppState::kSucceeded);
  std::string const id = *JobIdOf(handle);
  EXPECT_THAT(*scheduler_->LogLines(handle, 1),
              ElementsAre(id + "-0." + id + "-job-svc.ws-fake-ws.svc.cluster.local:29400\n"));
}

TEST_F(LeptonSchedulerTest, Bug08_AFourNodeJobReportsEveryReplicaWithItsNode) {
  std::string const handle = Submit(App("sleep", {"60"}, 4));
  ASSERT_TRUE(AdvanceUntilState(*JobIdOf(handle), JobState::kRunning));
  Advance(seconds(1));  // Every replica ready.
  auto described = scheduler_->Describe(handle);
  ASSERT_TRUE(described.ok() && described->has_value());
  EXPECT_EQ((*described)->state, AppState::kRunning);
  ASSERT_THAT((*described)->roles_statuses, SizeIs(1));
  auto const& replicas = (*described)->roles_statuses[0].replicas;
  ASSERT_THAT(replicas, SizeIs(4));
  for (int i = 0; i < 4; ++i) {
    EXPECT_EQ(replicas[i].id, i);
    EXPECT_EQ(replicas[i].state, AppState::kRunning);
    EXPECT_FALSE(replicas[i].hostname.empty());
    EXPECT_EQ(replicas[i].structured_error_msg, "<NONE>");
  }
  EXPECT_EQ(WaitFor(handle), AppState::kSucceeded);
}

TEST_F(LeptonSchedulerTest, Bug08_AFailingJobIsRetriedThenFailsWithItsRestartCount) {
  AppDef app = App("exit", {"3"});
  app.roles[0].max_retries = 2;
  std::string const handle = Submit(app);
  EXPECT_EQ(WaitFor(handle), AppState::kFailed);
  auto described = scheduler_->Describe(handle);
  ASSERT_TRUE(described.ok() && described->has_value());
  EXPECT_EQ((*described)->num_restarts, 2);
  auto const& replicas = (*described)->roles_statuses.at(0).replicas;
  ASSERT_THAT(replicas, SizeIs(1));
  EXPECT_EQ(replicas[0].state, AppState::kFailed);
  EXPECT_THAT(replicas[0].structured_error_msg, HasSubstr(R"("reason":"Failed")"));
}

TEST_F(LeptonSchedulerTest, Bug28_DescribeCostsTwoRequestsHoweverManyAppsExist) {
  std::string const handle = Submit(App("sleep", {"60"}));
  Advance(seconds(2));  // Placed and Running (a queued app costs one more request, for its events).
  for (int i = 0; i < 20; ++i) Submit(App("echo", {"x"}));
  fake().ClearJournal();
  ASSERT_TRUE(scheduler_->Describe(handle).ok());
  EXPECT_EQ(fake().Journal().size(), 2u);  // The job and its replicas; no local file to read.
}

TEST_F(LeptonSchedulerTest, DescribeOfAQueuedAppSaysWhyItWaits) {
  // Four 8-GPU nodes: the fifth one-node job waits for room.
  for (int i = 0; i < 4; ++i) Submit(App("sleep", {"600"}));
  std::string const waiting = Submit(App("sleep", {"600"}));
  Advance(seconds(5));
  auto described = scheduler_->Describe(waiting);
  ASSERT_TRUE(described.ok() && described->has_value()) << described.status();
  EXPECT_EQ((*described)->state, AppState::kPending);
  EXPECT_THAT((*described)->msg, HasSubstr("Lepton state Queueing"));
  EXPECT_THAT((*described)->msg, HasSubstr("waiting: insufficient capacity"));
}

TEST_F(LeptonSchedulerTest, Bug30_CancelIsTheStopThatNeMoRunNeverWired) {
  std::string const handle = Submit(App("sleep", {"600"}));
  ASSERT_TRUE(scheduler_->Cancel(handle).ok());
  EXPECT_THAT(fake().Journal(),
              fake::ReceivedExactly(1, fake::MethodIs("PATCH"),
                                    fake::BodyFieldIs("spec.stopped", true)));
  EXPECT_THAT(fake().Journal(), fake::ReceivedExactly(0, fake::MethodIs("DELETE")));
}

TEST_F(LeptonSchedulerTest, Bug05_CancelStopsAndKeepsTheJobAndItsLogs) {
  std::string const handle = Submit(App("echo", {"started"}));
  AppDef long_app = App("sleep", {"600"});
  std::string const sleeper = Submit(long_app);
  ASSERT_TRUE(AdvanceUntilState(*JobIdOf(sleeper), JobState::kRunning));
  EXPECT_TRUE(scheduler_->Cancel(sleeper).ok());
  EXPECT_EQ(WaitFor(sleeper), AppState::kCancelled);
  EXPECT_TRUE(scheduler_->Describe(sleeper)->has_value());  // Still there, unlike a DELETE.
  EXPECT_TRUE(scheduler_->Cancel(sleeper).ok());             // Idempotent.
  EXPECT_EQ(WaitFor(handle), AppState::kSucceeded);
  EXPECT_THAT(*scheduler_->LogLines(handle, 0), ElementsAre("started\n"));
}

TEST_F(LeptonSchedulerTest, CancelOfAnUnknownAppDoesNothing) {
  EXPECT_TRUE(scheduler_->Cancel("lepton://team-a/nope-12345").ok());
}

TEST_F(LeptonSchedulerTest, Bug04_DescribeOfAnUnknownAppIsNothingNotAnError) {
  auto described = scheduler_->Describe("nope-12345");
  ASSERT_TRUE(described.ok()) << described.status();
  EXPECT_FALSE(described->has_value());
}

TEST_F(LeptonSchedulerTest, Bug29_AnotherSchedulerDescribesAndCancelsFromTheHandleAlone) {
  std::string const handle = Submit(App("sleep", {"600"}));
  LeptonScheduler elsewhere(client(), Options("team-a"));
  EXPECT_TRUE(elsewhere.Describe(handle)->has_value());
  EXPECT_TRUE(elsewhere.Cancel(handle).ok());
  EXPECT_EQ(WaitFor(handle), AppState::kCancelled);
}

TEST_F(LeptonSchedulerTest, RemoveDeletesAndIsIdempotent) {
  std::string const handle = Submit(App("echo", {"x"}));
  EXPECT_TRUE(scheduler_->Remove(handle).ok());
  Advance(minutes(1));
  EXPECT_TRUE(scheduler_->Remove(handle).ok());
  auto described = scheduler_->Describe(handle);
  ASSERT_TRUE(described.ok());
  // The second Remove found it Deleted (archived) and purged it.
  EXPECT_FALSE(described->has_value());
}

TEST_F(LeptonSchedulerTest, Bug01_ListIsAListEvenWhenEmpty) {
  auto apps = scheduler_->List();
  ASSERT_TRUE(apps.ok()) << apps.status();
  EXPECT_TRUE(apps->empty());
}

TEST_F(LeptonSchedulerTest, Bug01_ListFindsTheJobsOfThisSessionOnly) {
  std::string const mine = Submit(App("echo", {"a"}));
  LeptonScheduler other(client(), Options("team-b"));
  ASSERT_TRUE(other.Submit(App("echo", {"b"}), Executor()).ok());
  auto apps = scheduler_->List();
  ASSERT_TRUE(apps.ok()) << apps.status();
  ASSERT_THAT(*apps, SizeIs(1));
  EXPECT_EQ((*apps)[0].app_handle, mine);
}

TEST_F(LeptonSchedulerTest, Bug03_LogsOfReplicaTwoWithARegex) {
  std::string const handle =
      Submit(App("echo", {"worker $NODE_RANK says hello"}, 3));
  ASSERT_EQ(WaitFor(handle), AppState::kSucceeded);
  LogOptions options;
  options.regex = "worker [0-9]";
  EXPECT_THAT(*scheduler_->LogLines(handle, 2, options), ElementsAre("worker 2 says hello\n"));
  options.regex = "worker 1";
  EXPECT_THAT(*scheduler_->LogLines(handle, 2, options), ::testing::IsEmpty());
}

TEST_F(LeptonSchedulerTest, Bug26_TailingWaitsForTheReplicaThenFollowsItToTheEnd) {
  std::string const handle = Submit(App("echo", {"first"}));
  LogOptions options;
  options.should_tail = true;
  // Submitted, not yet started: the replica is waited for, then followed to the end.
  EXPECT_THAT(*scheduler_->LogLines(handle, 0, options), ElementsAre("first\n"));
}

TEST_F(LeptonSchedulerTest, Bug26_TailingFollowsARunningReplicaAsItWrites) {
  // The replica writes "first" at once and "second" 20 s later, then runs until 30 s.
  ScriptTrainers({{Duration::zero(), "first"}, {seconds(20), "second"}}, seconds(30));
  std::string const handle = Submit(App("true", {}));
  ASSERT_TRUE(AdvanceUntilState(*JobIdOf(handle), JobState::kRunning));
  // Once the log stream is open (it has sent "first" and waits), time moves on.
  std::thread ticker = AdvanceOnceALogStreamIsOpen(/*answered_before=*/0, seconds(40));
  LogOptions options;
  options.should_tail = true;
  auto lines = scheduler_->LogLines(handle, 0, options);
  ticker.join();
  ASSERT_TRUE(lines.ok()) << lines.status();
  EXPECT_THAT(*lines, ElementsAre("first\n", "second\n"));
}

// A rate limit on a running replica's log stream that outlasts one call's retries (8 answers
// of 429 against 6 attempts): the tail waits out the Retry-After and reads on, as it does for
// a gateway error, instead of giving up while the app runs.
TEST_F(LeptonSchedulerTest, ATailRidesOutARateLimitLongerThanOneCallsRetries) {
  ScriptTrainers({{Duration::zero(), "first"}, {seconds(20), "second"}}, seconds(30));
  std::string const handle = Submit(App("true", {}));
  ASSERT_TRUE(AdvanceUntilState(*JobIdOf(handle), JobState::kRunning));
  constexpr int kThrottled = 8;
  fake::FaultRule throttle;
  throttle.status = 429;
  throttle.retry_after = seconds(2);
  throttle.times = kThrottled;
  throttle.match.method = "GET";
  throttle.match.path = "/jobs/[^/]+/replicas/[^/]+/log";
  ASSERT_TRUE(fake().AddFault(throttle).ok());
  // Once the stream is open past the 429s (it has sent "first" and waits), time moves on.
  std::thread ticker = AdvanceOnceALogStreamIsOpen(/*answered_before=*/kThrottled, seconds(40));
  LogOptions options;
  options.should_tail = true;
  auto lines = scheduler_->LogLines(handle, 0, options);
  ticker.join();
  ASSERT_TRUE(lines.ok()) << lines.status();
  EXPECT_THAT(*lines, ElementsAre("first\n", "second\n"));
  EXPECT_EQ(fake().Faults()[0].fired, kThrottled);
}

// A stream that breaks is opened again and the lines already read are not repeated.
TEST_F(LeptonSchedulerTest, Bug26_ATailThatLosesItsStreamResumesWithoutRepeats) {
  std::string const handle = Submit(App("echo", {"a\nb\nc\nd"}));
  ASSERT_EQ(WaitFor(handle), AppState::kSucceeded);
  fake::FaultRule broken;
  broken.kind = fake::FaultKind::kLogBreak;
  broken.after_lines = 2;
  broken.times = 2;
  ASSERT_TRUE(fake().AddFault(broken).ok());
  LogOptions options;
  options.should_tail = true;
  auto lines = scheduler_->LogLines(handle, 0, options);
  ASSERT_TRUE(lines.ok()) << lines.status();
  EXPECT_THAT(*lines, ElementsAre("a\n", "b\n", "c\n", "d\n"));
  EXPECT_EQ(fake().Faults()[0].fired, 2);
}

TEST_F(LeptonSchedulerTest, LogsOfAReplicaThatDoesNotExistAreNotFound) {
  std::string const handle = Submit(App("echo", {"x"}));
  ASSERT_EQ(WaitFor(handle), AppState::kSucceeded);
  EXPECT_EQ(scheduler_->LogLines(handle, 5).status().code(), StatusCode::kNotFound);
}

TEST_F(LeptonSchedulerTest, StreamLogStopsWhenTheSinkSaysSo) {
  std::string const handle = Submit(App("echo", {"a\nb\nc"}));
  ASSERT_EQ(WaitFor(handle), AppState::kSucceeded);
  for (bool tail : {false, true}) {
    LogOptions options;
    options.should_tail = tail;
    std::vector<std::string> seen;
    Status const streamed = scheduler_->StreamLog(handle, 0, options, [&](std::string_view line) {
      seen.emplace_back(line);
      return seen.size() < 2;
    });
    EXPECT_TRUE(streamed.ok()) << streamed;
    EXPECT_THAT(seen, ElementsAre("a", "b")) << (tail ? "tail" : "history");
  }
}

TEST_F(LeptonSchedulerTest, TailingAReplicaIndexTheAppDoesNotHaveIsNotFoundAtOnce) {
  std::string const handle = Submit(App("sleep", {"600"}, 2));
  Advance(seconds(1));
  TimePoint const before = clock().Now();
  LogOptions options;
  options.should_tail = true;
  auto lines = scheduler_->LogLines(handle, 2, options);
  EXPECT_EQ(lines.status().code(), StatusCode::kNotFound);
  EXPECT_THAT(lines.status().message(), HasSubstr("replicas 0 to 1"));
  EXPECT_EQ(clock().Now(), before) << "nothing was waited for";
}

TEST_F(LeptonSchedulerTest, TailingGivesUpAtItsDeadlineWhileTheReplicaIsAwaited) {
  for (int i = 0; i < 4; ++i) Submit(App("sleep", {"3600"}));  // The four nodes are taken.
  std::string const waiting = Submit(App("echo", {"late"}));
  LogOptions options;
  options.should_tail = true;
  options.deadline = clock().Now() + seconds(90);
  auto lines = scheduler_->LogLines(waiting, 0, options);
  EXPECT_EQ(lines.status().code(), StatusCode::kDeadlineExceeded);
  EXPECT_GE(clock().Now(), *options.deadline);
  EXPECT_LT(clock().Now(), *options.deadline + seconds(1)) << "the last nap ends at the deadline";
}

TEST_F(LeptonSchedulerTest, TailingGivesUpAtItsDeadlineWhileFollowing) {
  // A line every 20 s; each line received moves the clock 20 s on, so the third line arrives
  // past the deadline (30 s after the start) and is not delivered.
  ScriptTrainers({{Duration::zero(), "one"}, {seconds(20), "two"}, {seconds(40), "three"}},
                 seconds(600));
  std::string const handle = Submit(App("true", {}));
  ASSERT_TRUE(AdvanceUntilState(*JobIdOf(handle), JobState::kRunning));
  LogOptions options;
  options.should_tail = true;
  options.deadline = clock().Now() + seconds(30);
  std::vector<std::string> seen;
  Status const streamed = scheduler_->StreamLog(handle, 0, options, [&](std::string_view line) {
    seen.emplace_back(line);
    clock().Advance(seconds(20));
    return true;
  });
  EXPECT_EQ(streamed.code(), StatusCode::kDeadlineExceeded) << streamed;
  EXPECT_THAT(seen, ElementsAre("one", "two"));
}

TEST_F(LeptonSchedulerTest, AWaitHitsItsDeadline) {
  std::string const handle = Submit(App("sleep", {"3600"}));
  TimePoint const deadline = clock().Now() + seconds(30);
  auto state = scheduler_->Wait(handle, deadline);
  EXPECT_EQ(state.status().code(), StatusCode::kDeadlineExceeded);
  EXPECT_THAT(state.status().message(), HasSubstr("still"));
  EXPECT_EQ(clock().Now(), deadline);
}

TEST_F(LeptonSchedulerTest, Bug27_AWaitRidesOutTransientErrors) {
  std::string const handle = Submit(App("echo", {"x"}));
  fake::FaultRule storm;
  storm.status = 503;
  storm.times = 4;
  storm.match.method = "GET";
  ASSERT_TRUE(fake().AddFault(storm).ok());
  EXPECT_EQ(WaitFor(handle), AppState::kSucceeded);
}

TEST_F(LeptonSchedulerTest, AStormOf429And503DuringSubmitMakesOneJob) {
  fake::FaultRule throttle;
  throttle.status = 429;
  throttle.retry_after = seconds(2);
  throttle.times = 2;
  throttle.match.method = "POST";
  fake::FaultRule lost;
  lost.kind = fake::FaultKind::kDropResponse;
  lost.times = 1;
  lost.match.method = "POST";
  fake::FaultRule gateway;
  gateway.status = 503;
  gateway.times = 3;
  ASSERT_TRUE(fake().AddFault(throttle).ok());
  ASSERT_TRUE(fake().AddFault(lost).ok());
  ASSERT_TRUE(fake().AddFault(gateway).ok());
  std::string const handle = Submit(App("echo", {"x"}));
  EXPECT_FALSE(handle.empty());
  EXPECT_EQ(fake().job_count(), 1u);
}

TEST_F(LeptonSchedulerTest, Bug14_TwoSubmissionsOfOneAppAreTwoJobs) {
  std::string const first = Submit(App("echo", {"x"}));
  std::string const second = Submit(App("echo", {"x"}));
  EXPECT_NE(first, second);
  EXPECT_EQ(fake().job_count(), 2u);
}

TEST_F(LeptonSchedulerTest, HandlesNameTheSchedulerAndSession) {
  std::string const handle = Submit(App("echo", {"x"}));
  EXPECT_THAT(handle, ::testing::StartsWith("lepton://team-a/trainer-"));
  EXPECT_EQ(JobIdOf("k8s://x/y").status().code(), StatusCode::kInvalidArgument);
}

TEST_F(LeptonSchedulerTest, Bug07_MacrosAreSubstitutedInArgsAndEnv) {
  AppDef app = App("echo", {"app ${app_id} replica ${replica_id} rank0 ${rank0_env}"});
  app.roles[0].env["RUN_ID"] = "run-${app_id}";
  std::string const handle = Submit(app);
  ASSERT_EQ(WaitFor(handle), AppState::kSucceeded);
  std::string const job_id = *JobIdOf(handle);
  EXPECT_THAT(*scheduler_->LogLines(handle, 0),
              ElementsAre("app " + job_id + " replica 0 rank0 MASTER_ADDR\n"));
}

TEST_F(LeptonSchedulerTest, Bug09_AWaitOnADeletedJobEnds) {
  std::string const handle = Submit(App("sleep", {"3600"}));
  ASSERT_TRUE(scheduler_->Remove(handle).ok());
  // The fake keeps a deleted job readable as Deleted, which is CANCELLED (a server that forgets
  // it makes Wait answer kNotFound: also an end).
  EXPECT_EQ(WaitFor(handle), AppState::kCancelled);
}

TEST_F(LeptonSchedulerTest, Bug10_AWaitOnAJobStuckInUnknownEndsAfterTheGrace) {
  std::string const handle = Submit(App("sleep", {"3600"}));
  httplib::Client control(fake().base_url());
  auto forced = control.Post("/fake/v1/jobs/" + *JobIdOf(handle) + "/state",
                             R"({"state": "UNK"})", "application/json");
  ASSERT_TRUE(forced && forced->status == 200);
  TimePoint const start = clock().Now();
  EXPECT_EQ(WaitFor(handle), AppState::kFailed);
  EXPECT_GE(clock().Now() - start, kUnknownStateGrace);
}

TEST_F(LeptonSchedulerTest, Bug11_AStoppingJobIsNotYetCancelled) {
  std::string const handle = Submit(App("sleep", {"3600"}));
  ASSERT_TRUE(AdvanceUntilState(*JobIdOf(handle), JobState::kRunning));
  ASSERT_TRUE(scheduler_->Cancel(handle).ok());
  auto described = scheduler_->Describe(handle);
  ASSERT_TRUE(described.ok() && described->has_value());
  EXPECT_EQ((*described)->state, AppState::kRunning);  // Stopping: pods still run.
  EXPECT_EQ(WaitFor(handle), AppState::kCancelled);
}

// Bug 13: NeMo-Run reads the job right after creating it and fails if that read fails, leaving
// the job orphaned. Schedule never reads the job it made.
TEST_F(LeptonSchedulerTest, Bug13_AFailingReadOfTheNewJobCannotOrphanIt) {
  fake::FaultRule reads_fail;
  reads_fail.status = 500;
  reads_fail.match.method = "GET";
  reads_fail.match.path = "/jobs/[^/]+";
  ASSERT_TRUE(fake().AddFault(reads_fail).ok());
  auto handle = scheduler_->Submit(App("echo", {"x"}), Executor());
  ASSERT_TRUE(handle.ok()) << handle.status();
  EXPECT_EQ(fake().job_count(), 1u);
}

TEST_F(LeptonSchedulerTest, SchedulingOneDryRunTwiceMakesOneJob) {
  auto info = scheduler_->SubmitDryRun(App("echo", {"x"}), Executor());
  ASSERT_TRUE(info.ok()) << info.status();
  auto first = scheduler_->Schedule(*info);
  auto second = scheduler_->Schedule(*info);
  ASSERT_TRUE(first.ok() && second.ok());
  EXPECT_EQ(*first, *second);
  EXPECT_EQ(fake().job_count(), 1u);
}

TEST_F(LeptonSchedulerTest, AWaitLooksOnceMoreAtItsDeadline) {
  std::string const handle = Submit(App("sleep", {"25"}));
  auto state = scheduler_->Wait(handle, clock().Now() + seconds(30));
  ASSERT_TRUE(state.ok()) << state.status();
  EXPECT_EQ(*state, AppState::kSucceeded);
}

TEST_F(LeptonSchedulerTest, RemoveDeletesAnArchivedJob) {
  std::string const handle = Submit(App("echo", {"x"}));
  ASSERT_TRUE(AdvanceUntilState(*JobIdOf(handle), JobState::kCompleted));
  ASSERT_TRUE(fake().PeekJob(*JobIdOf(handle)).ok());
  httplib::Client control(fake().base_url());
  auto forced = control.Post("/fake/v1/jobs/" + *JobIdOf(handle) + "/state",
                             R"({"state": "Archived"})", "application/json");
  ASSERT_TRUE(forced && forced->status == 200);
  ASSERT_TRUE(scheduler_->Remove(handle).ok());
  EXPECT_FALSE(fake().PeekJob(*JobIdOf(handle)).ok());
}

TEST_F(LeptonSchedulerTest, ASessionThatIsNotALabelValueIsRefused) {
  LeptonScheduler bad(client(), Options("team a/b"));
  EXPECT_EQ(bad.List().status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(bad.SubmitDryRun(App("echo", {"x"}), Executor()).status().code(),
            StatusCode::kInvalidArgument);
}

TEST_F(LeptonSchedulerTest, SessionsThatDifferOnlyInPunctuationStayApart) {
  LeptonScheduler underscore(client(), Options("team_a"));
  ASSERT_TRUE(underscore.Submit(App("echo", {"x"}), Executor()).ok());
  EXPECT_TRUE(scheduler_->List()->empty());  // "team-a"
}

TEST_F(LeptonSchedulerTest, MoreGpusPerNodeThanTheShapeHasIsRefused) {
  LeptonExecutorConfig cfg = Executor();
  cfg.gpus_per_node = 16;
  auto info = scheduler_->SubmitDryRun(App("echo", {"x"}), cfg);
  EXPECT_EQ(info.status().code(), StatusCode::kInvalidArgument);
  EXPECT_THAT(info.status().message(), HasSubstr("gpus_per_node is 16"));
}

TEST_F(LeptonSchedulerTest, JobIdsThatAreNotDnsLabelsAreRefused) {
  for (std::string const bad : {"..", "a?b", "x y", "lepton://s/..", "lepton://s/"}) {
    EXPECT_EQ(JobIdOf(bad).status().code(), StatusCode::kInvalidArgument) << bad;
  }
  EXPECT_EQ(*JobIdOf("lepton://s/train-x7k2p"), "train-x7k2p");
}

TEST_F(LeptonSchedulerTest, AnEscapedDollarArrivesLiterally) {
  std::string const handle = Submit(App("echo", {"costs \\$5 on $WORLD_SIZE node"}));
  ASSERT_EQ(WaitFor(handle), AppState::kSucceeded);
  EXPECT_THAT(*scheduler_->LogLines(handle, 0), ElementsAre("costs $5 on 1 node\n"));
}

TEST_F(LeptonSchedulerTest, TheUsersOwnRendezvousVariablesWin) {
  AppDef app = App("echo", {"port $MASTER_PORT"});
  app.roles[0].env["MASTER_PORT"] = "12345";
  auto info = scheduler_->SubmitDryRun(app, Executor());
  ASSERT_TRUE(info.ok()) << info.status();
  EXPECT_THAT(info->job.spec->container->command->back(), Not(HasSubstr("MASTER_PORT=")));
}

TEST_F(LeptonSchedulerTest, AVariableSetBothAsEnvAndAsSecretIsRefused) {
  LeptonExecutorConfig cfg = Executor();
  cfg.env["HF_TOKEN"] = "x";
  cfg.secret_env["HF_TOKEN"] = "hf";
  EXPECT_THAT(scheduler_->Validate(App("echo", {"x"}), cfg).message(),
              HasSubstr("both as env and as secret env"));
}

TEST_F(LeptonSchedulerTest, ARegexOnAVeryLongLineDoesNotCrash) {
  std::string const handle = Submit(App("echo", {std::string(50'000, 'x') + " timeout"}));
  ASSERT_EQ(WaitFor(handle), AppState::kSucceeded);
  LogOptions options;
  options.regex = "x.*timeout";
  auto lines = scheduler_->LogLines(handle, 0, options);
  ASSERT_TRUE(lines.ok()) << lines.status();
  EXPECT_THAT(*lines, SizeIs(1));
}

TEST_F(LeptonSchedulerTest, ABadRegexIsInvalidArgument) {
  std::string const handle = Submit(App("echo", {"x"}));
  LogOptions options;
  options.regex = "(";
  EXPECT_EQ(scheduler_->LogLines(handle, 0, options).status().code(), StatusCode::kInvalidArgument);
}

TEST_F(LeptonSchedulerTest, Bug18_ArgumentsWithSpacesAndQuotesArriveIntact) {
  std::string const handle = Submit(App("echo", {"it's a \"quoted\" path/with spaces"}));
  ASSERT_EQ(WaitFor(handle), AppState::kSucceeded);
  EXPECT_THAT(*scheduler_->LogLines(handle, 0),
              ElementsAre("it's a \"quoted\" path/with spaces\n"));
}

}  // namespace
}  // namespace lepton::sched
