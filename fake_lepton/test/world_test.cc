// The lifecycle engine and the job store, driven directly on a manual clock (no HTTP).

#include "world.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <string>
#include <vector>

namespace lepton::fake {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Optional;
using std::chrono::milliseconds;
using std::chrono::seconds;

class WorldTest : public ::testing::Test {
 protected:
  WorldTest() : clock_(std::make_shared<ManualClock>()), world_(Options(clock_)) {}

  static FakeLeptonOptions Options(std::shared_ptr<ManualClock> clock) {
    FakeLeptonOptions options;
    options.clock = std::move(clock);
    return options;
  }

  static Job ShellJob(std::string const& name, std::string const& script, int replicas = 1) {
    Job job;
    job.metadata.name = name;
    auto& spec = job.spec.emplace();
    spec.resource_shape = "cpu.small";
    spec.container.emplace().command = {"/bin/bash", "-c", script};
    spec.completions = replicas;
    spec.parallelism = replicas;
    return job;
  }

  std::string Create(Job job) {
    auto created = world_.CreateJob(std::move(job));
    EXPECT_TRUE(created.ok()) << created.status();
    return created.ok() ? *created->metadata.id : std::string();
  }

  JobState StateAfter(std::string const& id, Duration advance) {
    clock_->Advance(advance);
    auto job = world_.GetJob(id, JobQueryMode::kAliveAndArchive);
    EXPECT_TRUE(job.ok()) << job.status();
    return job.ok() ? job->status->state.value_or(JobState::kUnknown) : JobState::kUnknown;
  }

  JobStatus StatusOf(std::string const& id) {
    auto job = world_.GetJob(id, JobQueryMode::kAliveAndArchive);
    EXPECT_TRUE(job.ok()) << job.status();
    return job.ok() ? *job->status : JobStatus{};
  }

  std::vector<std::string> Log(std::string const& id) {
    auto replicas = world_.ListReplicas(id, JobQueryMode::kAliveAndArchive);
    EXPECT_TRUE(replicas.ok() && !replicas->empty());
    if (!replicas.ok() || replicas->empty()) return {};
    auto read = world_.ReadLog(id, *replicas->front().id, 0);
    EXPECT_TRUE(read.ok()) << read.status();
    return read.ok() ? read->lines : std::vector<std::string>{};
  }

  std::shared_ptr<ManualClock> clock_;
  World world_;
};

TEST_F(WorldTest, CreatedJobHasGeneratedIdDerivedFromName) {
  auto created = world_.CreateJob(ShellJob("train", "true"));
  ASSERT_TRUE(created.ok()) << created.status();
  EXPECT_THAT(created->metadata.id, Optional(::testing::MatchesRegex("train-[a-z0-9]{5}")));
  EXPECT_THAT(created->metadata.name, Optional(std::string("train")));
  EXPECT_THAT(created->metadata.created_at, Optional(ToEpochMillis(clock_->Now())));
  EXPECT_THAT(created->metadata.owner, Optional(std::string("fake-user@example.com")));
}

TEST_F(WorldTest, NameFallsBackToRequestedId) {
  Job job = ShellJob("ignored", "true");
  job.metadata.name.reset();
  job.metadata.id = "from-id";
  auto created = world_.CreateJob(job);
  ASSERT_TRUE(created.ok()) << created.status();
  EXPECT_THAT(created->metadata.name, Optional(std::string("from-id")));
}

TEST_F(WorldTest, DuplicateNamesGetDistinctIds) {
  std::string const a = Create(ShellJob("same", "true"));
  std::string const b = Create(ShellJob("same", "true"));
  EXPECT_NE(a, b);
}

TEST_F(WorldTest, SameSeedGivesSameIds) {
  World other(Options(std::make_shared<ManualClock>()));
  std::string const mine = Create(ShellJob("replay", "true"));
  auto theirs = other.CreateJob(ShellJob("replay", "true"));
  ASSERT_TRUE(theirs.ok());
  EXPECT_EQ(mine, *theirs->metadata.id);
}

TEST_F(WorldTest, NewJobIsQueueingWithZeroCounters) {
  std::string const id = Create(ShellJob("queued", "true"));
  JobStatus const status = StatusOf(id);
  EXPECT_THAT(status.state, Optional(JobState::kQueueing));
  EXPECT_THAT(status.active, Optional(0));
  EXPECT_THAT(status.ready, Optional(0));
}

TEST_F(WorldTest, JobGoesThroughStartingAndRunningToCompleted) {
  std::string const id = Create(ShellJob("happy", "echo hi; sleep 5; echo bye", 2));
  EXPECT_EQ(StateAfter(id, milliseconds(100)), JobState::kStarting);
  JobStatus starting = StatusOf(id);
  EXPECT_THAT(starting.active, Optional(2));
  EXPECT_THAT(starting.ready, Optional(0));
  EXPECT_EQ(StateAfter(id, milliseconds(900)), JobState::kRunning);
  EXPECT_THAT(StatusOf(id).ready, Optional(1));
  EXPECT_EQ(StateAfter(id, milliseconds(50)), JobState::kRunning);
  EXPECT_THAT(StatusOf(id).ready, Optional(2));
  EXPECT_EQ(StateAfter(id, seconds(4)), JobState::kRunning);
  EXPECT_EQ(StateAfter(id, seconds(1)), JobState::kCompleted);
  JobStatus const done = StatusOf(id);
  EXPECT_THAT(done.succeeded, Optional(2));
  EXPECT_THAT(done.active, Optional(0));
  EXPECT_TRUE(done.completion_time.has_value());
}

TEST_F(WorldTest, LogLinesAppearWhenTheClockReachesThem) {
  std::string const id = Create(ShellJob("logs", "echo one; sleep 3; echo two"));
  clock_->Advance(seconds(1));
  EXPECT_THAT(Log(id), ElementsAre("one"));
  clock_->Advance(seconds(3));
  EXPECT_THAT(Log(id), ElementsAre("one", "two"));
}

TEST_F(WorldTest, WorkerIndexIsExpandedPerReplica) {
  std::string const id = Create(ShellJob("workers", "echo worker $LEPTON_JOB_WORKER_INDEX", 2));
  clock_->Advance(seconds(2));
  auto replicas = world_.ListReplicas(id, JobQueryMode::kAliveOnly);
  ASSERT_TRUE(replicas.ok());
  ASSERT_EQ(replicas->size(), 2U);
  auto second = world_.ReadLog(id, *(*replicas)[1].id, 0);
  ASSERT_TRUE(second.ok());
  EXPECT_THAT(second->lines, ElementsAre("worker 1"));
}

TEST_F(WorldTest, NonZeroExitFailsTheJob) {
  std::string const id = Create(ShellJob("sad", "echo oops; exit 3"));
  EXPECT_EQ(StateAfter(id, seconds(2)), JobState::kFailed);
  EXPECT_THAT(StatusOf(id).failed, Optional(1));
}

TEST_F(WorldTest, JobRetryGoesThroughTerminatingPendingRetryAndRestarting) {
  Job job = ShellJob("retry", "sleep 1; exit 1");
  job.spec->max_job_failure_retry = 1;
  std::string const id = Create(job);
  EXPECT_EQ(StateAfter(id, seconds(2)), JobState::kTerminating);
  EXPECT_EQ(StateAfter(id, milliseconds(500)), JobState::kPendingRetry);
  ASSERT_TRUE(StatusOf(id).job_history.has_value());
  EXPECT_EQ(StatusOf(id).job_history->size(), 1U);
  EXPECT_EQ(StateAfter(id, seconds(1)), JobState::kRestarting);
  EXPECT_EQ(StateAfter(id, seconds(1)), JobState::kRunning);
  EXPECT_EQ(StateAfter(id, seconds(1)), JobState::kFailed);
  EXPECT_THAT(StatusOf(id).failed, Optional(2));
}

TEST_F(WorldTest, CommandOutsideTheSubsetRunsForTheDefaultTimeAndSaysSo) {
  Job job = ShellJob("python", "");
  job.spec->container->command = std::vector<std::string>{"python", "train.py"};
  std::string const id = Create(job);
  EXPECT_EQ(StateAfter(id, seconds(2)), JobState::kRunning);
  EXPECT_THAT(Log(id), ElementsAre(HasSubstr("command not simulated")));
  EXPECT_EQ(StateAfter(id, seconds(1)), JobState::kCompleted);
}

TEST_F(WorldTest, StopMovesThroughStoppingToStoppedAndKeepsTheJob) {
  std::string const id = Create(ShellJob("stop-me", "sleep 100"));
  clock_->Advance(seconds(2));
  Job patch;
  patch.spec.emplace().stopped = true;
  ASSERT_TRUE(world_.PatchJob(id, patch).ok());
  EXPECT_EQ(StateAfter(id, Duration::zero()), JobState::kStopping);
  EXPECT_EQ(StateAfter(id, seconds(1)), JobState::kStopped);
  EXPECT_THAT(StatusOf(id).active, Optional(0));
}

TEST_F(WorldTest, StartAfterStopRunsANewAttempt) {
  std::string const id = Create(ShellJob("restart", "sleep 2"));
  clock_->Advance(seconds(2));
  Job stop;
  stop.spec.emplace().stopped = true;
  ASSERT_TRUE(world_.PatchJob(id, stop).ok());
  clock_->Advance(seconds(1));
  Job start;
  start.spec.emplace().stopped = false;
  ASSERT_TRUE(world_.PatchJob(id, start).ok());
  EXPECT_EQ(StateAfter(id, Duration::zero()), JobState::kQueueing);
  EXPECT_EQ(StateAfter(id, seconds(4)), JobState::kCompleted);
  EXPECT_EQ(StatusOf(id).job_history->size(), 1U);
}

TEST_F(WorldTest, PatchMergesOnlyTheFieldsItSets) {
  std::string const id = Create(ShellJob("patch", "sleep 100"));
  Job patch;
  patch.spec.emplace().max_failure_retry = 4;
  ASSERT_TRUE(world_.PatchJob(id, patch).ok());
  auto job = world_.GetJob(id, JobQueryMode::kAliveOnly);
  ASSERT_TRUE(job.ok());
  EXPECT_THAT(job->spec->max_failure_retry, Optional(4));
  EXPECT_THAT(job->spec->resource_shape, Optional(std::string("cpu.small")));
}

TEST_F(WorldTest, DeletedJobIsDeletingThenLeavesTheLiveView) {
  std::string const id = Create(ShellJob("delete-me", "sleep 100"));
  ASSERT_TRUE(world_.DeleteJob(id, JobQueryMode::kAliveOnly).ok());
  EXPECT_EQ(StateAfter(id, Duration::zero()), JobState::kDeleting);
  clock_->Advance(seconds(1));
  EXPECT_EQ(world_.GetJob(id, JobQueryMode::kAliveOnly).status().code(), StatusCode::kNotFound);
}

TEST_F(WorldTest, DeletedJobStaysReadableAsDeletedInArchiveMode) {
  std::string const id = Create(ShellJob("delete-me", "sleep 100"));
  ASSERT_TRUE(world_.DeleteJob(id, JobQueryMode::kAliveOnly).ok());
  clock_->Advance(seconds(1));
  auto archived = world_.GetJob(id, JobQueryMode::kArchiveOnly);
  ASSERT_TRUE(archived.ok()) << archived.status();
  EXPECT_THAT(archived->status->state, Optional(JobState::kDeleted));
}

TEST_F(WorldTest, DeletingAnArchivedJobPurgesIt) {
  std::string const id = Create(ShellJob("purge-me", "true"));
  ASSERT_TRUE(world_.DeleteJob(id, JobQueryMode::kAliveOnly).ok());
  clock_->Advance(seconds(1));
  ASSERT_TRUE(world_.DeleteJob(id, JobQueryMode::kArchiveOnly).ok());
  EXPECT_EQ(world_.GetJob(id, JobQueryMode::kAliveAndArchive).status().code(),
            StatusCode::kNotFound);
}

TEST_F(WorldTest, WorkerRetryReplacesTheFailedReplicaAndKeepsTheJobRunning) {
  Job job = ShellJob("flaky", "sleep 1; exit 1");
  job.spec->max_failure_retry = 1;
  std::string const id = Create(job);
  EXPECT_EQ(StateAfter(id, seconds(2)), JobState::kRunning);
  EXPECT_THAT(StatusOf(id).failed, Optional(1));
  clock_->Advance(seconds(1));
  auto replicas = world_.ListReplicas(id, JobQueryMode::kAliveOnly);
  ASSERT_TRUE(replicas.ok());
  ASSERT_EQ(replicas->size(), 1U);
  EXPECT_THAT(replicas->front().status->readiness_issue->reason, Optional(std::string("Ready")));
  EXPECT_EQ(StateAfter(id, seconds(1)), JobState::kFailed);
  EXPECT_THAT(StatusOf(id).failed, Optional(2));
}

TEST_F(WorldTest, UnknownShapeIsRejected) {
  Job job = ShellJob("shape", "true");
  job.spec->resource_shape = "gpu.64xb300";
  auto created = world_.CreateJob(job);
  EXPECT_EQ(created.status().code(), StatusCode::kInvalidArgument);
  EXPECT_THAT(created.status().message(), HasSubstr("gpu.64xb300"));
}

TEST_F(WorldTest, UnknownNodeGroupIsRejected) {
  Job job = ShellJob("group", "true");
  job.spec->affinity.emplace().allowed_dedicated_node_groups = std::vector<std::string>{"ng-nope"};
  EXPECT_EQ(world_.CreateJob(job).status().code(), StatusCode::kInvalidArgument);
}

TEST_F(WorldTest, RunningReplicasAppearAsNodeWorkloads) {
  Job job = ShellJob("gpus", "sleep 100", 2);
  job.spec->resource_shape = "gpu.8xh100";
  std::string const id = Create(job);
  clock_->Advance(seconds(2));
  auto nodes = world_.Nodes("ng-h100-pool", /*idle_only=*/false);
  ASSERT_TRUE(nodes.ok());
  std::int64_t allocated = 0;
  for (auto const& node : *nodes) allocated += node.spec.resource->gpu->allocated.value_or(0);
  EXPECT_EQ(allocated, 16);
  auto idle = world_.Nodes("ng-h100-pool", /*idle_only=*/true);
  ASSERT_TRUE(idle.ok());
  EXPECT_EQ(idle->size(), 2U);
}

TEST_F(WorldTest, HistoricalLogsFilterByTextAndComeNewestFirst) {
  std::string const id = Create(ShellJob("history", "echo alpha; sleep 1; echo beta; echo alphabet"));
  clock_->Advance(seconds(5));
  World::LogQuery query;
  query.job_id = id;
  query.contains = "alpha";
  auto lines = world_.QueryLogs(query);
  ASSERT_TRUE(lines.ok()) << lines.status();
  ASSERT_EQ(lines->size(), 2U);
  EXPECT_EQ((*lines)[0].text, "alphabet");
  EXPECT_EQ((*lines)[1].text, "alpha");
}

TEST_F(WorldTest, FinishedJobIsArchivedAfterItsTtl) {
  Job job = ShellJob("archive", "true");
  job.spec->ttl_seconds_after_finished = 60;
  std::string const id = Create(job);
  clock_->Advance(seconds(2));
  EXPECT_TRUE(world_.GetJob(id, JobQueryMode::kAliveOnly).ok());
  clock_->Advance(seconds(60));
  EXPECT_EQ(world_.GetJob(id, JobQueryMode::kAliveOnly).status().code(), StatusCode::kNotFound);
  auto archived = world_.GetJob(id, JobQueryMode::kArchiveOnly);
  ASSERT_TRUE(archived.ok());
  EXPECT_THAT(archived->status->state, Optional(JobState::kArchived));
}

TEST_F(WorldTest, FutureStartTimeKeepsTheJobAwaiting) {
  Job job = ShellJob("later", "true");
  auto const start_at = std::chrono::duration_cast<seconds>(
      (clock_->Now() + seconds(30)).time_since_epoch());
  job.spec->time_schedule.emplace().start_at = start_at.count();
  std::string const id = Create(job);
  EXPECT_EQ(StateAfter(id, seconds(29)), JobState::kAwaiting);
  EXPECT_EQ(StateAfter(id, seconds(1)), JobState::kQueueing);
}

TEST_F(WorldTest, UnknownJobIsNotFound) {
  EXPECT_EQ(world_.GetJob("nope", JobQueryMode::kAliveAndArchive).status().code(),
            StatusCode::kNotFound);
}

TEST_F(WorldTest, InvalidNameIsRejectedAndNothingIsStored) {
  auto created = world_.CreateJob(ShellJob("Bad_Name", "true"));
  EXPECT_EQ(created.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(world_.job_count(), 0U);
}

TEST_F(WorldTest, ZeroCompletionsIsRejected) {
  Job job = ShellJob("zero", "true");
  job.spec->completions = 0;
  EXPECT_EQ(world_.CreateJob(job).status().code(), StatusCode::kInvalidArgument);
}

TEST_F(WorldTest, ReservedMountPathIsRejected) {
  Job job = ShellJob("mounts", "true");
  Mount mount;
  mount.mount_path = "/usr/./bin/";
  mount.from = "node-local";
  job.spec->mounts = std::vector<Mount>{mount};
  auto created = world_.CreateJob(job);
  EXPECT_EQ(created.status().code(), StatusCode::kInvalidArgument);
  EXPECT_THAT(created.status().message(), HasSubstr("reserved"));
}

TEST_F(WorldTest, ReservedEnvNameIsRejected) {
  Job job = ShellJob("envs", "true");
  EnvVar var;
  var.name = "LEPTON_WORKSPACE_ID";
  var.value = "x";
  job.spec->envs = std::vector<EnvVar>{var};
  EXPECT_EQ(world_.CreateJob(job).status().code(), StatusCode::kInvalidArgument);
}

TEST_F(WorldTest, ListPagesAreOneBasedAndEmptyPastTheEnd) {
  for (int i = 0; i < 5; ++i) Create(ShellJob("page", "true"));
  ListJobsRequest filter;
  EXPECT_EQ(world_.ListJobs(filter, 1, 2).jobs.size(), 2U);
  EXPECT_EQ(world_.ListJobs(filter, 3, 2).jobs.size(), 1U);
  EXPECT_TRUE(world_.ListJobs(filter, 4, 2).jobs.empty());
  EXPECT_EQ(world_.ListJobs(filter, 1, std::nullopt).jobs.size(), 5U);
}

TEST_F(WorldTest, ListIsNewestFirstAcrossPages) {
  std::string const older = Create(ShellJob("older", "true"));
  clock_->Advance(seconds(1));
  std::string const newer = Create(ShellJob("newer", "true"));
  ListJobsRequest filter;
  auto first = world_.ListJobs(filter, 1, 1);
  auto second = world_.ListJobs(filter, 2, 1);
  ASSERT_EQ(first.jobs.size(), 1U);
  ASSERT_EQ(second.jobs.size(), 1U);
  EXPECT_THAT(first.jobs[0].metadata.id, Optional(newer));
  EXPECT_THAT(second.jobs[0].metadata.id, Optional(older));
}

TEST_F(WorldTest, PagesCountOnlyMatchingJobs) {
  for (int i = 0; i < 3; ++i) Create(ShellJob("keep", "true"));
  for (int i = 0; i < 3; ++i) Create(ShellJob("skip", "true"));
  ListJobsRequest filter;
  filter.name_contains = "keep";
  EXPECT_EQ(world_.ListJobs(filter, 2, 2).jobs.size(), 1U);
  EXPECT_TRUE(world_.ListJobs(filter, 3, 2).jobs.empty());
}

std::vector<std::string> Ids(JobList const& list) {
  std::vector<std::string> ids;
  for (auto const& job : list.jobs) ids.push_back(job.metadata.id.value_or(""));
  return ids;
}

TEST_F(WorldTest, PagingPageAfterPageGivesWhatEachPageAloneGives) {
  // Pages 2.. continue where the previous page ended; asked in any other order, counted.
  for (int i = 0; i < 7; ++i) Create(ShellJob(i % 2 == 0 ? "even" : "odd", "true"));
  ListJobsRequest filter;
  filter.name_contains = "even";
  std::vector<std::string> in_order;
  for (int page = 1; page <= 3; ++page) {
    auto const ids = Ids(world_.ListJobs(filter, page, 1));
    in_order.insert(in_order.end(), ids.begin(), ids.end());
  }
  std::vector<std::string> out_of_order;
  for (int page : {3, 1, 2}) {
    auto const ids = Ids(world_.ListJobs(filter, page, 1));
    out_of_order.insert(out_of_order.end(), ids.begin(), ids.end());
  }
  std::vector<std::string> const all = Ids(world_.ListJobs(filter, 1, std::nullopt));
  ASSERT_EQ(all.size(), 4U);
  EXPECT_EQ(in_order, std::vector<std::string>(all.begin(), all.begin() + 3));
  EXPECT_THAT(out_of_order, ElementsAre(all[2], all[0], all[1]));
}

TEST_F(WorldTest, APageAfterAChangeIsCountedFromTheStartAgain) {
  for (int i = 0; i < 3; ++i) Create(ShellJob("page", "true"));
  ListJobsRequest filter;
  auto const first = Ids(world_.ListJobs(filter, 1, 2));
  clock_->Advance(seconds(1));
  Create(ShellJob("page", "true"));  // The newest: it takes the first place.
  // Offsets, as a server without cursors gives them: page 2 now starts at the old second job.
  EXPECT_THAT(Ids(world_.ListJobs(filter, 2, 2)), ElementsAre(first[1], ::testing::_));
}

TEST_F(WorldTest, PurgedJobLeavesTheList) {
  std::string const id = Create(ShellJob("purge", "true"));
  ASSERT_TRUE(world_.DeleteJob(id, JobQueryMode::kAliveOnly).ok());
  clock_->Advance(seconds(1));
  ASSERT_TRUE(world_.DeleteJob(id, JobQueryMode::kArchiveOnly).ok());
  ListJobsRequest filter;
  filter.mode = JobQueryMode::kAliveAndArchive;
  EXPECT_TRUE(world_.ListJobs(filter, 1, std::nullopt).jobs.empty());
}

TEST_F(WorldTest, ListFiltersByStatePrefixCaseInsensitively) {
  std::string const running = Create(ShellJob("long", "sleep 100"));
  clock_->Advance(seconds(2));
  Create(ShellJob("fresh", "true"));
  ListJobsRequest filter;
  filter.states = {"run"};
  auto page = world_.ListJobs(filter, 1, std::nullopt);
  ASSERT_EQ(page.jobs.size(), 1U);
  EXPECT_THAT(page.jobs[0].metadata.id, Optional(running));
}

TEST_F(WorldTest, ListFiltersByLabelSelector) {
  Job labelled = ShellJob("labelled", "true");
  labelled.metadata.labels = std::map<std::string, std::string>{{"team", "research"}};
  std::string const id = Create(labelled);
  Create(ShellJob("plain", "true"));
  ListJobsRequest filter;
  filter.label_selector = "team=research";
  auto page = world_.ListJobs(filter, 1, std::nullopt);
  ASSERT_EQ(page.jobs.size(), 1U);
  EXPECT_THAT(page.jobs[0].metadata.id, Optional(id));
}

TEST_F(WorldTest, ListFiltersByNameSubstring) {
  Create(ShellJob("alpha-train", "true"));
  Create(ShellJob("beta-eval", "true"));
  ListJobsRequest filter;
  filter.name_contains = "TRAIN";
  EXPECT_EQ(world_.ListJobs(filter, 1, std::nullopt).jobs.size(), 1U);
}

TEST_F(WorldTest, ReplicasCarryIdPatternAndNode) {
  std::string const id = Create(ShellJob("replicas", "sleep 10", 2));
  clock_->Advance(seconds(2));
  auto replicas = world_.ListReplicas(id, JobQueryMode::kAliveOnly);
  ASSERT_TRUE(replicas.ok());
  ASSERT_EQ(replicas->size(), 2U);
  auto const& first = replicas->front();
  EXPECT_THAT(first.id, Optional(::testing::StartsWith(id + "-0-")));
  EXPECT_EQ(first.id, first.metadata.id);
  ASSERT_TRUE(first.status && first.status->node);
  EXPECT_TRUE(first.status->node->name.has_value());
}

TEST_F(WorldTest, EventsRecordTheLifecycle) {
  std::string const id = Create(ShellJob("events", "true"));
  clock_->Advance(seconds(3));
  auto events = world_.ListEvents(id);
  ASSERT_TRUE(events.ok());
  std::vector<std::string> reasons;
  for (auto const& e : *events) reasons.push_back(e.reason.value_or(""));
  EXPECT_THAT(reasons, ElementsAre("Created", "Queued", "Admitted", "Scheduled", "Started", "Completed"));
}

}  // namespace
}  // namespace lepton::fake
