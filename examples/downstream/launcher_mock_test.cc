// A downstream unit test with leptonkit's mock connection: the launcher's error handling,
// checked without a server.

#include <lepton/client.h>
#include <lepton/mocks/mock_connection.h>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <memory>
#include <string>

namespace {

using ::testing::_;
using ::testing::Return;

// The launcher under test: the state of a job, or "unknown" when it cannot be read.
std::string StateOf(lepton::Client& client, std::string const& id) {
  auto job = client.GetJob(id);
  if (!job || !job->status || !job->status->state) return "unknown";
  return std::string(lepton::JobStateName(*job->status->state));
}

TEST(LauncherMockTest, AnUnreadableJobIsUnknown) {
  auto mock = std::make_shared<lepton::mocks::MockConnection>();
  EXPECT_CALL(*mock, GetJob("train-1", _))
      .WillOnce(Return(lepton::Status(lepton::StatusCode::kUnavailable, "HTTP 503")));
  lepton::Client client(mock);
  EXPECT_EQ(StateOf(client, "train-1"), "unknown");
}

TEST(LauncherMockTest, ARunningJobIsRunning) {
  lepton::Job job;
  job.status.emplace().state = lepton::JobState::kRunning;
  auto mock = std::make_shared<lepton::mocks::MockConnection>();
  EXPECT_CALL(*mock, GetJob("train-1", _)).WillOnce(Return(job));
  lepton::Client client(mock);
  EXPECT_EQ(StateOf(client, "train-1"), "Running");
}

}  // namespace
