// The state table through Describe, with the public mock connection: every Lepton state a
// server can answer becomes the AppState of lepton/sched/app_state.h.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <future>
#include <memory>
#include <string>
#include <vector>
#include <tuple>

#include "state_table.h"

#include "lepton/mocks/mock_connection.h"
#include "lepton/sched/lepton_scheduler.h"

namespace lepton::sched {
namespace {

using ::testing::_;
using ::testing::Return;

class DescribeMockTest : public ::testing::TestWithParam<std::tuple<JobState, AppState>> {
 protected:
  std::shared_ptr<mocks::MockConnection> mock_ = std::make_shared<mocks::MockConnection>();
  std::shared_ptr<ManualClock> clock_ = std::make_shared<ManualClock>();
};

TEST_P(DescribeMockTest, MapsTheStateTheServerAnswers) {
  auto const [lepton, expected] = GetParam();
  Job job;
  job.metadata.id = "train-1";
  job.metadata.created_at = ToEpochMillis(clock_->Now());
  job.status.emplace().state = lepton;
  EXPECT_CALL(*mock_, GetJob("train-1", JobQueryMode::kAliveAndArchive)).WillOnce(Return(job));
  // Alive replicas always (read alongside the job); an archived job's once more with archived ones.
  EXPECT_CALL(*mock_, ListReplicas("train-1", _)).WillRepeatedly(Return(std::vector<Replica>{}));
  SchedulerOptions options;
  options.clock = clock_;
  LeptonScheduler scheduler(Client(mock_), options);
  auto described = scheduler.Describe("lepton://s/train-1");
  ASSERT_TRUE(described.ok()) << described.status();
  ASSERT_TRUE(described->has_value());
  EXPECT_EQ((*described)->state, expected) << JobStateName(lepton);
}

INSTANTIATE_TEST_SUITE_P(
    EveryLeptonState, DescribeMockTest,
    ::testing::ValuesIn(StateTable()));

// The job and its replicas are read at once: the job's answer is held back until the replicas
// were asked for, which only works when both requests are in flight together (bounded wait, so
// a describe that asks one after the other fails instead of hanging).
TEST(DescribeMockOverlapTest, ReadsTheReplicasWhileItReadsTheJob) {
  auto mock = std::make_shared<mocks::MockConnection>();
  std::promise<void> replicas_asked;
  auto asked = replicas_asked.get_future();
  Job job;
  job.metadata.id = "train-1";
  job.status.emplace().state = JobState::kRunning;
  EXPECT_CALL(*mock, ListReplicas("train-1", JobQueryMode::kAliveOnly)).WillOnce([&] {
    replicas_asked.set_value();
    return StatusOr<std::vector<Replica>>(std::vector<Replica>{});
  });
  EXPECT_CALL(*mock, GetJob("train-1", _)).WillOnce([&] {
    bool const overlapped = asked.wait_for(std::chrono::seconds(10)) == std::future_status::ready;
    EXPECT_TRUE(overlapped) << "the replicas were not asked for while the job was being read";
    return StatusOr<Job>(job);
  });
  LeptonScheduler scheduler{Client(mock)};
  auto described = scheduler.Describe("train-1");
  ASSERT_TRUE(described.ok()) << described.status();
  EXPECT_TRUE(described->has_value());
}

TEST(DescribeMockOverlapTest, AnArchivedJobsReplicasAreReadAgainWithTheArchivedOnes) {
  auto mock = std::make_shared<mocks::MockConnection>();
  Job job;
  job.metadata.id = "train-1";
  job.status.emplace().state = JobState::kArchived;
  Replica archived;
  archived.id = "train-1-0-abcde";
  EXPECT_CALL(*mock, GetJob("train-1", _)).WillOnce(Return(job));
  EXPECT_CALL(*mock, ListReplicas("train-1", JobQueryMode::kAliveOnly))
      .WillOnce(Return(std::vector<Replica>{}));
  EXPECT_CALL(*mock, ListReplicas("train-1", JobQueryMode::kAliveAndArchive))
      .WillOnce(Return(std::vector<Replica>{archived}));
  LeptonScheduler scheduler{Client(mock)};
  auto described = scheduler.Describe("train-1");
  ASSERT_TRUE(described.ok()) << described.status();
  ASSERT_TRUE(described->has_value());
  ASSERT_EQ((*described)->roles_statuses.size(), 1u);
  EXPECT_EQ((*described)->roles_statuses[0].replicas.size(), 1u);
}

TEST(DescribeMockErrorsTest, AServerErrorIsAnErrorNotNothing) {
  auto mock = std::make_shared<mocks::MockConnection>();
  EXPECT_CALL(*mock, GetJob("train-1", _))
      .WillOnce(Return(Status(StatusCode::kPermissionDenied, "GET /jobs/train-1: HTTP 403")));
  EXPECT_CALL(*mock, ListReplicas("train-1", _))
      .WillOnce(Return(Status(StatusCode::kPermissionDenied, "GET /jobs/train-1/replicas: HTTP 403")));
  LeptonScheduler scheduler{Client(mock)};
  EXPECT_EQ(scheduler.Describe("train-1").status().code(), StatusCode::kPermissionDenied);
}

TEST(DescribeMockErrorsTest, NotFoundIsNothing) {
  auto mock = std::make_shared<mocks::MockConnection>();
  EXPECT_CALL(*mock, GetJob("train-1", _))
      .WillOnce(Return(Status(StatusCode::kNotFound, "GET /jobs/train-1: HTTP 404")));
  EXPECT_CALL(*mock, ListReplicas("train-1", _))
      .WillOnce(Return(Status(StatusCode::kNotFound, "GET /jobs/train-1/replicas: HTTP 404")));
  LeptonScheduler scheduler{Client(mock)};
  auto described = scheduler.Describe("train-1");
  ASSERT_TRUE(described.ok());
  EXPECT_FALSE(described->has_value());
}

// The polling policy of Wait: first after poll_initial, then doubling up to poll_max.
TEST(WaitMockTest, PollsWithAGrowingIntervalUntilTerminal) {
  auto mock = std::make_shared<mocks::MockConnection>();
  auto status_in = [](JobState state) {
    Job job;
    job.metadata.id = "train-1";
    job.status.emplace().state = state;
    return StatusOr<Job>(job);
  };
  EXPECT_CALL(*mock, GetJob("train-1", _))
      .WillOnce(Return(status_in(JobState::kQueueing)))
      .WillOnce(Return(status_in(JobState::kRunning)))
      .WillOnce(Return(status_in(JobState::kRunning)))
      .WillOnce(Return(status_in(JobState::kRunning)))
      .WillOnce(Return(status_in(JobState::kCompleted)));
  EXPECT_CALL(*mock, ListReplicas("train-1", _))
      .WillRepeatedly(Return(std::vector<Replica>{}));
  std::vector<Duration> waits;
  SchedulerOptions options;
  options.clock = std::make_shared<ManualClock>();
  options.poll_initial = std::chrono::seconds(1);
  options.poll_max = std::chrono::seconds(3);
  options.sleeper = [&](Duration d) { waits.push_back(d); };
  LeptonScheduler scheduler(Client(mock), options);
  auto state = scheduler.Wait("train-1");
  ASSERT_TRUE(state.ok()) << state.status();
  EXPECT_EQ(*state, AppState::kSucceeded);
  EXPECT_EQ(waits, (std::vector<Duration>{std::chrono::seconds(1), std::chrono::seconds(2),
                                          std::chrono::seconds(3), std::chrono::seconds(3)}));
}

// LogLines reads the historical API page after page; a page starts at the previous page's last
// timestamp (inclusive), so the lines it repeats there are skipped, none lost, none doubled.
// The mock answers like the server: the first `limit` lines at or after `start`.
TEST(LogLinesMockTest, PagesPastTheServersTenThousandLinesWithoutLossOrDoubles) {
  auto mock = std::make_shared<mocks::MockConnection>();
  Replica replica;
  replica.id = "train-1-0-abcde";
  EXPECT_CALL(*mock, ListReplicas("train-1", JobQueryMode::kAliveOnly))
      .WillOnce(Return(std::vector<Replica>{replica}));
  TimePoint const t0 = ManualClock::DefaultStart();
  std::vector<LogLine> written;
  for (int i = 0; i < 25'000; ++i) {
    // Three lines per millisecond, so page boundaries fall inside groups of equal timestamps.
    written.push_back({t0 + std::chrono::milliseconds(i / 3), *replica.id, std::to_string(i)});
  }
  EXPECT_CALL(*mock, QueryLogs(_)).WillRepeatedly([&](LogQuery const& query) {
    std::vector<LogLine> page;
    for (auto const& line : written) {
      if (query.start && line.at < *query.start) continue;
      if (page.size() == query.limit) break;
      page.push_back(line);
    }
    return StatusOr<std::vector<LogLine>>(page);
  });
  LeptonScheduler scheduler{Client(mock)};
  auto lines = scheduler.LogLines("train-1", 0);
  ASSERT_TRUE(lines.ok()) << lines.status();
  ASSERT_EQ(lines->size(), written.size());
  for (std::size_t i = 0; i < written.size(); ++i) {
    ASSERT_EQ((*lines)[i], written[i].text + "\n") << "line " << i;
  }
}

}  // namespace
}  // namespace lepton::sched
