// Following a replica's log line by line (Client::FollowReplicaLog) against the fake.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <httplib.h>

#include <chrono>
#include <optional>
#include <thread>
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

// A plain server standing in for a gateway, to answer what the fake never does.
class GatewayLogTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server_.Get(R"(/api/v2/workspaces/ws/jobs/j/replicas/crlf/log)",
                [](httplib::Request const&, httplib::Response& res) {
                  res.set_content("one\r\ntwo\r\n", "text/plain");
                });
    server_.Get(R"(/api/v2/workspaces/ws/jobs/j/replicas/login/log)",
                [](httplib::Request const&, httplib::Response& res) {
                  res.status = 302;
                  res.set_header("Location", "https://login.example.com/");
                  res.set_content("<html>\nlogin\n</html>\n", "text/html");
                });
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    while (!server_.is_running()) std::this_thread::yield();
    ClientOptions options;
    options.workspace_url = "http://127.0.0.1:" + std::to_string(port_) + "/api/v2/workspaces/ws";
    client_.emplace(*MakeConnection(options));
  }
  void TearDown() override {
    client_.reset();
    server_.stop();
    thread_.join();
  }

  httplib::Server server_;
  int port_ = 0;
  std::thread thread_;
  std::optional<Client> client_;
  std::vector<std::string> received_;
};

TEST_F(GatewayLogTest, CrLfLineEndsAreRemoved) {
  EXPECT_TRUE(client_->FollowReplicaLog("j", "crlf", [&](std::string_view line) {
    received_.emplace_back(line);
    return true;
  }).ok());
  EXPECT_THAT(received_, ElementsAre("one", "two"));
}

TEST_F(GatewayLogTest, ARedirectIsAnErrorNotLogLines) {
  Status const status = client_->FollowReplicaLog("j", "login", [&](std::string_view line) {
    received_.emplace_back(line);
    return true;
  });
  EXPECT_FALSE(status.ok());
  EXPECT_EQ(status.error_info().http_status, 302);
  EXPECT_TRUE(received_.empty());
}

}  // namespace
}  // namespace lepton
