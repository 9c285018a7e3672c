// base64 as GNU coreutils' `base64` writes it and `base64 -d` reads it.

#include "base64_codec.h"

#include <gtest/gtest.h>

#include <string>

namespace lepton::fake {
namespace {

TEST(Base64CodecTest, EncodesWithPadding) {
  EXPECT_EQ(Base64Encode(""), "");
  EXPECT_EQ(Base64Encode("A"), "QQ==");
  EXPECT_EQ(Base64Encode("AB"), "QUI=");
  EXPECT_EQ(Base64Encode("ABC"), "QUJD");
  EXPECT_EQ(Base64Encode(std::string("\xff\xfe\x00", 3)), "//4A");
}

TEST(Base64CodecTest, DecodeOfTheEncodingGivesEveryByteBack) {
  std::string bytes;
  for (int value = 0; value < 256; ++value) bytes += static_cast<char>(value);
  for (std::size_t length = 0; length <= bytes.size(); length += 37) {
    auto const decoded = Base64Decode(Base64Encode(bytes.substr(0, length)));
    EXPECT_TRUE(decoded.ok) << length;
    EXPECT_EQ(decoded.bytes, bytes.substr(0, length)) << length;
  }
}

TEST(Base64CodecTest, DecodeSkipsNewlinesAsEchoAndWrappedOutputHaveThem) {
  auto const decoded = Base64Decode("QUJD\nRA==\n");
  EXPECT_TRUE(decoded.ok);
  EXPECT_EQ(decoded.bytes, "ABCD");
}

TEST(Base64CodecTest, DecodeOfConcatenatedPaddedGroupsDecodesEach) {
  auto const decoded = Base64Decode("QQ==QQ==");
  EXPECT_TRUE(decoded.ok);
  EXPECT_EQ(decoded.bytes, "AA");
}

TEST(Base64CodecTest, AByteOutsideTheAlphabetIsInvalidAfterTheBytesBeforeIt) {
  auto const decoded = Base64Decode("QUJD QQ==");
  EXPECT_FALSE(decoded.ok);
  EXPECT_EQ(decoded.bytes, "ABC");
}

TEST(Base64CodecTest, AnUnfinishedGroupWritesItsBytesAndIsInvalid) {
  auto const unpadded = Base64Decode("QQ");
  EXPECT_FALSE(unpadded.ok);
  EXPECT_EQ(unpadded.bytes, "A");
  auto const half_padded = Base64Decode("QQ=");
  EXPECT_FALSE(half_padded.ok);
  EXPECT_EQ(half_padded.bytes, "A");
  EXPECT_FALSE(Base64Decode("Q").ok);
}

TEST(Base64CodecTest, DataAfterPaddingInsideAGroupIsInvalid) {
  EXPECT_FALSE(Base64Decode("QQ=A").ok);
  EXPECT_FALSE(Base64Decode("=QUJ").ok);
}

}  // namespace
}  // namespace lepton::fake
