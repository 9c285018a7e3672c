// The workspace token never leaves the client other than in its Authorization header: not in a
// Status (message, error code, raw body), not in what the exchange observer is told, not in
// the message about a bad workspace URL, even when a server or proxy echoes the token back.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "lepton/client.h"
#include "lepton/fake/fake_lepton.h"
#include "lepton/fake/fault.h"
#include "lepton/retry_policy.h"

namespace lepton {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

// Listed in fixtures/test_tokens.txt: the run's output is grepped for it.
constexpr char kSecretToken[] = "client-probe-token-61f3a";

// Every text of a Status a caller could print or log.
std::string EverythingIn(Status const& status) {
  return status.ToString() + "|" + status.message() + "|" + status.error_info().error_code + "|" +
         status.error_info().raw_body;
}

class TokenSecrecyTest : public ::testing::Test {
 protected:
  void SetUp() override {
    fake::FakeLeptonOptions options;
    options.clock = std::make_shared<ManualClock>();
    options.token = kSecretToken;
    auto fake = fake::FakeLepton::Start(options);
    ASSERT_TRUE(fake.ok()) << fake.status();
    fake_ = *std::move(fake);
  }

  // A client of the fake that does not retry and keeps every exchange it is told of.
  Client ObservedClient() {
    ClientOptions options = fake_->client_options();
    options.retry_policy = std::make_shared<LimitedErrorCountRetryPolicy>(0);
    options.exchange_observer = [this](HttpExchange const& e) {
      std::lock_guard lock(mu_);
      seen_ += e.method + " " + e.path + " " + e.request_body + " " + e.response_body + "\n";
    };
    auto connection = MakeConnection(options);
    EXPECT_TRUE(connection.ok()) << connection.status();
    return Client(*connection);
  }

  std::string Seen() {
    std::lock_guard lock(mu_);
    return seen_;
  }

  // Makes every request whose path matches `path` answer `status` with the token in the error
  // code and message, as a server or proxy echoing the Authorization header would.
  void EchoTheTokenOn(std::string const& path, int status) {
    fake::FaultRule echo;
    echo.match.path = path;
    echo.status = status;
    echo.code = std::string("Echo-") + kSecretToken;
    echo.message = std::string("you sent Bearer ") + kSecretToken;
    ASSERT_TRUE(fake_->AddFault(echo).ok());
  }

  std::unique_ptr<fake::FakeLepton> fake_;

 private:
  std::mutex mu_;
  std::string seen_;
};

TEST_F(TokenSecrecyTest, AnErrorAnswerEchoingTheTokenIsRedactedFromTheStatus) {
  EchoTheTokenOn("/jobs/.*", 401);
  auto job = ObservedClient().GetJob("some-job");
  ASSERT_EQ(job.status().code(), StatusCode::kUnauthenticated);
  EXPECT_THAT(EverythingIn(job.status()), Not(HasSubstr(kSecretToken)));
  EXPECT_THAT(job.status().message(), HasSubstr("you sent Bearer <redacted>"));
}

TEST_F(TokenSecrecyTest, AnErrorAnswerEchoingTheTokenIsRedactedFromTheObserversRecord) {
  EchoTheTokenOn("/jobs/.*", 503);
  Client client = ObservedClient();
  EXPECT_FALSE(client.GetJob("some-job").ok());
  EXPECT_THAT(Seen(), HasSubstr("GET /jobs/some-job"));
  EXPECT_THAT(Seen(), HasSubstr("you sent Bearer <redacted>"));
  EXPECT_THAT(Seen(), Not(HasSubstr(kSecretToken)));
}

TEST_F(TokenSecrecyTest, TheObserverIsNotToldATokenAJobCarries) {
  // A job whose environment holds the token (better: a workspace secret) sends it in the body
  // and gets it back in the answer; a recording of the exchange must not keep it.
  Job job;
  job.metadata.name = "carrier";
  auto& spec = job.spec.emplace();
  spec.resource_shape = "cpu.small";
  spec.container.emplace().command = {"/bin/sh", "-c", "true"};
  EnvVar env;
  env.name = "LEPTON_WORKSPACE_TOKEN";
  env.value = kSecretToken;
  spec.envs = std::vector<EnvVar>{env};
  Client client = ObservedClient();
  auto created = client.CreateJob(job);
  ASSERT_TRUE(created.ok()) << created.status();
  EXPECT_THAT(Seen(), HasSubstr("POST /jobs"));
  EXPECT_THAT(Seen(), HasSubstr("\"value\":\"<redacted>\""));
  EXPECT_THAT(Seen(), Not(HasSubstr(kSecretToken)));
}

TEST_F(TokenSecrecyTest, ALogStreamErrorEchoingTheTokenIsRedacted) {
  EchoTheTokenOn("/jobs/[^/]+/replicas/[^/]+/log", 401);
  Status const followed =
      ObservedClient().FollowReplicaLog("some-job", "some-job-0", [](std::string_view) { return true; });
  ASSERT_EQ(followed.code(), StatusCode::kUnauthenticated);
  EXPECT_THAT(EverythingIn(followed), Not(HasSubstr(kSecretToken)));
  auto read = ObservedClient().ReadReplicaLog("some-job", "some-job-0");
  ASSERT_EQ(read.status().code(), StatusCode::kUnauthenticated);
  EXPECT_THAT(EverythingIn(read.status()), Not(HasSubstr(kSecretToken)));
}

TEST_F(TokenSecrecyTest, ARedirectEchoingTheTokenIsRedacted) {
  // A gateway that redirects to its login page: never followed, and its page is not kept whole.
  EchoTheTokenOn("/jobs/[^/]+/replicas/[^/]+/log", 302);
  Status const followed =
      ObservedClient().FollowReplicaLog("some-job", "some-job-0", [](std::string_view) { return true; });
  ASSERT_EQ(followed.code(), StatusCode::kInternal) << followed;
  EXPECT_THAT(followed.message(), HasSubstr("redirect"));
  EXPECT_THAT(EverythingIn(followed), Not(HasSubstr(kSecretToken)));
  EchoTheTokenOn("/storage/.*", 302);
  Status const downloaded =
      ObservedClient().DownloadFile("default", "/a.txt", [](std::string_view) { return true; });
  ASSERT_EQ(downloaded.code(), StatusCode::kInternal) << downloaded;
  EXPECT_THAT(EverythingIn(downloaded), Not(HasSubstr(kSecretToken)));
}

TEST_F(TokenSecrecyTest, ASuccessThatIsNotTheExpectedJsonIsReportedWithoutTheToken) {
  // A proxy answering 200 with a page of its own that quotes the Authorization header.
  EchoTheTokenOn("/storage.*", 200);
  EchoTheTokenOn("/logs", 200);
  Client client = ObservedClient();
  auto listed = client.ListDirectory("default", "/");
  ASSERT_EQ(listed.status().code(), StatusCode::kInternal) << listed.status();
  EXPECT_THAT(listed.status().message(), HasSubstr("not the expected JSON"));
  EXPECT_THAT(EverythingIn(listed.status()), Not(HasSubstr(kSecretToken)));
  auto file_systems = client.ListFileSystems();
  ASSERT_EQ(file_systems.status().code(), StatusCode::kInternal) << file_systems.status();
  EXPECT_THAT(EverythingIn(file_systems.status()), Not(HasSubstr(kSecretToken)));
  LogQuery query;
  query.job_id = "some-job";
  auto logs = client.QueryLogs(query);
  ASSERT_EQ(logs.status().code(), StatusCode::kInternal) << logs.status();
  EXPECT_THAT(EverythingIn(logs.status()), Not(HasSubstr(kSecretToken)));
}

TEST_F(TokenSecrecyTest, AStorageErrorEchoingTheTokenIsRedacted) {
  EchoTheTokenOn("/storage/.*", 403);
  Client client = ObservedClient();
  Status const downloaded =
      client.DownloadFile("default", "/a.txt", [](std::string_view) { return true; });
  ASSERT_EQ(downloaded.code(), StatusCode::kPermissionDenied);
  EXPECT_THAT(EverythingIn(downloaded), Not(HasSubstr(kSecretToken)));
  Status const uploaded = client.UploadFile("default", "/a.txt", UploadSourceFromString("x"));
  ASSERT_EQ(uploaded.code(), StatusCode::kPermissionDenied);
  EXPECT_THAT(EverythingIn(uploaded), Not(HasSubstr(kSecretToken)));
  EXPECT_THAT(Seen(), Not(HasSubstr(kSecretToken)));
}

TEST_F(TokenSecrecyTest, AnUnreachableWorkspaceIsReportedWithoutTheToken) {
  ClientOptions options = fake_->client_options();
  options.workspace_url = "http://127.0.0.1:1/api/v2/workspaces/fake-ws";
  options.retry_policy = std::make_shared<LimitedErrorCountRetryPolicy>(0);
  auto connection = MakeConnection(options);
  ASSERT_TRUE(connection.ok()) << connection.status();
  auto jobs = Client(*connection).ListJobs();
  ASSERT_EQ(jobs.status().code(), StatusCode::kUnavailable);
  EXPECT_THAT(EverythingIn(jobs.status()), Not(HasSubstr(kSecretToken)));
}

TEST_F(TokenSecrecyTest, AUrlCarryingCredentialsIsRefusedWithoutShowingThem) {
  ClientOptions options;
  options.workspace_url = std::string("https://user:") + kSecretToken + "@example.com/api/v2/workspaces/ws";
  auto connection = MakeConnection(options);
  ASSERT_EQ(connection.status().code(), StatusCode::kInvalidArgument);
  EXPECT_THAT(connection.status().message(), Not(HasSubstr(kSecretToken)));
  EXPECT_THAT(connection.status().message(),
              HasSubstr("'https://***@example.com/api/v2/workspaces/ws' carries credentials"));
}

TEST_F(TokenSecrecyTest, AUrlCarryingATokenInItsQueryIsRefusedWithoutShowingIt) {
  ClientOptions options;
  options.workspace_url = std::string("https://example.com/api/v2/workspaces/ws?token=") + kSecretToken;
  auto connection = MakeConnection(options);
  ASSERT_EQ(connection.status().code(), StatusCode::kInvalidArgument);
  EXPECT_THAT(connection.status().message(), Not(HasSubstr(kSecretToken)));
  EXPECT_THAT(connection.status().message(), HasSubstr("'https://example.com/api/v2/workspaces/ws?***'"));
}

TEST_F(TokenSecrecyTest, AnAtSignInTheQueryDoesNotUncoverTheTokenAfterIt) {
  ClientOptions options;
  options.workspace_url =
      std::string("https://example.com/api/v2/workspaces/ws?owner=a@b&token=") + kSecretToken;
  auto connection = MakeConnection(options);
  ASSERT_EQ(connection.status().code(), StatusCode::kInvalidArgument);
  EXPECT_THAT(connection.status().message(), Not(HasSubstr(kSecretToken)));
  EXPECT_THAT(connection.status().message(), HasSubstr("'https://***'"));
}

TEST_F(TokenSecrecyTest, AQuestionMarkInARawPasswordDoesNotUncoverItsEnd) {
  ClientOptions options;
  options.workspace_url = std::string("https://user:pa?") + kSecretToken + "@example.com/api/v2/workspaces/ws";
  auto connection = MakeConnection(options);
  ASSERT_EQ(connection.status().code(), StatusCode::kInvalidArgument);
  EXPECT_THAT(connection.status().message(), Not(HasSubstr(kSecretToken)));
  EXPECT_THAT(connection.status().message(), Not(HasSubstr("user:pa")));
}

TEST_F(TokenSecrecyTest, AUrlWithoutASchemeIsRefusedWithoutShowingItsCredentials) {
  ClientOptions options;
  options.workspace_url = std::string("user:") + kSecretToken + "@example.com/api";
  auto connection = MakeConnection(options);
  ASSERT_EQ(connection.status().code(), StatusCode::kInvalidArgument);
  EXPECT_THAT(connection.status().message(), Not(HasSubstr(kSecretToken)));
}

}  // namespace
}  // namespace lepton
