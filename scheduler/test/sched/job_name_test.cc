// Job names: unique DNS labels. BugNN names the NeMo-Run bug (docs/architecture.md, "NeMo-Run's
// bugs, by number"), stated above each test.

#include "lepton/sched/job_name.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <regex>
#include <string>
#include <vector>

namespace lepton::sched {
namespace {

bool IsDnsLabel(std::string const& name) {
  static std::regex const kLabel("[a-z]([a-z0-9-]*[a-z0-9])?");
  return name.size() <= 63 && std::regex_match(name, kLabel);
}

TEST(JobNameTest, KeepsASimpleNameAndAddsTheSuffix) {
  EXPECT_EQ(MakeJobName("train", "x7k2p"), "train-x7k2p");
}

// Bug 14: NeMo-Run's job id is the role name alone; two launches of one app must not collide.
TEST(JobNameTest, Bug14_TwoLaunchesOfOneAppGetDistinctNames) {
  EXPECT_NE(MakeJobName("pretrain_llama", "aaaaa"), MakeJobName("pretrain_llama", "bbbbb"));
}

// Bug 14: NeMo-Run cuts names at 34 characters; two long names sharing a long prefix must not
// collide either.
TEST(JobNameTest, Bug14_LongNamesWithACommonPrefixStayDistinct) {
  std::string const prefix(40, 'a');
  EXPECT_NE(MakeJobName(prefix + "-one", "s"), MakeJobName(prefix + "-two", "s"));
}

// Bug 15: NeMo-Run replaces only `_` and `.`; every character that is not [a-z0-9-] is handled.
TEST(JobNameTest, Bug15_EveryNameBecomesADnsLabel) {
  std::vector<std::string> const names = {"My Job/v2:final", "__x__", "9lives", "--", "",
                                          "ünïcode", "a.b_c d", std::string(100, 'z') + "-"};
  for (std::string const& name : names) {
    std::string const job = MakeJobName(name, "q1w2e");
    EXPECT_TRUE(IsDnsLabel(job)) << "'" << name << "' -> '" << job << "'";
    EXPECT_LE(job.size(), kMaxJobNameLength) << job;
  }
}

// Bug 15: NeMo-Run's truncation can leave a trailing '-'; this one never does.
TEST(JobNameTest, Bug15_TruncationNeverEndsWithADash) {
  std::string const name = std::string(21, 'a') + "-" + std::string(30, 'b');
  EXPECT_THAT(MakeJobName(name, ""), ::testing::Not(::testing::EndsWith("-")));
}

TEST(JobNameTest, ANameStartingWithADigitGetsALetterInFront) {
  EXPECT_EQ(MakeJobName("9lives", "abcde"), "app-9lives-abcde");
}

}  // namespace
}  // namespace lepton::sched
