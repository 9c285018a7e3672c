// Job lifecycle: how a job runs to Completed or Failed, retries, stop, start, delete and archive.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

#include "lepton/client.h"
#include "lepton/contract/contract_test.h"
#include "lepton/job_state.h"
#include "lepton/list_jobs_request.h"
#include "suite_anchor.h"

LEPTON_CONTRACT_SUITE(lifecycle)

namespace lepton::contract {
namespace {

using ::testing::AnyOf;
using ::testing::Contains;
using ::testing::Not;
using ::testing::Optional;

using LifecycleTest = ContractTest;

// The ids of the jobs a list answered.
std::vector<std::string> IdsOf(std::vector<Job> const& jobs) {
  std::vector<std::string> ids;
  for (auto const& job : jobs) ids.push_back(job.metadata.id.value_or(""));
  return ids;
}

// Every job of `mode` labelled with this test's tag.
ListJobsRequest Tagged(std::string const& tag, JobQueryMode mode) {
  ListJobsRequest request;
  request.mode = mode;
  request.label_selector = std::string(kContractLabel) + "=" + tag;
  return request;
}

TEST_F(LifecycleTest, AnEchoJobReachesCompleted) {
  auto id = CreateShellJob("echo", scripts::Echo({"hello"}));
  ASSERT_TRUE(id.ok()) << id.status();
  ASSERT_TRUE(WaitForState(*id, {JobState::kCompleted, JobState::kFailed}));
  auto state = StateOf(*id);
  ASSERT_TRUE(state.ok()) << state.status();
  EXPECT_EQ(*state, JobState::kCompleted);
}

TEST_F(LifecycleTest, AJobWhoseCommandFailsReachesFailed) {
  auto id = CreateShellJob("fail", scripts::Fail(3));
  ASSERT_TRUE(id.ok()) << id.status();
  ASSERT_TRUE(WaitForState(*id, {JobState::kCompleted, JobState::kFailed}));
  auto state = StateOf(*id);
  ASSERT_TRUE(state.ok()) << state.status();
  EXPECT_EQ(*state, JobState::kFailed);
}

TEST_F(LifecycleTest, AJobIsRunningWhileItsCommandRuns) {
  auto id = CreateShellJob("running", scripts::SleepThenSucceed(60));
  ASSERT_TRUE(id.ok()) << id.status();
  // Polling (and, where the backend controls time, stepping a quarter second at a time) cannot
  // miss 60 s of Running: 1.2 s of real time on a fake at 50x.
  ASSERT_TRUE(WaitForState(*id, {JobState::kRunning, JobState::kCompleted, JobState::kFailed}));
  auto running = client().GetJob(*id);
  ASSERT_TRUE(running.ok()) << running.status();
  ASSERT_TRUE(running->status.has_value());
  EXPECT_THAT(running->status->state, Optional(JobState::kRunning));
  EXPECT_GE(running->status->active.value_or(0), 1) << "a running job has an active replica";

  ASSERT_TRUE(WaitForState(*id, {JobState::kCompleted, JobState::kFailed}));
  auto done = client().GetJob(*id);
  ASSERT_TRUE(done.ok()) << done.status();
  ASSERT_TRUE(done->status.has_value());
  EXPECT_THAT(done->status->state, Optional(JobState::kCompleted));
  EXPECT_THAT(done->status->succeeded, Optional(1));
}

TEST_F(LifecycleTest, AFailingJobWithAJobRetryRunsTwiceThenFails) {
  Job job = ShellJob("retry", scripts::Fail(2));
  job.spec->max_job_failure_retry = 1;
  auto created = CreateJob(job);
  ASSERT_TRUE(created.ok()) << created.status();
  std::string const id = *created->metadata.id;

  ASSERT_TRUE(WaitForState(id, {JobState::kCompleted, JobState::kFailed}));
  auto read = client().GetJob(id);
  ASSERT_TRUE(read.ok()) << read.status();
  ASSERT_TRUE(read->status.has_value());
  auto const& status = *read->status;
  EXPECT_THAT(status.state, Optional(JobState::kFailed));
  // The first, failed attempt is kept as the one earlier attempt; the job failed in the second.
  ASSERT_TRUE(status.job_history.has_value()) << "a retried job records its earlier attempt";
  ASSERT_EQ(status.job_history->size(), 1U);
  EXPECT_GE(status.job_history->front().failed.value_or(0), 1)
      << "the earlier attempt ended with a failed replica";
  EXPECT_GE(status.failed.value_or(0), 1);
}

TEST_F(LifecycleTest, StoppingARunningJobStopsItAndKeepsIt) {
  auto id = CreateShellJob("stop", scripts::SleepThenSucceed(3600));
  ASSERT_TRUE(id.ok()) << id.status();
  ASSERT_TRUE(WaitForState(*id, {JobState::kRunning}));

  Status const stopped = client().StopJob(*id);
  ASSERT_TRUE(stopped.ok()) << stopped;
  ASSERT_TRUE(WaitForState(*id, {JobState::kStopped}));

  // Kept: still a live job, marked stopped.
  auto read = client().GetJob(*id, JobQueryMode::kAliveOnly);
  ASSERT_TRUE(read.ok()) << read.status();
  ASSERT_TRUE(read->spec.has_value());
  EXPECT_THAT(read->spec->stopped, Optional(true));
  ASSERT_TRUE(read->status.has_value());
  EXPECT_THAT(read->status->state, Optional(JobState::kStopped));
}

TEST_F(LifecycleTest, StartingAStoppedJobRunsItAgainToCompletion) {
  auto id = CreateShellJob("start", scripts::SleepThenSucceed(30));
  ASSERT_TRUE(id.ok()) << id.status();
  ASSERT_TRUE(WaitForState(*id, {JobState::kRunning}));
  Status const stopped = client().StopJob(*id);
  ASSERT_TRUE(stopped.ok()) << stopped;
  ASSERT_TRUE(WaitForState(*id, {JobState::kStopped}));

  Status const started = client().StartJob(*id);
  ASSERT_TRUE(started.ok()) << started;
  // A stopped job never completes by itself: Completed means it ran again.
  ASSERT_TRUE(WaitForState(*id, {JobState::kCompleted, JobState::kFailed}));
  auto read = client().GetJob(*id);
  ASSERT_TRUE(read.ok()) << read.status();
  ASSERT_TRUE(read->status.has_value());
  EXPECT_THAT(read->status->state, Optional(JobState::kCompleted));
  ASSERT_TRUE(read->spec.has_value());
  EXPECT_NE(read->spec->stopped, std::optional<bool>(true));
}

TEST_F(LifecycleTest, DeletingARunningJobRemovesIt) {
  auto id = CreateShellJob("delete", scripts::SleepThenSucceed(3600));
  ASSERT_TRUE(id.ok()) << id.status();
  ASSERT_TRUE(WaitForState(*id, {JobState::kRunning}));

  Status const deleted = client().DeleteJob(*id);
  ASSERT_TRUE(deleted.ok()) << deleted;
  // At once it is on its way out (Deleting) or already gone.
  auto right_after = client().GetJob(*id, JobQueryMode::kAliveOnly);
  if (right_after.ok()) {
    ASSERT_TRUE(right_after->status.has_value());
    EXPECT_THAT(right_after->status->state,
                Optional(AnyOf(JobState::kDeleting, JobState::kDeleted)));
  } else {
    EXPECT_EQ(right_after.status().code(), StatusCode::kNotFound) << right_after.status();
  }

  ASSERT_TRUE(WaitUntil(
      [&]() -> StatusOr<bool> {
        auto read = client().GetJob(*id, JobQueryMode::kAliveOnly);
        if (read.ok()) return false;
        if (read.status().code() == StatusCode::kNotFound) return true;
        return read.status();
      },
      "the deleted job to be gone from the live jobs"));
  auto listed = client().ListJobs(Tagged(tag(), JobQueryMode::kAliveOnly));
  ASSERT_TRUE(listed.ok()) << listed.status();
  EXPECT_THAT(IdsOf(*listed), Not(Contains(*id)));
}

TEST_F(LifecycleTest, AFinishedJobIsArchivedAfterItsTtl) {
  Job job = ShellJob("archive", scripts::Echo({"archive me"}));
  // Long enough that the job is surely not archived yet when the test sees it finished (1.2 s
  // of real time on a fake at 50x), short enough to wait for on a workspace.
  job.spec->ttl_seconds_after_finished = 60;
  auto created = CreateJob(job);
  ASSERT_TRUE(created.ok()) << created.status();
  std::string const id = *created->metadata.id;

  ASSERT_TRUE(WaitForState(id, {JobState::kCompleted, JobState::kFailed}));
  // Archiving comes ttl_seconds_after_finished after the job ends; until then it is alive.
  auto archived_early = client().GetJob(id, JobQueryMode::kArchiveOnly);
  EXPECT_EQ(archived_early.status().code(), StatusCode::kNotFound)
      << "archived before its ttl: " << archived_early.status();

  ASSERT_TRUE(WaitUntil(
      [&]() -> StatusOr<bool> {
        auto read = client().GetJob(id, JobQueryMode::kArchiveOnly);
        if (read.ok()) return true;
        if (read.status().code() == StatusCode::kNotFound) return false;
        return read.status();
      },
      "the finished job to be archived"));
  auto archived = client().GetJob(id, JobQueryMode::kArchiveOnly);
  ASSERT_TRUE(archived.ok()) << archived.status();
  EXPECT_EQ(archived->metadata.id, std::optional<std::string>(id));
  ASSERT_TRUE(archived->status.has_value());
  EXPECT_TRUE(IsFinal(archived->status->state.value_or(JobState::kUnknown)))
      << JobStateName(archived->status->state.value_or(JobState::kUnknown));

  auto alive = client().GetJob(id, JobQueryMode::kAliveOnly);
  EXPECT_EQ(alive.status().code(), StatusCode::kNotFound) << alive.status();
  auto alive_list = client().ListJobs(Tagged(tag(), JobQueryMode::kAliveOnly));
  ASSERT_TRUE(alive_list.ok()) << alive_list.status();
  EXPECT_THAT(IdsOf(*alive_list), Not(Contains(id)));
  auto archive_list = client().ListJobs(Tagged(tag(), JobQueryMode::kArchiveOnly));
  ASSERT_TRUE(archive_list.ok()) << archive_list.status();
  EXPECT_THAT(IdsOf(*archive_list), Contains(id));
}

TEST_F(LifecycleTest, AFinishedJobHasEvents) {
  auto id = CreateShellJob("events", scripts::Echo({"an event or two"}));
  ASSERT_TRUE(id.ok()) << id.status();
  ASSERT_TRUE(WaitForState(*id, {JobState::kCompleted, JobState::kFailed}));

  auto events = client().ListEvents(*id);
  ASSERT_TRUE(events.ok()) << events.status();
  ASSERT_FALSE(events->empty()) << "a job that ran has events";
  for (auto const& event : *events) {
    EXPECT_TRUE(event.reason.has_value() && !event.reason->empty()) << "an event without reason";
    EXPECT_TRUE(event.type.has_value()) << "event " << event.reason.value_or("?") << " has no type";
  }
}

TEST_F(LifecycleTest, ATwoReplicaJobCompletesOnlyWhenBothReplicasDid) {
  // Worker 0 exits at once; worker 1 sleeps "10" + "10" seconds first.
  std::string const script =
      "sleep ${LEPTON_JOB_WORKER_INDEX}0 ${LEPTON_JOB_WORKER_INDEX}0; echo done";
  auto id = CreateShellJob("two", script, /*replicas=*/2);
  ASSERT_TRUE(id.ok()) << id.status();

  std::optional<JobStatus> seen;
  ASSERT_TRUE(WaitUntil(
      [&]() -> StatusOr<bool> {
        auto read = client().GetJob(*id);
        if (!read) return std::move(read).status();
        if (!read->status) return false;
        seen = read->status;
        return seen->succeeded.value_or(0) >= 1 ||
               IsFinal(seen->state.value_or(JobState::kUnknown));
      },
      "one replica of the job to succeed"));
  ASSERT_TRUE(seen.has_value());
  EXPECT_THAT(seen->succeeded, Optional(1));
  EXPECT_THAT(seen->state, Optional(JobState::kRunning))
      << "one of two replicas done does not finish the job";

  ASSERT_TRUE(WaitForState(*id, {JobState::kCompleted, JobState::kFailed}));
  auto done = client().GetJob(*id);
  ASSERT_TRUE(done.ok()) << done.status();
  ASSERT_TRUE(done->status.has_value());
  EXPECT_THAT(done->status->state, Optional(JobState::kCompleted));
  EXPECT_THAT(done->status->succeeded, Optional(2));
}

}  // namespace
}  // namespace lepton::contract
