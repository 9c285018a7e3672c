// Following a replica's log line by line (Client::FollowReplicaLog) against the fake.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <vector>

#include "client_fixture.h"
#include "lepton/fake/fault.h"

namespace lepton {
namespace {

using ::testing::ElementsAre;

class LogStreamTest : public ClientTest {
 protected:
  void SetUp() override {
    ClientTest::SetUp();
    ClientOptions options = fake_->client_options();
    options.sleeper = [this](Duration d) { clock_->Advance(d); };
    client_ = MakeClient(options);
  }

  // A finished job whose replica printed `script`'s lines; (job id, replica id).
  std::pair<std::string, std::string> FinishedReplica(std::string const& script) {
    std::string const id = Create("logs", script);
    clock_->Advance(std::chrono::seconds(10));
    auto replicas = client_->ListReplicas(id);
    EXPECT_TRUE(replicas.ok() && !replicas->empty());
    return {id, replicas.ok() && !replicas->empty() ? *(*replicas)[0].id : ""};
  }

  std::vector<std::string> received_;
  LogLineSink Collect() {
    return [this](std::string_view line) {
      received_.emplace_back(line);
      return true;
    };
  }

  void AddFault(fake::FaultKind kind, int after_lines, int status, int times) {
    fake::FaultRule rule;
    rule.kind = kind;
    rule.after_lines = after_lines;
    rule.status = status;
    rule.times = times;
    rule.match.path = "/jobs/[^/]+/replicas/[^/]+/log";
    ASSERT_TRUE(fake_->AddFault(rule).ok());
  }
};

TEST_F(LogStreamTest, DeliversEachLineWithoutItsNewline) {
  auto [job, replica] = FinishedReplica("echo a; echo b");
  EXPECT_TRUE(client_->FollowReplicaLog(job, replica, Collect()).ok());
  EXPECT_THAT(received_, ElementsAre("a", "b"));
}

TEST_F(LogStreamTest, ASinkReturningFalseStopsTheStream) {
  auto [job, replica] = FinishedReplica("echo a; echo b; echo c");
  Status const status = client_->FollowReplicaLog(job, replica, [&](std::string_view line) {
    received_.emplace_back(line);
    return false;
  });
  EXPECT_TRUE(status.ok()) << status;
  EXPECT_THAT(received_, ElementsAre("a"));
}

TEST_F(LogStreamTest, AnUnknownReplicaIsNotFound) {
  auto [job, replica] = FinishedReplica("echo a");
  EXPECT_EQ(client_->FollowReplicaLog(job, replica + "x", Collect()).code(), StatusCode::kNotFound);
  EXPECT_TRUE(received_.empty());
}

TEST_F(LogStreamTest, AFailureBeforeAnyLineIsRetried) {
  auto [job, replica] = FinishedReplica("echo a; echo b");
  AddFault(fake::FaultKind::kError, 0, 503, 1);
  EXPECT_TRUE(client_->FollowReplicaLog(job, replica, Collect()).ok());
  EXPECT_THAT(received_, ElementsAre("a", "b"));
}

TEST_F(LogStreamTest, AStreamBrokenAfterALineIsReportedNotRepeated) {
  auto [job, replica] = FinishedReplica("echo a; echo b");
  AddFault(fake::FaultKind::kLogBreak, 1, 503, 1);
  Status const status = client_->FollowReplicaLog(job, replica, Collect());
  EXPECT_FALSE(status.ok());
  EXPECT_THAT(received_, ElementsAre("a"));  // Delivered once; the caller resumes.
}

}  // namespace
}  // namespace lepton
