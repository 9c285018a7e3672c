// A downstream unit test with leptonkit's mock connection: the launcher's error handling,
// checked without a server.

#include <lepton/client.h>
#include <lepton/mocks/mock_connection.h>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "launcher.h"

namespace {

using ::testing::_;
using ::testing::Return;

using downstream::StateOf;

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
