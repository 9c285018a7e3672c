// The fake's tar reader and writer: GNU tar's own archives read, its long names, round trips,
// and refusals of what is not a tar or not a file.

#include "tar_archive.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdio>
#include <string>
#include <vector>

#include "base64_codec.h"
#include "gzip_codec.h"

namespace lepton::fake {
namespace {

using ::testing::ElementsAre;
using ::testing::Truly;

// An archive GNU tar 1.34 made and gzip compressed, base64 (`tar --format=gnu --owner=0
// --group=0 --numeric-owner --mtime=@0 --sort=name -cf - -C src . | gzip -n -9 | base64`) of:
// ./launch_script.sh ("echo staged\n"), ./configs/train.yaml ("lr: 3e-4\n") and a file whose
// name is 120 'd's + ".txt" ("long\n"), which GNU tar writes with a ././@LongLink member.
constexpr char kGnuArchive[] =
    "H4sIAAAAAAACA+3WTQ6CMBAF4K49RS9gaaGliSsPwB0MqQhELAZKore3YQfxZ0U18r7NsOblzZRFZHHc00qN05vPJ9"
    "8plzGhigQw9C7vKCUrxSLT2lNd9tEv5a+lRv6B83ddXlt2zy/NEvmnUr7OX4hp/kLINCGUI//FNd2OJsVWbgiss/8s"
    "2metLbPanhfc/+/6L7Se9X8cNEP/A+R//BLmbg79W0P+H+8/V9P+J/4BoHH/g9x/v/px+9fc/yYfrKkOvenqq2N9Ff"
    "7+cyHn7/84Rv+DKEzVUv8LyuKINQAAAAAAAAAAAADwRx7U759DACgAAA==";

// GNU tar, the same way, of a.txt ("x\n") and a symbolic link `link` -> a.txt.
constexpr char kGnuArchiveWithSymlink[] =
    "H4sIAAAAAAACA+3UMQrDMBBE0a1zij2BpMiS9zwuQ0KKWAEf38KlCQYXMgT918z2w47z0lyoLOctq33+uMeQomiWC3"
    "znMn1UpVPOT64spXn/Y0oH/cdd/xbug2ig/+aWm6Bjzr8e7+cF+292Yv/NamhsP03d/z8AAAAAAAAAAAAAAPh/K5hG"
    "3scAKAAA";

// GNU tar --format=pax of one file named 110 'e's ("p\n"): the name is in a pax 'x' header.
constexpr char kPaxArchive[] =
    "H4sIAAAAAAACA+3UvQrCMBSG4cxeRa6g+WvSyd3RWwhYcCxthV6+0ckWi4sRD7zPcrKFk48vjVHV2aKL8TmL7Xxz7k"
    "LrlY7qB27TnMdy5TeWfF1OiMac83Lq86UfJ9PX8XiP1La7+bvOr/MPLqSg9CIpf6Gc93rI8/XY1Ep/x0HhL/pfP+pP"
    "/bd223+fbFLaSuq/0P9/oIcAAAAAAAAAAAAAAIh3B5zmDUAAKAAA";

std::string Unpacked(char const* base64) {
  auto const gz = Base64Decode(base64);
  EXPECT_TRUE(gz.ok);
  auto tar = GzipDecompress(gz.bytes, 1 << 20);
  EXPECT_EQ(tar.outcome, Gunzipped::Outcome::kOk);
  return tar.bytes;
}

TarEntry File(std::string name, std::string bytes) {
  return TarEntry{TarEntry::Type::kFile, std::move(name), std::move(bytes), 0644, '0'};
}
TarEntry Directory(std::string name) {
  return TarEntry{TarEntry::Type::kDirectory, std::move(name), "", 0755, '5'};
}

TEST(TarArchiveTest, ReadsWhatGnuTarWroteLongNameIncluded) {
  auto const read = ReadTar(Unpacked(kGnuArchive), 100);
  ASSERT_EQ(read.outcome, TarRead::Outcome::kOk);
  std::string const long_name = "./" + std::string(120, 'd') + ".txt";
  EXPECT_THAT(read.entries, ElementsAre(Directory("."), Directory("./configs"),
                                        File("./configs/train.yaml", "lr: 3e-4\n"),
                                        File(long_name, "long\n"),
                                        File("./launch_script.sh", "echo staged\n")));
}

TEST(TarArchiveTest, ReadsAPaxPathRecord) {
  auto const read = ReadTar(Unpacked(kPaxArchive), 100);
  ASSERT_EQ(read.outcome, TarRead::Outcome::kOk);
  ASSERT_EQ(read.entries.size(), 2U);
  EXPECT_EQ(read.entries[1].name, "./" + std::string(110, 'e'));
  EXPECT_EQ(read.entries[1].bytes, "p\n");
}

TEST(TarArchiveTest, ASymbolicLinkIsListedAsUnsupported) {
  auto const read = ReadTar(Unpacked(kGnuArchiveWithSymlink), 100);
  ASSERT_EQ(read.outcome, TarRead::Outcome::kOk);
  EXPECT_THAT(read.entries,
              ElementsAre(Directory("."), File("./a.txt", "x\n"),
                          Truly([](TarEntry const& e) {
                            return e.type == TarEntry::Type::kUnsupported && e.name == "./link" &&
                                   e.type_flag == '2';
                          })));
}

TEST(TarArchiveTest, RoundTripKeepsFilesDirectoriesModesAndLongNames) {
  std::string const long_name = "deep/" + std::string(200, 'n') + "/file.bin";
  std::string every_byte;
  for (int value = 0; value < 256; ++value) every_byte += static_cast<char>(value);
  std::vector<TarEntry> const entries = {
      Directory("deep"),
      File("deep/empty", ""),
      File(long_name, every_byte + every_byte),
      TarEntry{TarEntry::Type::kFile, "run.sh", "#!/bin/sh\n", 0755, '0'},
  };
  std::string const archive = WriteTar(entries, 1700000000);
  EXPECT_EQ(archive.size() % 10240, 0U);
  auto const read = ReadTar(archive, 100);
  ASSERT_EQ(read.outcome, TarRead::Outcome::kOk);
  EXPECT_EQ(read.entries, entries);
}

TEST(TarArchiveTest, HeadersAreGnuFormatWithAValidChecksum) {
  std::string const archive = WriteTar({File("a.txt", "a\n")}, 0);
  EXPECT_EQ(archive.substr(0, 6), std::string("a.txt\0", 6));
  EXPECT_EQ(archive.substr(257, 8), std::string("ustar  \0", 8));
  EXPECT_EQ(archive[156], '0');
  EXPECT_EQ(archive.substr(124, 12), std::string("00000000002\0", 12));
}

TEST(TarArchiveTest, BytesThatAreNotATarAreRefused) {
  EXPECT_EQ(ReadTar(std::string(1024, 'x'), 100).outcome, TarRead::Outcome::kNotTar);
  EXPECT_EQ(ReadTar("short", 100).outcome, TarRead::Outcome::kNotTar);
}

TEST(TarArchiveTest, AnArchiveCutInsideAMemberIsTruncated) {
  std::string const archive = WriteTar({File("a.txt", std::string(2000, 'a'))}, 0);
  auto const read = ReadTar(archive.substr(0, 1024), 100);
  EXPECT_EQ(read.outcome, TarRead::Outcome::kTruncated);
}

TEST(TarArchiveTest, ABadChecksumAfterTheFirstMemberStopsThereKeepingWhatWasRead) {
  std::string archive = WriteTar({File("a.txt", "a\n"), File("b.txt", "b\n")}, 0);
  archive[1024] ^= 1;  // The second header's name.
  auto const read = ReadTar(archive, 100);
  EXPECT_EQ(read.outcome, TarRead::Outcome::kBadHeader);
  EXPECT_THAT(read.entries, ElementsAre(File("a.txt", "a\n")));
}

TEST(TarArchiveTest, MoreMembersThanTheLimitAreRefused) {
  std::vector<TarEntry> entries;
  for (int i = 0; i < 5; ++i) entries.push_back(File("f" + std::to_string(i), "x"));
  auto const read = ReadTar(WriteTar(entries, 0), 4);
  EXPECT_EQ(read.outcome, TarRead::Outcome::kTooManyEntries);
  EXPECT_EQ(read.entries.size(), 4U);
}

TEST(TarArchiveTest, AHugeSizeFieldIsTruncatedNotAnAllocation) {
  std::string archive = WriteTar({File("a.txt", "a")}, 0);
  // Base-256 size of 2^62 bytes, checksum recomputed.
  std::string header = archive.substr(0, 512);
  header.replace(124, 12, std::string("\x80\0\0\0\x40\0\0\0\0\0\0\0", 12));
  header.replace(148, 8, "        ");
  unsigned sum = 0;
  for (char c : header) sum += static_cast<unsigned char>(c);
  char checksum[8];
  std::snprintf(checksum, sizeof checksum, "%06o", sum);
  header.replace(148, 6, checksum);
  header[154] = '\0';
  auto const read = ReadTar(header + archive.substr(512), 100);
  EXPECT_EQ(read.outcome, TarRead::Outcome::kTruncated);
}

}  // namespace
}  // namespace lepton::fake
