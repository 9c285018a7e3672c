// Unit tests of Client logic with the public mock connection (leptonkit::mocks): no server.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "lepton/client.h"
#include "lepton/mocks/mock_connection.h"

namespace lepton {
namespace {

using ::testing::_;
using ::testing::Field;
using ::testing::Optional;
using ::testing::Return;
using ::testing::SizeIs;

JobList PageOf(int jobs) {
  JobList list;
  for (int i = 0; i < jobs; ++i) {
    Job job;
    job.metadata.id = "job-" + std::to_string(i);
    list.jobs.push_back(job);
  }
  return list;
}

TEST(MockConnectionTest, ListJobsReadsPagesUntilAnEmptyOne) {
  auto mock = std::make_shared<mocks::MockConnection>();
  EXPECT_CALL(*mock, ListJobsPage(_, 1)).WillOnce(Return(PageOf(2)));
  EXPECT_CALL(*mock, ListJobsPage(_, 2)).WillOnce(Return(PageOf(1)));
  EXPECT_CALL(*mock, ListJobsPage(_, 3)).WillOnce(Return(PageOf(0)));
  Client client(mock);
  auto jobs = client.ListJobs();
  ASSERT_TRUE(jobs.ok()) << jobs.status();
  EXPECT_THAT(*jobs, SizeIs(3));
}

TEST(MockConnectionTest, ListJobsStopsAtTheFirstFailedPage) {
  auto mock = std::make_shared<mocks::MockConnection>();
  EXPECT_CALL(*mock, ListJobsPage(_, 1)).WillOnce(Return(PageOf(2)));
  EXPECT_CALL(*mock, ListJobsPage(_, 2))
      .WillOnce(Return(Status(StatusCode::kUnavailable, "GET /jobs: HTTP 503")));
  Client client(mock);
  EXPECT_EQ(client.ListJobs().status().code(), StatusCode::kUnavailable);
}

TEST(MockConnectionTest, StopJobPatchesStoppedTrue) {
  auto mock = std::make_shared<mocks::MockConnection>();
  EXPECT_CALL(*mock, UpdateJob("train-1", Field(&Job::spec, Optional(Field(&JobSpec::stopped,
                                                                            Optional(true))))))
      .WillOnce(Return(Status()));
  Client client(mock);
  EXPECT_TRUE(client.StopJob("train-1").ok());
}

}  // namespace
}  // namespace lepton
