// The runner's per-backend summary: counts, failures with their reason, skips grouped by reason.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <random>

#include "summary.h"

namespace lepton::contract {
namespace {

using ::testing::HasSubstr;

BackendSummary Sample() {
  BackendSummary s;
  s.backend = "live";
  s.outcomes = {{"A.Passes", "passed", ""},
                {"A.Fails", "failed", "a_test.cc:3: Expected ok"},
                {"A.NeedsTime", "skipped", "the live backend cannot: control time"},
                {"B.NeedsTime", "skipped", "the live backend cannot: control time"}};
  return s;
}

TEST(SummaryTest, CountsEachOutcome) {
  EXPECT_THAT(FormatSummaries({Sample()}), HasSubstr("live         1 passed,   1 failed,   2 skipped"));
}

TEST(SummaryTest, NamesEachFailureWithItsReason) {
  EXPECT_THAT(FormatSummaries({Sample()}), HasSubstr("FAILED  A.Fails: a_test.cc:3: Expected ok"));
}

TEST(SummaryTest, GroupsSkipsByReason) {
  EXPECT_THAT(FormatSummaries({Sample()}),
              HasSubstr("skipped   2: the live backend cannot: control time"));
}

TEST(SummaryTest, ABackendThatDidNotReportSaysWhy) {
  BackendSummary s;
  s.backend = "process";
  s.error = "killed by signal 11";
  EXPECT_THAT(FormatSummaries({s}), HasSubstr("process    did not report: killed by signal 11"));
}

TEST(SummaryTest, SurvivesAWriteAndARead) {
  auto const file = std::filesystem::temp_directory_path() /
                    ("summary-" + std::to_string(std::random_device{}()) + ".json");
  ASSERT_TRUE(WriteSummary(Sample(), file.string()).ok());
  auto read = ReadSummary(file.string());
  std::filesystem::remove(file);
  ASSERT_TRUE(read.ok()) << read.status();
  EXPECT_EQ(read->backend, "live");
  ASSERT_EQ(read->outcomes.size(), 4u);
  EXPECT_EQ(read->outcomes[1].why, "a_test.cc:3: Expected ok");
}

TEST(SummaryTest, AMissingFileIsDataLoss) {
  EXPECT_EQ(ReadSummary("/nonexistent/summary.json").status().code(), StatusCode::kDataLoss);
}

}  // namespace
}  // namespace lepton::contract
