// What leptonctl masks in every error line it prints (FailWith): each token it may use, wherever
// it appears in the line.

#include <gtest/gtest.h>

#include "leptonctl/secret_words.h"

namespace lepton::ctl {
namespace {

// The registry is process-wide: each test registers a token of its own.
TEST(MaskedForErrorsTest, MasksARegisteredTokenInsideOtherWords) {
  MaskInErrors("tok-inside-1");
  EXPECT_EQ(MaskedForErrors("url 'http://u:tok-inside-1@h/x' and 'tok-inside-1', again tok-inside-1"),
            "url 'http://u:***@h/x' and '***', again ***");
}

TEST(MaskedForErrorsTest, LeavesTextWithoutATokenAlone) {
  MaskInErrors("tok-absent-2");
  EXPECT_EQ(MaskedForErrors("leptonctl: error: list: no jobs"), "leptonctl: error: list: no jobs");
}

TEST(MaskedForErrorsTest, MasksATokenThatContainsAnotherWhole) {
  // The shorter one registered first, as --token may be while the environment's is longer.
  MaskInErrors("tok-short-3");
  MaskInErrors("tok-short-3-and-longer");
  EXPECT_EQ(MaskedForErrors("sent tok-short-3-and-longer and tok-short-3"), "sent *** and ***");
}

TEST(MaskedForErrorsTest, IgnoresAnEmptyToken) {
  MaskInErrors("");
  EXPECT_EQ(MaskedForErrors("abc"), "abc");
}

}  // namespace
}  // namespace lepton::ctl
