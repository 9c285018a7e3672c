// gzip through zlib: what `gzip` writes decompresses, and bad or huge input is refused within
// the bound.

#include "gzip_codec.h"

#include <gtest/gtest.h>

#include <string>

#include "base64_codec.h"

namespace lepton::fake {
namespace {

using Outcome = Gunzipped::Outcome;

std::string EveryByte(int repeats) {
  std::string bytes;
  for (int r = 0; r < repeats; ++r) {
    for (int value = 0; value < 256; ++value) bytes += static_cast<char>(value);
  }
  return bytes;
}

TEST(GzipCodecTest, RoundTripGivesTheBytesBack) {
  std::string const bytes = EveryByte(300);
  std::string const compressed = GzipCompress(bytes);
  EXPECT_TRUE(LooksGzipped(compressed));
  auto const out = GzipDecompress(compressed, bytes.size());
  ASSERT_EQ(out.outcome, Outcome::kOk);
  EXPECT_EQ(out.bytes, bytes);
}

TEST(GzipCodecTest, DecompressesWhatGnuGzipWrote) {
  // `printf 'hello gzip\n' | gzip -n -9 | base64`
  auto const compressed = Base64Decode("H4sIAAAAAAACA8tIzcnJV0ivyizgAgA5fGNWCwAAAA==");
  ASSERT_TRUE(compressed.ok);
  auto const out = GzipDecompress(compressed.bytes, 1024);
  ASSERT_EQ(out.outcome, Outcome::kOk);
  EXPECT_EQ(out.bytes, "hello gzip\n");
}

TEST(GzipCodecTest, ConcatenatedMembersDecompressOneAfterTheOther) {
  auto const out = GzipDecompress(GzipCompress("first ") + GzipCompress("second"), 1024);
  ASSERT_EQ(out.outcome, Outcome::kOk);
  EXPECT_EQ(out.bytes, "first second");
}

TEST(GzipCodecTest, BytesWithoutTheMagicAreNotGzip) {
  EXPECT_EQ(GzipDecompress("plain text", 1024).outcome, Outcome::kNotGzip);
  EXPECT_EQ(GzipDecompress("", 1024).outcome, Outcome::kNotGzip);
}

TEST(GzipCodecTest, ACutStreamIsTruncated) {
  std::string const compressed = GzipCompress(EveryByte(40));
  auto const out = GzipDecompress(compressed.substr(0, compressed.size() / 2), 1 << 20);
  EXPECT_EQ(out.outcome, Outcome::kTruncated);
  EXPECT_TRUE(out.bytes.empty());
}

TEST(GzipCodecTest, AFlippedByteIsCorrupt) {
  std::string compressed = GzipCompress(EveryByte(40));
  compressed[compressed.size() - 6] ^= 0x55;  // In the CRC-32 of the trailer.
  EXPECT_EQ(GzipDecompress(compressed, 1 << 20).outcome, Outcome::kCorrupt);
}

TEST(GzipCodecTest, TrailingGarbageIsCorrupt) {
  EXPECT_EQ(GzipDecompress(GzipCompress("x") + "junk", 1024).outcome, Outcome::kCorrupt);
}

TEST(GzipCodecTest, ABombStopsAtTheBoundWithoutMakingItsOutput) {
  // 16 MiB of zeros compress to about 16 KiB; only 1 MiB may come out.
  std::string const bomb = GzipCompress(std::string(16U << 20, '\0'));
  ASSERT_LT(bomb.size(), 64U << 10);
  auto const out = GzipDecompress(bomb, 1U << 20);
  EXPECT_EQ(out.outcome, Outcome::kTooLarge);
  EXPECT_TRUE(out.bytes.empty());
}

TEST(GzipCodecTest, OutputOfExactlyTheBoundIsAccepted) {
  auto const out = GzipDecompress(GzipCompress(std::string(1000, 'a')), 1000);
  EXPECT_EQ(out.outcome, Outcome::kOk);
  EXPECT_EQ(GzipDecompress(GzipCompress(std::string(1001, 'a')), 1000).outcome, Outcome::kTooLarge);
}

}  // namespace
}  // namespace lepton::fake
