// The production client against the in-process fake over real HTTP on loopback.

#include "lepton/client.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <memory>
#include <thread>
#include <string>

#include <fmt/format.h>

#include "client_fixture.h"

namespace lepton {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::Optional;
using ::testing::SizeIs;


TEST_F(ClientTest, CreateJobReturnsServerGeneratedId) {
  auto created = client_->CreateJob(EchoJob("train"));
  ASSERT_TRUE(created.ok()) << created.status();
  EXPECT_THAT(created->metadata.id, Optional(::testing::StartsWith("train-")));
}

TEST_F(ClientTest, GetJobReadsWhatWasCreated) {
  std::string const id = Create("train");
  auto job = client_->GetJob(id);
  ASSERT_TRUE(job.ok()) << job.status();
  EXPECT_THAT(job->metadata.name, Optional(std::string("train")));
  EXPECT_THAT(job->spec->container->command,
              Optional(std::vector<std::string>{"/bin/sh", "-c", "echo hi"}));
}

TEST_F(ClientTest, GetUnknownJobIsNotFoundWithServerDetails) {
  auto job = client_->GetJob("missing-job");
  EXPECT_EQ(job.status().code(), StatusCode::kNotFound);
  EXPECT_EQ(job.status().error_info().http_status, 404);
  EXPECT_EQ(job.status().error_info().error_code, "NotFound");
  EXPECT_THAT(job.status().message(), HasSubstr("missing-job"));
}

TEST_F(ClientTest, InvalidJobIsInvalidArgument) {
  auto created = client_->CreateJob(EchoJob("Not_A_Dns_Label"));
  EXPECT_EQ(created.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(created.status().error_info().http_status, 400);
}

TEST_F(ClientTest, WrongTokenIsUnauthenticatedAndNeverEchoed) {
  ClientOptions options = fake_->client_options();
  options.token = "wrong-token-s3cr3t";
  auto client = MakeClient(options);
  auto job = client->GetJob("any");
  EXPECT_EQ(job.status().code(), StatusCode::kUnauthenticated);
  EXPECT_THAT(job.status().ToString(), Not(HasSubstr("s3cr3t")));
}

TEST_F(ClientTest, ListJobsFollowsPagesToTheEnd) {
  for (int i = 0; i < 5; ++i) Create("page");
  ListJobsRequest request;
  request.page_size = 2;
  auto jobs = client_->ListJobs(request);
  ASSERT_TRUE(jobs.ok()) << jobs.status();
  EXPECT_THAT(*jobs, SizeIs(5));
}

TEST_F(ClientTest, ListJobsSinglePage) {
  for (int i = 0; i < 5; ++i) Create("page");
  ListJobsRequest request;
  request.page = 3;
  request.page_size = 2;
  auto jobs = client_->ListJobs(request);
  ASSERT_TRUE(jobs.ok()) << jobs.status();
  EXPECT_THAT(*jobs, SizeIs(1));
}

TEST_F(ClientTest, ListJobsSendsRepeatedStatusFilters) {
  std::string const running = Create("long", "sleep 100");
  clock_->Advance(std::chrono::seconds(2));
  Create("fresh");
  ListJobsRequest request;
  request.states = {"Run", "Fail"};
  auto jobs = client_->ListJobs(request);
  ASSERT_TRUE(jobs.ok()) << jobs.status();
  ASSERT_THAT(*jobs, SizeIs(1));
  EXPECT_THAT((*jobs)[0].metadata.id, Optional(running));
}

TEST_F(ClientTest, NonPositivePageSizeIsRejectedLocally) {
  ListJobsRequest request;
  request.page_size = 0;
  EXPECT_EQ(client_->ListJobs(request).status().code(), StatusCode::kInvalidArgument);
}

TEST_F(ClientTest, StopJobKeepsTheJobAndStopsIt) {
  std::string const id = Create("stop-me", "sleep 100");
  clock_->Advance(std::chrono::seconds(2));
  ASSERT_TRUE(client_->StopJob(id).ok());
  clock_->Advance(std::chrono::seconds(1));
  auto job = client_->GetJob(id);
  ASSERT_TRUE(job.ok()) << job.status();
  EXPECT_THAT(job->status->state, Optional(JobState::kStopped));
  EXPECT_THAT(job->spec->stopped, Optional(true));
}

TEST_F(ClientTest, DeleteJobRemovesIt) {
  std::string const id = Create("delete-me");
  ASSERT_TRUE(client_->DeleteJob(id).ok());
  clock_->Advance(std::chrono::seconds(1));
  EXPECT_EQ(client_->GetJob(id, JobQueryMode::kAliveOnly).status().code(), StatusCode::kNotFound);
}

TEST_F(ClientTest, ReadReplicaLogOfAFinishedReplica) {
  std::string const id = Create("logs", "echo one; echo two");
  clock_->Advance(std::chrono::seconds(5));
  auto replicas = client_->ListReplicas(id);
  ASSERT_TRUE(replicas.ok()) << replicas.status();
  ASSERT_THAT(*replicas, SizeIs(1));
  auto log = client_->ReadReplicaLog(id, *(*replicas)[0].id);
  ASSERT_TRUE(log.ok()) << log.status();
  EXPECT_EQ(*log, "one\ntwo\n");
}

TEST_F(ClientTest, ListEventsOfAJob) {
  std::string const id = Create("events");
  auto events = client_->ListEvents(id);
  ASSERT_TRUE(events.ok()) << events.status();
  EXPECT_FALSE(events->empty());
}

TEST_F(ClientTest, UnreachableServerIsUnavailable) {
  ClientOptions options = fake_->client_options();
  fake_.reset();  // Nothing listens on that port any more.
  options.connect_timeout = std::chrono::seconds(2);
  auto client = MakeClient(options);
  EXPECT_EQ(client->GetJob("any").status().code(), StatusCode::kUnavailable);
}

TEST(MakeConnectionTest, UrlWithoutSchemeIsInvalidArgument) {
  ClientOptions options;
  options.workspace_url = "127.0.0.1:8080/api/v2/workspaces/ws";
  EXPECT_EQ(MakeConnection(options).status().code(), StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace lepton

namespace lepton {
namespace {

// A server that accepts a connection and resets it while the client is still writing a large
// body: the failed write must become a Status, never a SIGPIPE that kills the process. (No
// httplib::Server runs in this test's process, whose constructor would ignore SIGPIPE for the
// whole process and hide the problem.)
TEST(ClientSigpipeTest, AConnectionResetMidWriteIsAnErrorNotASignal) {
  int const listener = socket(AF_INET, SOCK_STREAM, 0);
  ASSERT_GE(listener, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  ASSERT_EQ(bind(listener, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)), 0);
  ASSERT_EQ(listen(listener, 4), 0);
  socklen_t size = sizeof(addr);
  ASSERT_EQ(getsockname(listener, reinterpret_cast<sockaddr*>(&addr), &size), 0);
  std::thread resetter([listener] {
    for (int i = 0; i < 8; ++i) {  // The client may reconnect once per retry.
      int const connection = accept(listener, nullptr, nullptr);
      if (connection < 0) return;
      char buffer[4096];
      (void)recv(connection, buffer, sizeof(buffer), 0);
      linger reset{1, 0};
      setsockopt(connection, SOL_SOCKET, SO_LINGER, &reset, sizeof(reset));
      close(connection);
    }
  });
  ClientOptions options;
  options.workspace_url =
      fmt::format("http://127.0.0.1:{}/api/v2/workspaces/ws", ntohs(addr.sin_port));
  options.retry_policy = std::make_shared<LimitedErrorCountRetryPolicy>(2);
  options.sleeper = [](Duration) {};
  auto connection = MakeConnection(options);
  ASSERT_TRUE(connection.ok());
  Job job;
  job.metadata.name = "huge";
  EnvVar big;
  big.name = "BLOB";
  big.value = std::string(32 * 1024 * 1024, 'x');
  job.spec.emplace().envs = std::vector<EnvVar>{big};
  auto created = Client(*connection).CreateJob(job);
  EXPECT_FALSE(created.ok());
  shutdown(listener, SHUT_RDWR);
  close(listener);
  resetter.join();
}

}  // namespace
}  // namespace lepton
