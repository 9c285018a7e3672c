// Focused behaviours of the wire codec, one per test.

#include "lepton/wire_codec.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "internal/json_codec.h"

namespace lepton {
namespace {

using internal::Json;
using ::testing::HasSubstr;
using ::testing::Optional;

Json Encoded(Job const& job) { return Json::parse(ToJson(job)); }

TEST(WireCodecTest, UnknownStateStringDecodesToUnknownAndKeepsItsText) {
  auto job = FromJson<Job>(R"({"metadata":{},"status":{"state":"Hibernating"}})");
  ASSERT_TRUE(job.ok()) << job.status();
  EXPECT_THAT(job->status->state, Optional(JobState::kUnknown));
  EXPECT_EQ(Encoded(*job)["status"]["state"], "Hibernating");
}

TEST(WireCodecTest, EmptyStateStringIsTheServersUnknown) {
  auto job = FromJson<Job>(R"({"metadata":{},"status":{"state":""}})");
  ASSERT_TRUE(job.ok());
  EXPECT_THAT(job->status->state, Optional(JobState::kUnknown));
  EXPECT_EQ(Encoded(*job)["status"]["state"], "");
}

TEST(WireCodecTest, UnknownSetInCodeEncodesAsEmptyString) {
  Job job;
  job.status.emplace().state = JobState::kUnknown;
  EXPECT_EQ(Encoded(job)["status"]["state"], "");
}

TEST(WireCodecTest, KnownStateSetInCodeWinsOverOldText) {
  auto job = FromJson<Job>(R"({"metadata":{},"status":{"state":"Weird"}})");
  ASSERT_TRUE(job.ok());
  job->status->state = JobState::kRunning;
  EXPECT_EQ(Encoded(*job)["status"]["state"], "Running");
}

TEST(WireCodecTest, UnsetFieldsAreLeftOut) {
  EXPECT_EQ(ToJson(Job{}), R"({"metadata":{}})");
}

TEST(WireCodecTest, EmptyListsThatAreSetAreKept) {
  Job job;
  job.spec.emplace().envs.emplace();
  EXPECT_EQ(Encoded(job)["spec"]["envs"], Json::array());
}

TEST(WireCodecTest, MountVolumeUsesTheJsonKeyFrom) {
  Mount mount;
  mount.mount_path = "/data";
  mount.from = "node-nfs:shared";
  Job job;
  job.spec.emplace().mounts = std::vector<Mount>{mount};
  EXPECT_EQ(Encoded(job)["spec"]["mounts"][0]["from"], "node-nfs:shared");
}

TEST(WireCodecTest, ReplicaKeepsTopLevelIdAndMetadataId) {
  auto replicas = FromJson<std::vector<Replica>>(R"([{"id":"j-0-abcde","metadata":{"id":"j-0-abcde"}}])");
  ASSERT_TRUE(replicas.ok());
  EXPECT_THAT((*replicas)[0].id, Optional(std::string("j-0-abcde")));
  EXPECT_THAT((*replicas)[0].metadata.id, Optional(std::string("j-0-abcde")));
}

TEST(WireCodecTest, EnvVarSecretReferenceDecodes) {
  auto job = FromJson<Job>(
      R"({"metadata":{},"spec":{"envs":[{"name":"HF","value_from":{"secret_name_ref":"hf"}}]}})");
  ASSERT_TRUE(job.ok());
  auto const& env = job->spec->envs->front();
  EXPECT_FALSE(env.value.has_value());
  EXPECT_THAT(env.value_from->secret_name_ref, Optional(std::string("hf")));
}

TEST(WireCodecTest, UnknownFieldsSurviveAtNestedLevels) {
  std::string const text =
      R"({"metadata":{"x":1},"spec":{"container":{"y":[1,2]},"z":{"a":null}},"top":"t"})";
  auto job = FromJson<Job>(text);
  ASSERT_TRUE(job.ok());
  EXPECT_EQ(Encoded(*job), Json::parse(text));
}

TEST(WireCodecTest, NullCountsAsAbsent) {
  auto job = FromJson<Job>(R"({"metadata":{"name":null},"spec":null})");
  ASSERT_TRUE(job.ok()) << job.status();
  EXPECT_FALSE(job->metadata.name.has_value());
  EXPECT_FALSE(job->spec.has_value());
}

TEST(WireCodecTest, StringInAnIntegerFieldNamesThePath) {
  auto job = FromJson<Job>(R"({"metadata":{},"spec":{"completions":"four"}})");
  EXPECT_EQ(job.status().code(), StatusCode::kInvalidArgument);
  EXPECT_THAT(job.status().message(), HasSubstr("/spec/completions"));
}

TEST(WireCodecTest, BooleanInAnIntegerFieldIsRejected) {
  EXPECT_EQ(FromJson<Job>(R"({"spec":{"parallelism":true}})").status().code(),
            StatusCode::kInvalidArgument);
}

TEST(WireCodecTest, FractionInAnIntegerFieldIsRejected) {
  EXPECT_EQ(FromJson<Job>(R"({"spec":{"completions":1.5}})").status().code(),
            StatusCode::kInvalidArgument);
}

TEST(WireCodecTest, IntegralFloatIsAcceptedAsAnInteger) {
  auto job = FromJson<Job>(R"({"spec":{"completions":4.0}})");
  ASSERT_TRUE(job.ok());
  EXPECT_THAT(job->spec->completions, Optional(4));
}

TEST(WireCodecTest, IntegerBeyondSixtyFourBitsIsRejected) {
  EXPECT_EQ(FromJson<Job>(R"({"spec":{"completions":18446744073709551615}})").status().code(),
            StatusCode::kInvalidArgument);
}

TEST(WireCodecTest, NumberOverflowingADoubleIsMalformedJson) {
  auto job = FromJson<Job>(R"({"spec":{"completions":1e400}})");
  EXPECT_EQ(job.status().code(), StatusCode::kInvalidArgument);
  EXPECT_THAT(job.status().message(), HasSubstr("malformed JSON"));
}

TEST(WireCodecTest, ArrayIndexAppearsInThePath) {
  auto job = FromJson<Job>(R"({"spec":{"envs":[{"name":"A"},{"name":7}]}})");
  EXPECT_THAT(job.status().message(), HasSubstr("/spec/envs/1/name"));
}

TEST(WireCodecTest, MalformedJsonIsInvalidArgument) {
  auto job = FromJson<Job>(R"({"metadata":)");
  EXPECT_EQ(job.status().code(), StatusCode::kInvalidArgument);
  EXPECT_THAT(job.status().message(), HasSubstr("malformed JSON"));
}

TEST(WireCodecTest, DeepNestingIsRejectedWithoutRecursion) {
  std::string const deep = std::string(100000, '[') + std::string(100000, ']');
  auto job = FromJson<Job>(deep);
  EXPECT_EQ(job.status().code(), StatusCode::kInvalidArgument);
  EXPECT_THAT(job.status().message(), HasSubstr("nesting"));
}

TEST(WireCodecTest, BracketsInsideStringsDoNotCountAsNesting) {
  std::string const name = std::string(100, '[');
  auto job = FromJson<Job>(R"({"metadata":{"name":")" + name + R"("}})");
  ASSERT_TRUE(job.ok()) << job.status();
  EXPECT_THAT(job->metadata.name, Optional(name));
}

TEST(WireCodecTest, InvalidUtf8IsRejectedAtParse) {
  EXPECT_EQ(FromJson<Job>("{\"metadata\":{\"name\":\"\xff\"}}").status().code(),
            StatusCode::kInvalidArgument);
}

TEST(WireCodecTest, EncodingInvalidUtf8SetInCodeDoesNotThrow) {
  Job job;
  job.metadata.name = std::string("bad\xff");
  EXPECT_THAT(ToJson(job), HasSubstr("bad"));
}

TEST(WireCodecTest, EventTimeKeepsStringOrNumber) {
  auto events = FromJson<std::vector<Event>>(
      R"([{"type":"Normal","reason":"A","count":1,"last_observed_time":"2026-01-01T00:00:00Z"},
          {"type":"Normal","reason":"B","count":1,"last_observed_time":1767225600000}])");
  ASSERT_TRUE(events.ok()) << events.status();
  EXPECT_EQ(std::get<std::string>(*(*events)[0].last_observed_time), "2026-01-01T00:00:00Z");
  EXPECT_EQ(std::get<std::int64_t>(*(*events)[1].last_observed_time), 1767225600000);
}

TEST(WireCodecTest, NodeGroupAlwaysHasMetadataSpecAndStatus) {
  EXPECT_EQ(ToJson(NodeGroup{}), R"({"metadata":{},"spec":{},"status":{}})");
}

TEST(WireCodecTest, NodeAlwaysHasUnschedulable) {
  EXPECT_EQ(Json::parse(ToJson(Node{}))["spec"]["unschedulable"], false);
}

TEST(WireCodecTest, EmptyJobListIsAnEmptyArrayNotNull) {
  EXPECT_EQ(ToJson(JobList{}), R"({"jobs":[]})");
}

TEST(WireCodecTest, BareListOfWrongTypeIsRejected) {
  EXPECT_EQ(FromJson<std::vector<Replica>>(R"({"replicas":[]})").status().code(),
            StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace lepton
