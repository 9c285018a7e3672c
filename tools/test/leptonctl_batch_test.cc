// leptonctl --batch: how a line becomes words and how @N / @last become job ids.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "leptonctl/batch.h"

namespace lepton::ctl {
namespace {

using ::testing::ElementsAre;

std::vector<std::string> Words(std::string const& line) {
  auto words = SplitWords(line);
  EXPECT_TRUE(words.ok()) << words.status().message();
  return words.ok() ? *words : std::vector<std::string>{};
}

TEST(SplitWordsTest, BlanksSeparateWords) {
  EXPECT_THAT(Words("wait  @1\t--deadline 2h"), ElementsAre("wait", "@1", "--deadline", "2h"));
}

TEST(SplitWordsTest, SingleQuotesKeepEverything) {
  EXPECT_THAT(Words(R"(submit -- echo 'a "b" \x $c')"),
              ElementsAre("submit", "--", "echo", R"(a "b" \x $c)"));
}

TEST(SplitWordsTest, DoubleQuotesEscapeOnlyWhatTheShellEscapes) {
  EXPECT_THAT(Words(R"(echo "q\" b\\ d\$ t\` x\xff")"), ElementsAre("echo", R"(q" b\ d$ t` x\xff)"));
}

TEST(SplitWordsTest, BackslashOutsideQuotesEscapesTheNextCharacter) {
  EXPECT_THAT(Words(R"(echo a\ b \#c)"), ElementsAre("echo", "a b", "#c"));
}

TEST(SplitWordsTest, HashStartsACommentOnlyAtTheStartOfAWord) {
  EXPECT_THAT(Words("list a#b # the rest"), ElementsAre("list", "a#b"));
}

TEST(SplitWordsTest, AnUnterminatedQuoteIsAnError) {
  auto words = SplitWords("echo 'open");
  ASSERT_FALSE(words.ok());
  EXPECT_EQ(words.status().code(), StatusCode::kInvalidArgument);
}

TEST(ResolveJobRefsTest, NumbersAndLastBecomeIds) {
  std::vector<std::string> words = {"wait", "@1", "@2", "@last", "x@1"};
  ASSERT_TRUE(ResolveJobRefs(words, {"a-1", "b-2"}).ok());
  EXPECT_THAT(words, ElementsAre("wait", "a-1", "b-2", "b-2", "x@1"));
}

TEST(ResolveJobRefsTest, AReferenceBeyondTheSubmittedJobsIsAnError) {
  std::vector<std::string> words = {"wait", "@3"};
  EXPECT_EQ(ResolveJobRefs(words, {"a-1"}).code(), StatusCode::kInvalidArgument);
  std::vector<std::string> last = {"wait", "@last"};
  EXPECT_EQ(ResolveJobRefs(last, {}).code(), StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace lepton::ctl
