// The fake's HTTP surface, spoken to with a plain HTTP client: paths, status codes, error
// bodies, auth, and that bad input leaves the state untouched.

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <httplib.h>

#include <memory>
#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "fake_http_test.h"

namespace lepton::fake {
namespace {

using internal::Json;
using ::testing::HasSubstr;

class HttpApiTest : public FakeHttpTest {
 protected:
  FakeLeptonOptions Options() override {
    FakeLeptonOptions options;
    options.max_body_bytes = 64 * 1024;
    return options;
  }

  std::string Path(std::string const& rest) const { return "/api/v2/workspaces/fake-ws" + rest; }

  static Json BodyOf(httplib::Result const& result) {
    return Json::parse(result->body, nullptr, false);
  }

  // A valid create body in the form `lep job create` sends (fixtures/wire/create_request/
  // cli_create.json): the name as metadata.id, the SDK's defaults written out.
  static std::string CreateBody(std::string const& name) {
    return Json{{"metadata", {{"id", name}}},
                {"spec",
                 {{"resource_shape", "cpu.small"},
                  {"container", {{"image", "busybox"}, {"command", {"/bin/sh", "-c", "true"}}}},
                  {"completions", 1},
                  {"parallelism", 1},
                  {"envs", Json::array()},
                  {"mounts", Json::array()},
                  {"image_pull_secrets", Json::array()},
                  {"ttl_seconds_after_finished", 259200}}}}
        .dump();
  }

  // The answer must be a Lepton error: the status and a JSON body with code and message.
  static void ExpectLeptonError(httplib::Result const& result, int status,
                                std::string const& code) {
    ASSERT_TRUE(result) << httplib::to_string(result.error());
    EXPECT_EQ(result->status, status);
    EXPECT_THAT(result->get_header_value("Content-Type"), HasSubstr("application/json"));
    Json const body = BodyOf(result);
    ASSERT_TRUE(body.is_object()) << result->body;
    EXPECT_EQ(body.value("code", ""), code) << result->body;
    EXPECT_FALSE(body.value("message", "").empty()) << result->body;
  }

};

TEST_F(HttpApiTest, CreateAnswersTheJobWithItsGeneratedId) {
  auto result = http_->Post(Path("/jobs"), CreateBody("demo"), "application/json");
  ASSERT_TRUE(result);
  EXPECT_EQ(result->status, 200);
  Json const job = BodyOf(result);
  EXPECT_THAT(job["metadata"]["id"].get<std::string>(), ::testing::StartsWith("demo-"));
  EXPECT_EQ(job["metadata"]["name"], "demo");
  EXPECT_TRUE(job["status"].contains("state"));
}

TEST_F(HttpApiTest, GetAnswersTheStoredJob) {
  auto created = http_->Post(Path("/jobs"), CreateBody("demo"), "application/json");
  ASSERT_TRUE(created);
  std::string const id = BodyOf(created)["metadata"]["id"];
  auto result = http_->Get(Path("/jobs/" + id));
  ASSERT_TRUE(result);
  EXPECT_EQ(result->status, 200);
  EXPECT_EQ(BodyOf(result)["metadata"]["id"], id);
}

TEST_F(HttpApiTest, ListIsAnEnvelopeWithAnEmptyArrayNotNull) {
  auto result = http_->Get(Path("/jobs"));
  ASSERT_TRUE(result);
  EXPECT_EQ(result->status, 200);
  EXPECT_EQ(BodyOf(result), Json::parse(R"({"jobs":[]})"));
}

TEST_F(HttpApiTest, MissingTokenIs401) {
  httplib::Client anonymous(fake_->base_url());
  ExpectLeptonError(anonymous.Get(Path("/jobs")), 401, "Unauthorized");
}

TEST_F(HttpApiTest, WrongTokenIs401AndIsNotEchoed) {
  httplib::Client wrong(fake_->base_url());
  wrong.set_bearer_token_auth("not-the-token-s3cr3t");
  auto result = wrong.Get(Path("/jobs"));
  ExpectLeptonError(result, 401, "Unauthorized");
  EXPECT_THAT(result->body, ::testing::Not(HasSubstr("s3cr3t")));
}

// No route runs for an unknown path, so the error handler checks the token itself.
TEST_F(HttpApiTest, AWrongTokenIs401EvenOnAnUnknownPath) {
  httplib::Client wrong(fake_->base_url());
  wrong.set_bearer_token_auth("not-the-token");
  ExpectLeptonError(wrong.Post(Path("/nowhere"), "{}", "application/json"), 401, "Unauthorized");
}

TEST_F(HttpApiTest, UnknownWorkspaceIs404) {
  ExpectLeptonError(http_->Get("/api/v2/workspaces/other/jobs"), 404, "NotFound");
}

TEST_F(HttpApiTest, UnknownJobIs404) {
  ExpectLeptonError(http_->Get(Path("/jobs/no-such-job")), 404, "NotFound");
}

TEST_F(HttpApiTest, UnknownPathIs404WithJsonBody) {
  ExpectLeptonError(http_->Get(Path("/no-such-resource")), 404, "NotFound");
}

TEST_F(HttpApiTest, WrongMethodIs405) {
  auto result = http_->Put(Path("/jobs"), "{}", "application/json");
  ExpectLeptonError(result, 405, "MethodNotAllowed");
  EXPECT_EQ(result->get_header_value("Allow"), "GET, POST");
}

TEST_F(HttpApiTest, OversizedBodyIs413AndNothingIsStored) {
  std::string const huge(128 * 1024, 'x');
  ExpectLeptonError(http_->Post(Path("/jobs"), huge, "application/json"), 413, "PayloadTooLarge");
  EXPECT_EQ(fake_->job_count(), 0U);
}

TEST_F(HttpApiTest, MalformedJsonIs400AndNothingIsStored) {
  ExpectLeptonError(http_->Post(Path("/jobs"), R"({"metadata": {"id": "x"})", "application/json"),
                    400, "BadRequest");
  EXPECT_EQ(fake_->job_count(), 0U);
}

TEST_F(HttpApiTest, WrongFieldTypeIs400NamingTheField) {
  auto result = http_->Post(Path("/jobs"),
                            R"({"metadata":{"id":"x"},"spec":{"completions":"four"}})",
                            "application/json");
  ExpectLeptonError(result, 400, "BadRequest");
  EXPECT_THAT(result->body, HasSubstr("/spec/completions"));
  EXPECT_EQ(fake_->job_count(), 0U);
}

TEST_F(HttpApiTest, MalformedPatchLeavesTheJobUntouched) {
  auto created = http_->Post(Path("/jobs"), CreateBody("demo"), "application/json");
  std::string const id = BodyOf(created)["metadata"]["id"];
  auto before = fake_->PeekJob(id);
  ExpectLeptonError(http_->Patch(Path("/jobs/" + id), "{\"spec\": [", "application/json"), 400,
                    "BadRequest");
  auto after = fake_->PeekJob(id);
  ASSERT_TRUE(before.ok() && after.ok());
  EXPECT_EQ(*before, *after);
}

TEST_F(HttpApiTest, InvalidQueryModeIs400) {
  ExpectLeptonError(http_->Get(Path("/jobs?job_query_mode=everything")), 400, "BadRequest");
}

TEST_F(HttpApiTest, NonNumericPageIs400) {
  ExpectLeptonError(http_->Get(Path("/jobs?page=two")), 400, "BadRequest");
}

TEST_F(HttpApiTest, ServerKeepsServingAfterBadRequests) {
  (void)http_->Post(Path("/jobs"), "not json", "application/json");
  (void)http_->Get(Path("/nowhere"));
  auto result = http_->Post(Path("/jobs"), CreateBody("after"), "application/json");
  ASSERT_TRUE(result);
  EXPECT_EQ(result->status, 200);
}

TEST_F(HttpApiTest, ReplicaLogStreamFollowsUntilTheReplicaEnds) {
  std::string const body =
      Json{{"metadata", {{"name", "stream"}}},
           {"spec", {{"container", {{"command", {"sh", "-c", "echo a; sleep 5; echo b"}}}}}}}
          .dump();
  auto created = http_->Post(Path("/jobs"), body, "application/json");
  std::string const id = BodyOf(created)["metadata"]["id"];
  clock_->Advance(std::chrono::seconds(2));
  auto replicas = http_->Get(Path("/jobs/" + id + "/replicas"));
  ASSERT_TRUE(replicas);
  std::string const replica = BodyOf(replicas)[0]["id"];

  // The stream stays open while the replica runs: the first line arrives, then (only once
  // the clock moves past the sleep) the second, then the stream ends.
  httplib::Client streamer(fake_->base_url());
  streamer.set_bearer_token_auth("fake-token");
  std::string received;
  auto log = streamer.Get(Path("/jobs/" + id + "/replicas/" + replica + "/log"),
                          [&](char const* data, std::size_t size) {
                            received.append(data, size);
                            if (received == "a\n") clock_->Advance(std::chrono::seconds(10));
                            return true;
                          });
  ASSERT_TRUE(log) << httplib::to_string(log.error());
  EXPECT_EQ(log->status, 200);
  EXPECT_THAT(log->get_header_value("Content-Type"), HasSubstr("text/plain"));
  EXPECT_EQ(received, "a\nb\n");
}

TEST_F(HttpApiTest, ManyLogFollowersDoNotStarveOtherRequests) {
  std::string const body =
      Json{{"metadata", {{"name", "follow"}}},
           {"spec", {{"container", {{"command", {"sh", "-c", "echo a; sleep 100"}}}}}}}
          .dump();
  std::string const id = CreateJob(body);
  clock_->Advance(std::chrono::seconds(2));
  std::string const replica = Get("/jobs/" + id + "/replicas")[0]["id"];
  std::string const log_path = Path("/jobs/" + id + "/replicas/" + replica + "/log");

  // Ten followers that have each received the first line and now wait for more.
  constexpr int kFollowers = 10;
  std::mutex mu;
  std::condition_variable cv;
  int following = 0;
  std::vector<std::thread> followers;
  for (int i = 0; i < kFollowers; ++i) {
    followers.emplace_back([&] {
      httplib::Client client(fake_->base_url());
      client.set_bearer_token_auth("fake-token");
      client.set_read_timeout(std::chrono::seconds(60));  // Followers wait as long as it takes.
      bool counted = false;
      (void)client.Get(log_path, [&](char const*, std::size_t) {
        if (!counted) {
          counted = true;
          std::lock_guard lock(mu);
          ++following;
          cv.notify_all();
        }
        return true;
      });
    });
  }
  bool all_following = false;
  {
    std::unique_lock lock(mu);
    all_following = cv.wait_for(lock, std::chrono::seconds(15),
                                [&] { return following == kFollowers; });
    EXPECT_TRUE(all_following) << following << " of " << kFollowers << " followers connected";
  }
  if (all_following) {
    httplib::Client other(fake_->base_url());
    other.set_bearer_token_auth("fake-token");
    other.set_read_timeout(std::chrono::seconds(10));
    auto answer = other.Get(Path("/jobs"));
    EXPECT_TRUE(answer && answer->status == 200) << "a request waited behind the followers";
  }
  clock_->Advance(std::chrono::seconds(200));  // The replica ends; every stream closes.
  for (auto& t : followers) t.join();
}

}  // namespace
}  // namespace lepton::fake
