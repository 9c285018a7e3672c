// What leptonctl masks before printing an argument parser's complaint or a batch line.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "leptonctl/secret_words.h"

namespace lepton::ctl {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::UnorderedElementsAre;

bool KnownFlag(std::string_view flag) { return flag == "--json" || flag == "-e" || flag == "--grep"; }

std::vector<std::string> Secrets(std::vector<std::string> const& words, std::string const& env = "") {
  return SecretWords(words, KnownFlag, env);
}

TEST(SecretWordsTest, TheTokenFlagsValueIsSecretInBothSpellings) {
  EXPECT_THAT(Secrets({"list", "--token", "abc"}), ElementsAre("abc"));
  EXPECT_THAT(Secrets({"list", "--token=abc"}), ElementsAre("abc"));
}

TEST(SecretWordsTest, TheValueAfterAnUnknownFlagIsSecret) {
  EXPECT_THAT(Secrets({"list", "--tokne", "abc"}), ElementsAre("abc"));
  EXPECT_THAT(Secrets({"list", "--tokne=abc"}), UnorderedElementsAre("abc", "--tokne=abc"));
}

TEST(SecretWordsTest, KnownFlagsAndTheJobsCommandAreNotSecret) {
  EXPECT_THAT(Secrets({"logs", "x", "--grep", "loss", "--json"}), IsEmpty());
  EXPECT_THAT(Secrets({"submit", "-e", "A=1", "--", "python", "--lr", "3e-4"}), IsEmpty());
}

TEST(SecretWordsTest, TheEnvironmentsTokenIsAlwaysSecret) {
  EXPECT_THAT(Secrets({"list"}, "envtok"), ElementsAre("envtok"));
}

TEST(MaskWordsTest, MasksWholeWordsOnly) {
  EXPECT_EQ(MaskWords("The following arguments were not expected: abc --tokne", {"abc"}),
            "The following arguments were not expected: *** --tokne");
  EXPECT_EQ(MaskWords("At Most 1 required", {"A"}), "At Most 1 required");
  EXPECT_EQ(MaskWords("'abc' and abc,abc", {"abc"}), "'***' and ***,***");
}

}  // namespace
}  // namespace lepton::ctl
