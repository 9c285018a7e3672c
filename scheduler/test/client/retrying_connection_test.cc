// The retry, backoff and idempotency policies of the client, unit-tested with the mock
// connection underneath (no server): which calls repeat, which do not, and what they wait.

#include "client/retrying_connection.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <memory>
#include <vector>

#include "lepton/mocks/mock_connection.h"

namespace lepton::internal {
namespace {

using ::testing::_;
using ::testing::Return;
using std::chrono::seconds;

Status Unavailable() { return Status(StatusCode::kUnavailable, "HTTP 503"); }

Status Throttled(int retry_after) {
  ErrorInfo info;
  info.http_status = 429;
  info.retry_after_seconds = retry_after;
  return Status(StatusCode::kResourceExhausted, "HTTP 429", info);
}

class RetryingConnectionTest : public ::testing::Test {
 protected:
  RetryingConnection Make(int max_failures = 5) {
    return RetryingConnection(
        mock_, std::make_shared<LimitedErrorCountRetryPolicy>(max_failures),
        std::make_shared<ExponentialBackoffPolicy>(seconds(1), seconds(8)),
        [this](Duration d) { waits_.push_back(d); });
  }

  static Job Named(std::string const& id) {
    Job job;
    job.metadata.id = id;
    return job;
  }

  std::shared_ptr<mocks::MockConnection> mock_ = std::make_shared<mocks::MockConnection>();
  std::vector<Duration> waits_;
};

TEST_F(RetryingConnectionTest, RepeatsAReadAfterA503) {
  EXPECT_CALL(*mock_, GetJob("a", _)).WillOnce(Return(Unavailable())).WillOnce(Return(Named("a")));
  auto connection = Make();
  EXPECT_TRUE(connection.GetJob("a", JobQueryMode::kAliveOnly).ok());
  EXPECT_EQ(waits_.size(), 1u);
}

TEST_F(RetryingConnectionTest, NeverRepeatsAPermanentError) {
  EXPECT_CALL(*mock_, GetJob("a", _))
      .WillOnce(Return(Status(StatusCode::kInvalidArgument, "HTTP 400")));
  auto connection = Make();
  EXPECT_EQ(connection.GetJob("a", JobQueryMode::kAliveOnly).status().code(),
            StatusCode::kInvalidArgument);
  EXPECT_TRUE(waits_.empty());
}

TEST_F(RetryingConnectionTest, WaitsAtLeastRetryAfter) {
  EXPECT_CALL(*mock_, ListEvents("a"))
      .WillOnce(Return(Throttled(7)))
      .WillOnce(Return(std::vector<Event>{}));
  auto connection = Make();
  EXPECT_TRUE(connection.ListEvents("a").ok());
  ASSERT_EQ(waits_.size(), 1u);
  EXPECT_GE(waits_[0], seconds(7));
}

TEST_F(RetryingConnectionTest, StopsAfterThePolicysFailures) {
  EXPECT_CALL(*mock_, ListEvents("a")).Times(3).WillRepeatedly(Return(Unavailable()));
  auto connection = Make(2);
  EXPECT_EQ(connection.ListEvents("a").status().code(), StatusCode::kUnavailable);
}

TEST_F(RetryingConnectionTest, ACreateThatMayHaveHappenedIsLookedUpNotRepeated) {
  EXPECT_CALL(*mock_, CreateJob(_)).WillOnce(Return(Unavailable()));
  JobList found;
  found.jobs.push_back(Named("train-x1"));
  EXPECT_CALL(*mock_, ListJobsPage(_, 1)).WillOnce(Return(found));
  auto connection = Make();
  auto created = connection.CreateJob(Named("train"));
  ASSERT_TRUE(created.ok()) << created.status();
  EXPECT_EQ(created->metadata.id, "train-x1");
}

TEST_F(RetryingConnectionTest, ACreateLookUpSearchesByTheTokenItSent) {
  std::string sent_token;
  EXPECT_CALL(*mock_, CreateJob(_)).WillOnce([&](Job const& job) -> StatusOr<Job> {
    sent_token = job.metadata.labels->at(kCreateTokenLabel);
    return Unavailable();
  });
  EXPECT_CALL(*mock_, ListJobsPage(_, 1)).WillOnce([&](ListJobsRequest const& request, int) {
    EXPECT_EQ(request.label_selector, std::string(kCreateTokenLabel) + "=" + sent_token);
    JobList found;
    found.jobs.push_back(Named("train-x1"));
    return StatusOr<JobList>(found);
  });
  auto connection = Make();
  EXPECT_TRUE(connection.CreateJob(Named("train")).ok());
  EXPECT_FALSE(sent_token.empty());
}

TEST_F(RetryingConnectionTest, ACreateRefusedWith429IsSentAgainWithoutALookUp) {
  EXPECT_CALL(*mock_, CreateJob(_)).WillOnce(Return(Throttled(1))).WillOnce(Return(Named("j")));
  EXPECT_CALL(*mock_, ListJobsPage(_, _)).Times(0);
  auto connection = Make();
  EXPECT_TRUE(connection.CreateJob(Named("train")).ok());
}

TEST_F(RetryingConnectionTest, ACreateNotFoundByTheLookUpIsSentAgainWithTheSameToken) {
  std::vector<std::string> tokens;
  EXPECT_CALL(*mock_, CreateJob(_))
      .Times(2)
      .WillRepeatedly([&](Job const& job) -> StatusOr<Job> {
        tokens.push_back(job.metadata.labels->at(kCreateTokenLabel));
        if (tokens.size() == 1) return Unavailable();
        return Named("j");
      });
  EXPECT_CALL(*mock_, ListJobsPage(_, 1)).WillOnce(Return(JobList{}));
  auto connection = Make();
  EXPECT_TRUE(connection.CreateJob(Named("train")).ok());
  ASSERT_EQ(tokens.size(), 2u);
  EXPECT_EQ(tokens[0], tokens[1]);
}

TEST_F(RetryingConnectionTest, ADeleteAnswering404AfterALostAnswerSucceeded) {
  EXPECT_CALL(*mock_, DeleteJob("a", _))
      .WillOnce(Return(Unavailable()))
      .WillOnce(Return(Status(StatusCode::kNotFound, "HTTP 404")));
  auto connection = Make();
  EXPECT_TRUE(connection.DeleteJob("a", JobQueryMode::kAliveOnly).ok());
}

TEST_F(RetryingConnectionTest, ADeleteOfAJobThatNeverExistedIsNotFound) {
  EXPECT_CALL(*mock_, DeleteJob("a", _)).WillOnce(Return(Status(StatusCode::kNotFound, "HTTP 404")));
  auto connection = Make();
  EXPECT_EQ(connection.DeleteJob("a", JobQueryMode::kAliveOnly).code(), StatusCode::kNotFound);
}

}  // namespace
}  // namespace lepton::internal
