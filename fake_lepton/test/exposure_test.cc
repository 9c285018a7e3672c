// The fake's exposure checks: the token comparison and what counts as a loopback address.

#include "exposure.h"

#include <gtest/gtest.h>

namespace lepton::fake {
namespace {

TEST(ConstantTimeEqualsTest, EqualStringsAreEqual) {
  EXPECT_TRUE(ConstantTimeEquals("Bearer fake-token", "Bearer fake-token"));
  EXPECT_TRUE(ConstantTimeEquals("", ""));
}

TEST(ConstantTimeEqualsTest, ADifferenceInTheLastByteIsADifference) {
  EXPECT_FALSE(ConstantTimeEquals("Bearer fake-token", "Bearer fake-tokeN"));
}

TEST(ConstantTimeEqualsTest, APrefixIsNotEqual) {
  EXPECT_FALSE(ConstantTimeEquals("Bearer fake", "Bearer fake-token"));
  EXPECT_FALSE(ConstantTimeEquals("Bearer fake-token", "Bearer fake"));
  EXPECT_FALSE(ConstantTimeEquals("", "x"));
}

TEST(ConstantTimeEqualsTest, ANulByteIsCompared) {
  EXPECT_FALSE(ConstantTimeEquals(std::string_view("a\0b", 3), std::string_view("a\0c", 3)));
}

TEST(IsLoopbackHostTest, LoopbackAddressesAreLoopback) {
  for (char const* host : {"127.0.0.1", "127.1.2.3", "localhost", "::1", "[::1]"}) {
    EXPECT_TRUE(IsLoopbackHost(host)) << host;
  }
}

TEST(IsLoopbackHostTest, WildcardAndOtherAddressesAreNot) {
  for (char const* host : {"0.0.0.0", "::", "[::]", "10.0.0.5", "128.0.0.1", "192.168.1.10",
                           "example.com", "", "127.0.0.1.evil", "::2"}) {
    EXPECT_FALSE(IsLoopbackHost(host)) << host;
  }
}

}  // namespace
}  // namespace lepton::fake
