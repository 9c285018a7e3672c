// Hostile and malformed requests, table-driven: each gets the right 4xx with a Lepton-shaped JSON
// body, the server keeps serving, and nothing it stores changes.

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <httplib.h>

#include <memory>
#include <string>
#include <vector>

#include "internal/json_codec.h"
#include "lepton/fake/fake_lepton.h"

namespace lepton::fake {
namespace {

using internal::Json;

constexpr char kWs[] = "/api/v2/workspaces/fake-ws";
constexpr std::size_t kMaxBody = 64 * 1024;

struct BadRequest {
  std::string name;
  std::string method;
  std::string path;  // Relative to the workspace unless it starts with "!".
  std::string body;
  int status;
  std::string code;
  std::string authorization = "Bearer fake-token";
};

// gtest prints the case by name rather than as bytes.
void PrintTo(BadRequest const& c, std::ostream* os) { *os << c.name; }

std::string JobWith(std::string const& metadata, std::string const& spec) {
  return R"({"metadata":)" + metadata + R"(,"spec":)" + spec + "}";
}

std::string DeepNesting(std::size_t depth) { return std::string(depth, '[') + std::string(depth, ']'); }

std::vector<BadRequest> Cases() {
  std::string const ok_meta = R"({"name":"ok"})";
  std::vector<BadRequest> cases = {
      {"EmptyBody", "POST", "/jobs", "", 400, "BadRequest"},
      {"TruncatedJson", "POST", "/jobs", R"({"metadata":{"name":"x"})", 400, "BadRequest"},
      {"ArrayInsteadOfObject", "POST", "/jobs", "[]", 400, "BadRequest"},
      {"NullBody", "POST", "/jobs", "null", 400, "BadRequest"},
      {"StringBody", "POST", "/jobs", R"("job")", 400, "BadRequest"},
      {"MetadataNotObject", "POST", "/jobs", R"({"metadata":5})", 400, "BadRequest"},
      {"NameNotString", "POST", "/jobs", R"({"metadata":{"name":123}})", 400, "BadRequest"},
      {"CompletionsString", "POST", "/jobs", JobWith(ok_meta, R"({"completions":"4"})"), 400,
       "BadRequest"},
      {"CompletionsBool", "POST", "/jobs", JobWith(ok_meta, R"({"completions":true})"), 400,
       "BadRequest"},
      {"CompletionsFraction", "POST", "/jobs", JobWith(ok_meta, R"({"completions":1.5})"), 400,
       "BadRequest"},
      {"CompletionsZero", "POST", "/jobs", JobWith(ok_meta, R"({"completions":0})"), 400,
       "BadRequest"},
      {"ParallelismAbsurd", "POST", "/jobs", JobWith(ok_meta, R"({"parallelism":1000000000})"),
       400, "BadRequest"},
      {"ParallelismNegative", "POST", "/jobs", JobWith(ok_meta, R"({"parallelism":-1})"), 400,
       "BadRequest"},
      {"CompletionsHuge", "POST", "/jobs",
       JobWith(ok_meta, R"({"completions":99999999999999999999999})"), 400, "BadRequest"},
      {"CompletionsOverflowsDouble", "POST", "/jobs", JobWith(ok_meta, R"({"completions":1e400})"),
       400, "BadRequest"},
      {"TtlNegative", "POST", "/jobs", JobWith(ok_meta, R"({"ttl_seconds_after_finished":-1})"),
       400, "BadRequest"},
      {"NameUppercase", "POST", "/jobs", R"({"metadata":{"name":"Train"}})", 400, "BadRequest"},
      {"NameTooLong", "POST", "/jobs",
       R"({"metadata":{"name":")" + std::string(37, 'a') + R"("}})", 400, "BadRequest"},
      {"NameTrailingDash", "POST", "/jobs", R"({"metadata":{"name":"train-"}})", 400,
       "BadRequest"},
      {"NameReservedSuffix", "POST", "/jobs", R"({"metadata":{"name":"made-by-lepton"}})", 400,
       "BadRequest"},
      {"NameStartsWithDigit", "POST", "/jobs", R"({"metadata":{"name":"1job"}})", 400,
       "BadRequest"},
      {"NameMissing", "POST", "/jobs", R"({"metadata":{},"spec":{}})", 400, "BadRequest"},
      {"PathTraversalName", "POST", "/jobs", R"({"metadata":{"name":"../../etc"}})", 400,
       "BadRequest"},
      {"ReservedMountPath", "POST", "/jobs",
       JobWith(ok_meta, R"({"mounts":[{"mount_path":"/etc","from":"node-local"}]})"), 400,
       "BadRequest"},
      {"ReservedEnvName", "POST", "/jobs",
       JobWith(ok_meta, R"({"envs":[{"name":"LEPTON_WORKSPACE_ID","value":"x"}]})"), 400,
       "BadRequest"},
      {"EnvsNotArray", "POST", "/jobs", JobWith(ok_meta, R"({"envs":{"A":"b"}})"), 400,
       "BadRequest"},
      {"CommandOfNumbers", "POST", "/jobs", JobWith(ok_meta, R"({"container":{"command":[1,2]}})"),
       400, "BadRequest"},
      {"BadVisibility", "POST", "/jobs", R"({"metadata":{"name":"ok","visibility":"secret"}})",
       400, "BadRequest"},
      {"BadLabelKey", "POST", "/jobs", R"({"metadata":{"name":"ok","labels":{"-bad-":"x"}}})", 400,
       "BadRequest"},
      {"UnknownShape", "POST", "/jobs", JobWith(ok_meta, R"({"resource_shape":"gpu.99xh100"})"),
       400, "BadRequest"},
      {"UnknownNodeGroup", "POST", "/jobs",
       JobWith(ok_meta, R"({"affinity":{"allowed_dedicated_node_groups":["ng-nope"]}})"), 400,
       "BadRequest"},
      {"DeepNesting", "POST", "/jobs", DeepNesting(20000), 400, "BadRequest"},
      {"InvalidUtf8", "POST", "/jobs", "{\"metadata\":{\"name\":\"\xff\xfe\"}}", 400,
       "BadRequest"},
      {"NulByte", "POST", "/jobs", std::string("{\"metadata\":{\"name\":\"a\0b\"}}", 28), 400,
       "BadRequest"},
      {"OversizedBody", "POST", "/jobs", std::string(kMaxBody + 1, ' '), 413, "PayloadTooLarge"},
      {"PutOnJobs", "PUT", "/jobs", "{}", 405, "MethodNotAllowed"},
      {"PostOnJob", "POST", "/jobs/some-job", "{}", 405, "MethodNotAllowed"},
      {"PageZero", "GET", "/jobs?page=0", "", 400, "BadRequest"},
      {"PageSizeNegative", "GET", "/jobs?page_size=-5", "", 400, "BadRequest"},
      {"PageNotNumber", "GET", "/jobs?page=two", "", 400, "BadRequest"},
      {"PageOverflow", "GET", "/jobs?page=99999999999999999999", "", 400, "BadRequest"},
      {"BadQueryMode", "GET", "/jobs?job_query_mode=everything", "", 400, "BadRequest"},
      {"BadLabelSelector", "GET", "/jobs?query=%3D%3D", "", 400, "BadRequest"},
      {"UnknownJob", "GET", "/jobs/no-such-job", "", 404, "NotFound"},
      {"PatchUnknownJob", "PATCH", "/jobs/no-such-job", R"({"spec":{"stopped":true}})", 404,
       "NotFound"},
      {"DeleteUnknownJob", "DELETE", "/jobs/no-such-job", "", 404, "NotFound"},
      {"TraversalInJobId", "GET", "/jobs/..%2F..%2Fworkspace", "", 404, "NotFound"},
      {"UnknownReplicaLog", "GET", "/jobs/no-such-job/replicas/r/log", "", 404, "NotFound"},
      {"UnknownResource", "GET", "/deployments", "", 404, "NotFound"},
      {"OutsideTheApi", "GET", "!/etc/passwd", "", 404, "NotFound"},
      {"OtherWorkspace", "GET", "!/api/v2/workspaces/other-ws/jobs", "", 404, "NotFound"},
      {"NoToken", "GET", "/jobs", "", 401, "Unauthorized", ""},
      {"WrongToken", "GET", "/jobs", "", 401, "Unauthorized", "Bearer wrong"},
      {"BasicAuth", "GET", "/jobs", "", 401, "Unauthorized", "Basic ZmFrZTpmYWtl"},
      {"SecretsNotArray", "POST", "/usersecrets", R"({"name":"a","value":"b"})", 400,
       "BadRequest"},
      {"SecretReservedName", "POST", "/usersecrets", R"([{"name":"LEPTON_X","value":"v"}])", 400,
       "BadRequest"},
      {"SecretWithoutValue", "POST", "/usersecrets", R"([{"name":"token"}])", 400, "BadRequest"},
      {"DeleteUnknownSecret", "DELETE", "/usersecrets/nope", "", 404, "NotFound"},
      {"LogsWithoutSelector", "GET", "/logs", "", 400, "BadRequest"},
      {"LogsLimitZero", "GET", "/logs?job=x&limit=0", "", 400, "BadRequest"},
      {"LogsBadDirection", "GET", "/logs?job=x&direction=sideways", "", 400, "BadRequest"},
      {"LogsNegativeStart", "GET", "/logs?job=x&start=-5", "", 400, "BadRequest"},
      {"LogsUnknownJob", "GET", "/logs?job=no-such-job", "", 404, "NotFound"},
      {"UnknownNodeGroup404", "GET", "/dedicated-node-groups/nope", "", 404, "NotFound"},
      {"UnknownNodeGroupNodes", "GET", "/dedicated-node-groups/nope/nodes", "", 404, "NotFound"},
  };
  return cases;
}

class BadRequestTableTest : public ::testing::TestWithParam<BadRequest> {
 protected:
  void SetUp() override {
    FakeLeptonOptions options;
    options.clock = clock_;
    options.max_body_bytes = kMaxBody;
    auto fake = FakeLepton::Start(options);
    ASSERT_TRUE(fake.ok()) << fake.status();
    fake_ = *std::move(fake);
    http_ = std::make_unique<httplib::Client>(fake_->base_url());
    http_->set_bearer_token_auth("fake-token");
    // Some state for the bad requests to leave alone.
    auto created = http_->Post(std::string(kWs) + "/jobs",
                               R"({"metadata":{"name":"keep-me"},"spec":{"completions":2}})",
                               "application/json");
    ASSERT_TRUE(created && created->status == 200);
    auto secret = http_->Post(std::string(kWs) + "/usersecrets",
                              R"([{"name":"keep","value":"v"}])", "application/json");
    ASSERT_TRUE(secret && secret->status == 200);
  }

  // Everything a client can read back about the stored state.
  std::string Snapshot() {
    std::string out;
    for (char const* path : {"/jobs?job_query_mode=alive_and_archive", "/usersecrets"}) {
      auto result = http_->Get(std::string(kWs) + path);
      EXPECT_TRUE(result && result->status == 200);
      if (result) out += result->body;
    }
    return out;
  }

  std::shared_ptr<ManualClock> clock_ = std::make_shared<ManualClock>();
  std::unique_ptr<FakeLepton> fake_;
  std::unique_ptr<httplib::Client> http_;
};

TEST_P(BadRequestTableTest, AnswersLeptonErrorKeepsServingAndChangesNothing) {
  BadRequest const& c = GetParam();
  std::string const before = Snapshot();

  httplib::Request request;
  request.method = c.method;
  request.path = c.path.starts_with("!") ? c.path.substr(1) : std::string(kWs) + c.path;
  request.body = c.body;
  if (!c.body.empty()) request.set_header("Content-Type", "application/json");
  if (!c.authorization.empty()) request.set_header("Authorization", c.authorization);
  httplib::Client raw(fake_->base_url());
  auto result = raw.send(request);

  ASSERT_TRUE(result) << httplib::to_string(result.error());
  EXPECT_EQ(result->status, c.status) << result->body;
  EXPECT_THAT(result->get_header_value("Content-Type"), ::testing::HasSubstr("application/json"));
  Json const body = Json::parse(result->body, nullptr, false);
  ASSERT_TRUE(body.is_object()) << result->body;
  EXPECT_EQ(body.value("code", ""), c.code) << result->body;
  EXPECT_FALSE(body.value("message", "").empty()) << result->body;
  EXPECT_THAT(result->body, ::testing::Not(::testing::HasSubstr("fake-token")));

  EXPECT_EQ(Snapshot(), before) << "the request changed the stored state";
}

INSTANTIATE_TEST_SUITE_P(Hostile, BadRequestTableTest, ::testing::ValuesIn(Cases()),
                         [](auto const& test) { return test.param.name; });

TEST(BadRequestTableSizeTest, CoversAtLeastThirtyRequests) { EXPECT_GE(Cases().size(), 30U); }

}  // namespace
}  // namespace lepton::fake
