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
  std::string content_type = {};  // application/json when empty and there is a body.
};

// gtest prints the case by name rather than as bytes.
void PrintTo(BadRequest const& c, std::ostream* os) { *os << c.name; }

std::string JobWith(std::string const& metadata, std::string const& spec) {
  return R"({"metadata":)" + metadata + R"(,"spec":)" + spec + "}";
}

std::string DeepNesting(std::size_t depth) { return std::string(depth, '[') + std::string(depth, ']'); }

// The storage limits of the table's fake, small so that the cases stay quick.
constexpr std::uint64_t kMaxFile = 128 * 1024;
constexpr std::uint64_t kCapacity = 100 * 1024;
constexpr char kMultipart[] = "multipart/form-data; boundary=B0und4ry";

// A multipart/form-data body with one part.
std::string Multipart(std::string const& part_name, std::string const& content) {
  return "--B0und4ry\r\nContent-Disposition: form-data; name=\"" + part_name +
         "\"; filename=\"f.bin\"\r\nContent-Type: application/octet-stream\r\n\r\n" + content +
         "\r\n--B0und4ry--\r\n";
}

// A storage path of `length` bytes.
std::string LongPath(std::size_t length) {
  std::string path;
  while (path.size() < length) path += "/abcdefghijklmnop";
  return path.substr(0, length);
}

std::vector<BadRequest> Cases() {
  std::string const ok_meta = R"({"name":"ok"})";
  std::vector<BadRequest> cases = {
      {"EmptyBody", "POST", "/jobs", "", 400, "BadRequest"},
      // Bodies where httplib reads none: left unread they would become the next request.
      {"GetWithABody", "GET", "/jobs", R"({"metadata":{"name":"smuggled"}})", 400, "BadRequest"},
      {"ControlGetWithABody", "GET", "!/fake/v1/clock", "POST /fake/v1/reset HTTP/1.1\r\n\r\n", 400,
       "BadRequest"},
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
      // Storage (the fixture keeps /keep/file.txt in "default").
      {"StorageTraversal", "GET", "/storage/default/keep/../../etc", "", 400, "BadRequest"},
      {"StorageEncodedTraversal", "DELETE", "/storage/default/keep/%2e%2e?removeall=true", "",
       400, "BadRequest"},
      {"StorageEncodedTraversalUpload", "POST", "/storage/default/%2E%2E/x",
       Multipart("file", "x"), 400, "BadRequest", "Bearer fake-token", kMultipart},
      {"StorageDotSegment", "GET", "/storage/default/keep/./file.txt", "", 400, "BadRequest"},
      {"StorageNul", "GET", "/storage/default/keep%00/file.txt", "", 400, "BadRequest"},
      {"StorageNulUpload", "POST", "/storage/default/a%00b", Multipart("file", "x"), 400,
       "BadRequest", "Bearer fake-token", kMultipart},
      {"StorageControlByte", "PUT", "/storage/default/a%0Ab", "", 400, "BadRequest"},
      {"StorageEmptySegment", "GET", "/storage/default/keep//file.txt", "", 400, "BadRequest"},
      {"StorageSegmentTooLong", "PUT", "/storage/default/" + std::string(256, 'a'), "", 400,
       "BadRequest"},
      {"StoragePathTooLong", "PUT", "/storage/default" + LongPath(4097), "", 400, "BadRequest"},
      {"StorageOversizeFile", "POST", "/storage/default/big", Multipart("file", std::string(kMaxFile + 1, 'x')),
       413, "PayloadTooLarge", "Bearer fake-token", kMultipart},
      {"StorageOversizeBody", "POST", "/storage/default/big", Multipart("file", std::string(kMaxFile + 70 * 1024, 'x')),
       413, "PayloadTooLarge", "Bearer fake-token", kMultipart},
      {"StorageOverCapacity", "POST", "/storage/default/big", Multipart("file", std::string(kCapacity, 'x')),
       507, "insufficient_storage", "Bearer fake-token", kMultipart},
      {"StorageNotMultipart", "POST", "/storage/default/a.txt", R"({"file":"x"})", 415,
       "UnsupportedMediaType"},
      {"StorageNoBody", "POST", "/storage/default/a.txt", "", 415, "UnsupportedMediaType"},
      {"StorageMissingFilePart", "POST", "/storage/default/a.txt", Multipart("data", "x"), 415,
       "UnsupportedMediaType", "Bearer fake-token", kMultipart},
      {"StorageMultipartWithoutBoundary", "POST", "/storage/default/a.txt", Multipart("file", "x"),
       400, "BadRequest", "Bearer fake-token", "multipart/form-data"},
      {"StorageUploadIntoMissingParent", "POST", "/storage/default/nope/a.txt",
       Multipart("file", "x"), 404, "NotFound", "Bearer fake-token", kMultipart},
      {"StorageUploadOverDirectory", "POST", "/storage/default/keep", Multipart("file", "x"), 409,
       "Conflict", "Bearer fake-token", kMultipart},
      {"StorageUploadToRoot", "POST", "/storage/default/", Multipart("file", "x"), 400,
       "BadRequest", "Bearer fake-token", kMultipart},
      {"StorageUploadWrongToken", "POST", "/storage/default/a.txt", Multipart("file", "x"), 401,
       "Unauthorized", "Bearer wrong", kMultipart},
      {"StorageDeleteRoot", "DELETE", "/storage/default/?removeall=true", "", 400, "BadRequest"},
      {"StorageDeleteRootWithoutSlash", "DELETE", "/storage/default?removeall=true", "", 400,
       "BadRequest"},
      {"StorageDeleteNonEmpty", "DELETE", "/storage/default/keep", "", 400, "BadRequest"},
      {"StorageDeleteMissing", "DELETE", "/storage/default/nope", "", 404, "NotFound"},
      {"StorageUnknownFs", "GET", "/storage/nope/", "", 404, "NotFound"},
      {"StorageUnknownFsUpload", "POST", "/storage/nope/a", Multipart("file", "x"), 404,
       "NotFound", "Bearer fake-token", kMultipart},
      {"StorageDuIsNoFileSystem", "PUT", "/storage/du/x", "", 404, "NotFound"},
      {"StorageMkdirOverFile", "PUT", "/storage/default/keep/file.txt", "", 409, "Conflict"},
      {"StorageMkdirUnderFile", "PUT", "/storage/default/keep/file.txt/sub", "", 409, "Conflict"},
      {"StorageListFileAsDirectoryMissing", "GET", "/storage/default/keep/nope/", "", 404,
       "NotFound"},
      {"StorageWrongMethod", "PATCH", "/storage/default/keep", "{}", 405, "MethodNotAllowed"},
      {"StorageListWrongMethod", "POST", "/storage", "{}", 405, "MethodNotAllowed"},
  };
  return cases;
}

class BadRequestTableTest : public ::testing::TestWithParam<BadRequest> {
 protected:
  void SetUp() override {
    FakeLeptonOptions options;
    options.clock = clock_;
    options.max_body_bytes = kMaxBody;
    options.storage_max_file_bytes = kMaxFile;
    options.storage_capacity_bytes = kCapacity;
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
    ASSERT_TRUE(fake_->PutFile("default", "/keep/file.txt", "kept bytes").ok());
  }

  // Everything a client can read back about the stored state.
  std::string Snapshot() {
    std::string out;
    for (char const* path : {"/jobs?job_query_mode=alive_and_archive", "/usersecrets",
                             "/storage", "/storage/default/", "/storage/default/keep",
                             "/storage/default/keep/file.txt"}) {
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
  if (!c.body.empty() || !c.content_type.empty()) {
    request.set_header("Content-Type", c.content_type.empty() ? "application/json" : c.content_type);
  }
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
