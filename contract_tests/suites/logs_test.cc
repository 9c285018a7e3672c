// Replicas and logs: listing replicas, reading and following a replica's log, historical queries.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "lepton/client.h"
#include "lepton/clock.h"
#include "lepton/contract/contract_test.h"
#include "lepton/job_state.h"
#include "lepton/log_query.h"
#include "log_lines.h"
#include "suite_anchor.h"

LEPTON_CONTRACT_SUITE(logs)

namespace lepton::contract {
namespace {

using ::testing::ElementsAre;
using ::testing::Optional;
using ::testing::SizeIs;
using ::testing::StartsWith;

using ReplicaLogsTest = ContractTest;

std::vector<std::string> TextsOf(std::vector<LogLine> const& lines) {
  std::vector<std::string> texts;
  for (auto const& line : lines) texts.push_back(line.text);
  return texts;
}

TEST_F(ReplicaLogsTest, ListReplicasOfATwoReplicaJobListsBoth) {
  auto id = CreateShellJob("replicas", scripts::Echo({"hi"}), /*replicas=*/2);
  ASSERT_TRUE(id.ok()) << id.status();
  ASSERT_TRUE(WaitForState(*id, {JobState::kCompleted, JobState::kFailed}));

  auto replicas = client().ListReplicas(*id);
  ASSERT_TRUE(replicas.ok()) << replicas.status();
  ASSERT_THAT(*replicas, SizeIs(2));
  std::set<std::string> ids;
  for (auto const& replica : *replicas) {
    ASSERT_TRUE(replica.id.has_value()) << "Lepton sends the top-level id the SDK needs";
    EXPECT_THAT(replica.metadata.id, Optional(*replica.id));
    // `<job-id>-<index>-<suffix>`: what NeMo-Run relies on to find worker 0.
    EXPECT_THAT(*replica.id, StartsWith(*id + "-"));
    ids.insert(*replica.id);
  }
  EXPECT_THAT(ids, SizeIs(2)) << "each replica has its own id";
}

TEST_F(ReplicaLogsTest, ReadReplicaLogOfAFinishedJobHasExactlyItsLines) {
  auto id = CreateShellJob("read", scripts::Echo({"alpha", "beta", "gamma"}));
  ASSERT_TRUE(id.ok()) << id.status();
  ASSERT_TRUE(WaitForState(*id, {JobState::kCompleted, JobState::kFailed}));
  auto replicas = client().ListReplicas(*id);
  ASSERT_TRUE(replicas.ok()) << replicas.status();
  ASSERT_THAT(*replicas, SizeIs(1));

  auto log = client().ReadReplicaLog(*id, replicas->front().id.value_or(""));
  ASSERT_TRUE(log.ok()) << log.status();
  EXPECT_THAT(LinesOf(*log), ElementsAre("alpha", "beta", "gamma"));
}

TEST_F(ReplicaLogsTest, FollowReplicaLogDeliversLinesAsWrittenAndEndsWithTheReplica) {
  auto id = CreateShellJob("follow", "echo first; sleep 30; echo second");
  ASSERT_TRUE(id.ok()) << id.status();
  std::string replica;
  ASSERT_TRUE(WaitUntil(
      [&]() -> StatusOr<bool> {
        auto state = StateOf(*id);
        if (!state) return std::move(state).status();
        if (*state != JobState::kRunning) return IsFinal(*state);
        auto replicas = client().ListReplicas(*id);
        if (!replicas) return std::move(replicas).status();
        if (replicas->empty() || !replicas->front().id) return false;
        replica = *replicas->front().id;
        return true;
      },
      "the job to run"));
  ASSERT_FALSE(replica.empty()) << "the job ended before it was seen running";

  std::vector<std::string> received;
  std::optional<JobState> state_at_first;
  Status const followed = client().FollowReplicaLog(*id, replica, [&](std::string_view line) {
    received.emplace_back(line);
    if (received.size() == 1) {
      if (auto state = StateOf(*id); state.ok()) state_at_first = *state;
      // The replica sleeps 30 s before its next line: let that time pass where time is ours
      // to move (the stream notices); elsewhere the stream waits it out.
      if (backend().Has(Capability::kControlsTime)) LetTimePass(std::chrono::seconds(31));
    }
    return true;
  });
  ASSERT_TRUE(followed.ok()) << followed;
  EXPECT_THAT(received, ElementsAre("first", "second"));
  ASSERT_TRUE(state_at_first.has_value()) << "the job could not be read at the first line";
  EXPECT_FALSE(IsFinal(*state_at_first))
      << "the first line came only after the job ended (" << JobStateName(*state_at_first)
      << "): not followed live";
  // The stream ended because the replica did: the job finishes.
  EXPECT_TRUE(WaitForState(*id, {JobState::kCompleted}));
}

TEST_F(ReplicaLogsTest, EachReplicaLogsItsOwnWorkerIndex) {
  auto id = CreateShellJob("workers", scripts::PrintWorker(), /*replicas=*/2);
  ASSERT_TRUE(id.ok()) << id.status();
  ASSERT_TRUE(WaitForState(*id, {JobState::kCompleted, JobState::kFailed}));
  auto replicas = client().ListReplicas(*id);
  ASSERT_TRUE(replicas.ok()) << replicas.status();
  ASSERT_THAT(*replicas, SizeIs(2));

  std::set<std::string> logged;
  for (auto const& replica : *replicas) {
    std::string const replica_id = replica.id.value_or("");
    auto log = client().ReadReplicaLog(*id, replica_id);
    ASSERT_TRUE(log.ok()) << log.status();
    auto const lines = LinesOf(*log);
    ASSERT_THAT(lines, SizeIs(1)) << "replica " << replica_id << " logged: " << *log;
    logged.insert(lines.front());
    // The replica id carries the worker index: `<job-id>-<index>-<suffix>`.
    for (int index : {0, 1}) {
      if (replica_id.starts_with(*id + "-" + std::to_string(index) + "-")) {
        EXPECT_EQ(lines.front(), "worker " + std::to_string(index) + " of 2")
            << "replica " << replica_id;
      }
    }
  }
  EXPECT_THAT(logged, ElementsAre("worker 0 of 2", "worker 1 of 2"));
}

TEST_F(ReplicaLogsTest, QueryLogsReturnsTheLinesOfAFinishedJob) {
  auto id = CreateShellJob("query", scripts::Echo({"alpha", "beta", "gamma"}));
  ASSERT_TRUE(id.ok()) << id.status();
  ASSERT_TRUE(WaitForState(*id, {JobState::kCompleted, JobState::kFailed}));

  LogQuery query;
  query.job_id = *id;
  query.backward = false;
  std::vector<LogLine> lines;
  // Historical logs may reach the log store a little after the replica wrote them.
  ASSERT_TRUE(WaitUntil(
      [&]() -> StatusOr<bool> {
        auto answer = client().QueryLogs(query);
        if (!answer) return std::move(answer).status();
        lines = *std::move(answer);
        return lines.size() >= 3;
      },
      "the job's three lines in the historical logs"));
  EXPECT_THAT(TextsOf(lines), ElementsAre("alpha", "beta", "gamma"));
}

TEST_F(ReplicaLogsTest, QueryLogsWithContainsReturnsOnlyMatchingLines) {
  auto id = CreateShellJob("contains",
                           scripts::Echo({"keep: one", "drop: two", "keep: three", "drop: four"}));
  ASSERT_TRUE(id.ok()) << id.status();
  ASSERT_TRUE(WaitForState(*id, {JobState::kCompleted, JobState::kFailed}));

  LogQuery all;
  all.job_id = *id;
  ASSERT_TRUE(WaitUntil(
      [&]() -> StatusOr<bool> {
        auto answer = client().QueryLogs(all);
        if (!answer) return std::move(answer).status();
        return answer->size() >= 4;
      },
      "the job's four lines in the historical logs"));

  LogQuery filtered = all;
  filtered.contains = "keep";
  filtered.backward = false;
  auto answer = client().QueryLogs(filtered);
  ASSERT_TRUE(answer.ok()) << answer.status();
  EXPECT_THAT(TextsOf(*answer), ElementsAre("keep: one", "keep: three"));
}

// `lep log get -j JOB` (leptonai/cli/log.py) pages backwards: start stays, each request asks
// for the lines still wanted (at most 10,000) before `end`, and the next `end` is the oldest line
// time received, until a page comes back empty. That terminates and loses nothing only if `end`
// is exclusive (Loki's query_range) and lines do not share times. Small pages here, so that the
// two replicas' lines take several of them.
TEST_F(ReplicaLogsTest, PagingBackwardsAsLepLogGetSeesEveryLineOnce) {
  std::vector<std::string> const texts = {"p1", "p2", "p3", "p4", "p5", "p6", "p7"};
  auto id = CreateShellJob("pages", scripts::Echo(texts), /*replicas=*/2);
  ASSERT_TRUE(id.ok()) << id.status();
  ASSERT_TRUE(WaitForState(*id, {JobState::kCompleted, JobState::kFailed}));
  auto job = client().GetJob(*id);
  ASSERT_TRUE(job.ok()) << job.status();
  ASSERT_TRUE(job->metadata.created_at && job->status && job->status->completion_time);

  LogQuery query;
  query.job_id = *id;
  query.start = FromEpochMillis(*job->metadata.created_at) - std::chrono::minutes(1);
  TimePoint const end = FromEpochMillis(*job->status->completion_time) + std::chrono::minutes(1);
  ASSERT_TRUE(WaitUntil(
      [&]() -> StatusOr<bool> {
        auto answer = client().QueryLogs(query);
        if (!answer) return std::move(answer).status();
        return answer->size() >= 2 * texts.size();
      },
      "both replicas' lines in the historical logs"));

  std::multiset<std::string> seen;
  query.end = end;
  query.backward = true;
  std::size_t wanted = 1000;
  int requests = 0;
  for (; wanted > 0 && requests < 100; ++requests) {
    query.limit = std::min<std::size_t>(wanted, 3);
    auto page = client().QueryLogs(query);
    ASSERT_TRUE(page.ok()) << page.status();
    if (page->empty()) break;
    TimePoint oldest = page->front().at;
    for (auto const& line : *page) {
      seen.insert(line.text);
      oldest = std::min(oldest, line.at);
    }
    wanted -= page->size();
    query.end = oldest;
  }
  ASSERT_LT(requests, 100) << "the same page came back again and again";
  std::multiset<std::string> expected(texts.begin(), texts.end());
  expected.insert(texts.begin(), texts.end());
  EXPECT_EQ(seen, expected);
}

TEST_F(ReplicaLogsTest, EveryLineIsReadableUpToTheJobsCompletionTime) {
  auto id = CreateShellJob("upto", scripts::Echo({"first", "last"}));
  ASSERT_TRUE(id.ok()) << id.status();
  ASSERT_TRUE(WaitForState(*id, {JobState::kCompleted, JobState::kFailed}));
  auto job = client().GetJob(*id);
  ASSERT_TRUE(job.ok()) << job.status();
  ASSERT_TRUE(job->metadata.created_at && job->status && job->status->completion_time);

  LogQuery query;
  query.job_id = *id;
  query.backward = false;
  query.start = FromEpochMillis(*job->metadata.created_at) - std::chrono::minutes(1);
  ASSERT_TRUE(WaitUntil(
      [&]() -> StatusOr<bool> {
        auto answer = client().QueryLogs(query);
        if (!answer) return std::move(answer).status();
        return answer->size() >= 2;
      },
      "the job's two lines in the historical logs"));
  // `end` is exclusive: a line stamped at or after the completion time would be missing.
  query.end = FromEpochMillis(*job->status->completion_time);
  auto answer = client().QueryLogs(query);
  ASSERT_TRUE(answer.ok()) << answer.status();
  EXPECT_THAT(TextsOf(*answer), ElementsAre("first", "last"));
}

TEST_F(ReplicaLogsTest, AFailingJobsLogHoldsItsMessage) {
  auto id = CreateShellJob("faillog", scripts::Fail(7));
  ASSERT_TRUE(id.ok()) << id.status();
  ASSERT_TRUE(WaitForState(*id, {JobState::kCompleted, JobState::kFailed}));
  auto replicas = client().ListReplicas(*id);
  ASSERT_TRUE(replicas.ok()) << replicas.status();
  ASSERT_THAT(*replicas, SizeIs(1));

  auto log = client().ReadReplicaLog(*id, replicas->front().id.value_or(""));
  ASSERT_TRUE(log.ok()) << log.status();
  EXPECT_THAT(LinesOf(*log), ElementsAre("failing with 7"));
}

TEST_F(ReplicaLogsTest, TheLogOfAnUnknownReplicaIsNotFound) {
  auto id = CreateShellJob("noreplica", scripts::Echo({"hi"}));
  ASSERT_TRUE(id.ok()) << id.status();
  ASSERT_TRUE(WaitForState(*id, {JobState::kCompleted, JobState::kFailed}));

  auto log = client().ReadReplicaLog(*id, *id + "-9-nosuch");
  EXPECT_EQ(log.status().code(), StatusCode::kNotFound) << log.status();
}

}  // namespace
}  // namespace lepton::contract
