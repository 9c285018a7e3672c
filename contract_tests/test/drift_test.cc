// The drift guard's recording (paths, scrubbing) and comparison, on a real fake.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <string>

#include "lepton/connection.h"
#include "lepton/contract/drift.h"
#include "lepton/fake/testing.h"
#include "recording.h"

namespace lepton::contract {
namespace {

using ::testing::AllOf;
using ::testing::Contains;
using ::testing::Field;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

TEST(TemplatePathTest, ReplacesWhatIdentifiesAJobAndItsReplica) {
  EXPECT_EQ(TemplatePath("/jobs/j-abc/replicas/r-1/log"), "/jobs/{job}/replicas/{replica}/log");
}

TEST(TemplatePathTest, KeepsQueryNamesSortedAndOnlyTheQueryModeValue) {
  EXPECT_EQ(TemplatePath("/jobs/x?q=secret&job_query_mode=alive_only&page=2"),
            "/jobs/{job}?job_query_mode=alive_only&page&q");
}

TEST(ScrubbedTest, ReplacesIdsNamesAndMessagesButKeepsNumbersAndStructure) {
  auto const json = nlohmann::json::parse(
      R"({"metadata": {"id": "j-1", "name": "train", "created_at": 5},
          "message": "job 'j-1' not found"})");
  auto const scrubbed = Scrubbed(json, "tok");
  EXPECT_EQ(scrubbed["metadata"]["id"], "<scrubbed>");
  EXPECT_EQ(scrubbed["metadata"]["name"], "<scrubbed>");
  EXPECT_EQ(scrubbed["message"], "<scrubbed>");
  EXPECT_EQ(scrubbed["metadata"]["created_at"], 5);
}

TEST(ScrubbedTest, KeepsOneWordValuesOfEnumerationKeys) {
  auto const scrubbed = Scrubbed(
      nlohmann::json::parse(R"({"status": {"state": "Running"}, "code": "InvalidArgument"})"),
      "tok");
  EXPECT_EQ(scrubbed["status"]["state"], "Running");
  EXPECT_EQ(scrubbed["code"], "InvalidArgument");
}

TEST(ScrubbedTest, ReplacesAnEnumerationValueThatContainsTheToken) {
  auto const scrubbed = Scrubbed(nlohmann::json::parse(R"({"state": "tok-123"})"), "tok-123");
  EXPECT_EQ(scrubbed["state"], "<scrubbed>");
}

TEST(ScrubbedTest, CollapsesLabelsToOneEntryWithoutNamesOrValues) {
  auto const scrubbed = Scrubbed(
      nlohmann::json::parse(R"({"labels": {"team": "research", "owner": "alice"}})"), "tok");
  EXPECT_EQ(scrubbed["labels"], nlohmann::json::parse(R"({"*": "<scrubbed>"})"));
}

// Two recordings of the same calls against fresh fakes, and a copy with one field renamed.
class DriftTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = std::filesystem::temp_directory_path() /
            ("drift-test-" + std::to_string(std::random_device{}()));
    Record(root_ / "a");
    Record(root_ / "b");
  }
  void TearDown() override { std::filesystem::remove_all(root_); }

  // Creates, reads and lists one job on a fresh in-process fake, recording every answer.
  static void Record(std::filesystem::path const& dir) {
    auto clock = std::make_shared<ManualClock>();
    fake::FakeLeptonOptions options;
    options.clock = clock;
    auto fake = fake::FakeLepton::Start(options);
    ASSERT_TRUE(fake.ok());
    ClientOptions client_options = (*fake)->client_options();
    auto recorder = std::make_shared<ExchangeRecorder>(dir.string(), "calls", client_options.token);
    client_options.exchange_observer = [recorder](HttpExchange const& e) { recorder->Record(e); };
    auto connection = MakeConnection(client_options);
    ASSERT_TRUE(connection.ok());
    Client client(*connection);
    Job job;
    job.metadata.name = "drift-probe";
    job.spec.emplace().resource_shape = "cpu.small";
    job.spec->container.emplace().image = "ubuntu:24.04";
    job.spec->container->command = std::vector<std::string>{"echo", "hi"};
    auto created = client.CreateJob(job);
    ASSERT_TRUE(created.ok()) << created.status();
    ASSERT_TRUE(client.GetJob(*created->metadata.id).ok());
    ASSERT_TRUE(client.ListJobs().ok());
    EXPECT_FALSE(client.GetJob("no-such-job").ok());
  }

  // Rewrites every recorded answer of `dir`, renaming the key `from` to `to`.
  static void RenameKey(std::filesystem::path const& dir, std::string const& from,
                        std::string const& to) {
    auto const file = dir / "calls.jsonl";
    std::ifstream in(file);
    std::string text((std::istreambuf_iterator<char>(in)), {});
    for (std::size_t at; (at = text.find("\"" + from + "\":")) != std::string::npos;) {
      text.replace(at, from.size() + 3, "\"" + to + "\":");
    }
    std::ofstream(file) << text;
  }

  std::filesystem::path root_;
};

TEST_F(DriftTest, SameCallsOnTwoFakesShowNoDifference) {
  auto drifts = CompareRecordings((root_ / "a").string(), (root_ / "b").string());
  ASSERT_TRUE(drifts.ok()) << drifts.status();
  for (auto const& d : *drifts) ADD_FAILURE() << FormatDrift(d);
}

TEST_F(DriftTest, ARenamedFieldIsReportedUnderBothNames) {
  RenameKey(root_ / "a", "state", "phase");
  auto drifts = CompareRecordings((root_ / "a").string(), (root_ / "b").string());
  ASSERT_TRUE(drifts.ok()) << drifts.status();
  EXPECT_THAT(*drifts, Contains(AllOf(Field(&Drift::field, "status.phase"),
                                      Field(&Drift::what, HasSubstr("never sent by the fake")))));
  EXPECT_THAT(*drifts, Contains(AllOf(Field(&Drift::field, "status.state"),
                                      Field(&Drift::what, HasSubstr("never recorded")))));
}

TEST_F(DriftTest, AChangedTypeIsReported) {
  auto const file = root_ / "a" / "calls.jsonl";
  std::ifstream in(file);
  std::string text((std::istreambuf_iterator<char>(in)), {});
  in.close();
  // created_at becomes a string, as an RFC 3339 time would be.
  for (std::size_t at = 0; (at = text.find("\"created_at\":", at)) != std::string::npos;) {
    at += 13;
    auto const end = text.find_first_of(",}", at);
    text.replace(at, end - at, "\"2026-12-01T00:00:00Z\"");
  }
  std::ofstream(file) << text;
  auto drifts = CompareRecordings((root_ / "a").string(), (root_ / "b").string());
  ASSERT_TRUE(drifts.ok()) << drifts.status();
  EXPECT_THAT(*drifts, Contains(AllOf(Field(&Drift::field, "metadata.created_at"),
                                      Field(&Drift::what, HasSubstr("recorded as string")))));
}

TEST_F(DriftTest, ACallOnlyTheFakeAnsweredIsANoteNotADifference) {
  std::ofstream(root_ / "b" / "extra.jsonl")
      << R"({"call": "GET /workspace 200", "response": {"id": "x"}})" << "\n";
  auto drifts = CompareRecordings((root_ / "a").string(), (root_ / "b").string());
  ASSERT_TRUE(drifts.ok()) << drifts.status();
  ASSERT_EQ(drifts->size(), 1u);
  EXPECT_FALSE(drifts->front().is_difference);
}

TEST_F(DriftTest, ARecordedCallTheFakeNeverAnsweredIsADifference) {
  std::ofstream(root_ / "a" / "extra.jsonl")
      << R"({"call": "GET /workspace 200", "response": {"id": "x"}})" << "\n";
  auto drifts = CompareRecordings((root_ / "a").string(), (root_ / "b").string());
  ASSERT_TRUE(drifts.ok()) << drifts.status();
  ASSERT_EQ(drifts->size(), 1u);
  EXPECT_TRUE(drifts->front().is_difference);
  EXPECT_EQ(drifts->front().call, "GET /workspace 200");
}

TEST(CompareRecordingsTest, ADirectoryWithoutRecordingsIsNotFound) {
  auto const empty = std::filesystem::temp_directory_path() /
                     ("drift-empty-" + std::to_string(std::random_device{}()));
  std::filesystem::create_directories(empty);
  auto drifts = CompareRecordings(empty.string(), empty.string());
  std::filesystem::remove_all(empty);
  EXPECT_EQ(drifts.status().code(), StatusCode::kNotFound);
}

}  // namespace
}  // namespace lepton::contract
