// The storage file systems without HTTP: paths, directories, files, usage and limits.

#include "file_store.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <string>
#include <thread>
#include <vector>

namespace lepton::fake {
namespace {

using ::testing::ElementsAre;

class FileStoreTest : public ::testing::Test {
 protected:
  std::shared_ptr<ManualClock> clock_ = std::make_shared<ManualClock>();
  FileStore store_{{"default", "scratch"}, FileStore::Limits{1000, 400}, clock_};

  std::vector<std::string> Names(std::string const& path, std::string const& fs = "default") {
    auto entries = store_.List(fs, path);
    EXPECT_TRUE(entries.ok()) << entries.status();
    std::vector<std::string> out;
    if (entries.ok()) {
      for (auto const& e : *entries) out.push_back(e.name + (e.directory ? "/" : ""));
    }
    return out;
  }

  std::uint64_t Used(std::string const& fs = "default") {
    auto usage = store_.Usage(fs);
    EXPECT_TRUE(usage.ok()) << usage.status();
    return usage.ok() ? usage->used_bytes : 0;
  }
};

TEST(FileStoreNormalizeTest, DropsOneTrailingSlash) {
  EXPECT_EQ(*FileStore::Normalize("/a/b/"), "/a/b");
  EXPECT_EQ(*FileStore::Normalize("/"), "/");
}

TEST(FileStoreNormalizeTest, RefusesDotDotDotAndEmptySegments) {
  for (char const* bad : {"/a/../b", "/..", "/a/./b", "/a//b", "//", "/a//", "relative", ""}) {
    EXPECT_EQ(FileStore::Normalize(bad).status().code(), StatusCode::kInvalidArgument) << bad;
  }
}

TEST(FileStoreNormalizeTest, RefusesNulAndControlBytes) {
  EXPECT_FALSE(FileStore::Normalize(std::string("/a\0b", 4)).ok());
  EXPECT_FALSE(FileStore::Normalize("/a\nb").ok());
  EXPECT_FALSE(FileStore::Normalize("/a\x7f").ok());
}

TEST(FileStoreNormalizeTest, AcceptsSpacesPercentAndUtf8) {
  EXPECT_EQ(*FileStore::Normalize("/my dir/50% #1?/\xc3\xa9t\xc3\xa9"),
            "/my dir/50% #1?/\xc3\xa9t\xc3\xa9");
}

TEST(FileStoreNormalizeTest, BoundsSegmentAndPathLength) {
  EXPECT_TRUE(FileStore::Normalize("/" + std::string(255, 'a')).ok());
  EXPECT_FALSE(FileStore::Normalize("/" + std::string(256, 'a')).ok());
  std::string long_path;
  while (long_path.size() <= FileStore::kMaxPathBytes) long_path += "/abcdefgh";
  EXPECT_FALSE(FileStore::Normalize(long_path).ok());
}

TEST_F(FileStoreTest, WrittenFileReadsBack) {
  ASSERT_TRUE(store_.Write("default", "/a.txt", "hello", false).ok());
  auto bytes = store_.Read("default", "/a.txt");
  ASSERT_TRUE(bytes.ok()) << bytes.status();
  EXPECT_EQ(**bytes, "hello");
}

TEST_F(FileStoreTest, WriteNeedsTheParentUnlessAskedToCreateIt) {
  Status const s = store_.Write("default", "/d/a.txt", "x", false);
  EXPECT_EQ(s.code(), StatusCode::kNotFound);
  EXPECT_THAT(s.message(), ::testing::HasSubstr("'/d'"));
  EXPECT_TRUE(store_.Write("default", "/d/e/a.txt", "x", true).ok());
  EXPECT_THAT(Names("/d"), ElementsAre("e/"));
}

TEST_F(FileStoreTest, OverwriteReplacesBytesAndUsage) {
  ASSERT_TRUE(store_.Write("default", "/a", std::string(100, 'x'), false).ok());
  ASSERT_TRUE(store_.Write("default", "/a", std::string(30, 'y'), false).ok());
  EXPECT_EQ(**store_.Read("default", "/a"), std::string(30, 'y'));
  EXPECT_EQ(Used(), 30U);
}

TEST_F(FileStoreTest, AReaderKeepsTheVersionItGot) {
  ASSERT_TRUE(store_.Write("default", "/a", "old", false).ok());
  auto held = *store_.Read("default", "/a");
  ASSERT_TRUE(store_.Write("default", "/a", "new", false).ok());
  ASSERT_TRUE(store_.Remove("default", "/a", false).ok());
  EXPECT_EQ(*held, "old");
}

TEST_F(FileStoreTest, ModificationTimeComesFromTheClock) {
  clock_->Advance(std::chrono::seconds(5));
  TimePoint const written = clock_->Now();
  ASSERT_TRUE(store_.Write("default", "/a", "x", false).ok());
  clock_->Advance(std::chrono::seconds(5));
  EXPECT_EQ(store_.Stat("default", "/a")->modified, written);
}

TEST_F(FileStoreTest, ListingIsSortedByNameWithCanonicalPaths) {
  ASSERT_TRUE(store_.Write("default", "/d/b", "1", true).ok());
  ASSERT_TRUE(store_.Write("default", "/d/a", "1", true).ok());
  ASSERT_TRUE(store_.MakeDirectory("default", "/d/c").ok());
  auto entries = store_.List("default", "/d/");
  ASSERT_TRUE(entries.ok());
  ASSERT_EQ(entries->size(), 3U);
  EXPECT_EQ((*entries)[0].path, "/d/a");
  EXPECT_THAT(Names("/d"), ElementsAre("a", "b", "c/"));
}

TEST_F(FileStoreTest, ListingAFileIsAClash) {
  ASSERT_TRUE(store_.Write("default", "/a", "x", false).ok());
  EXPECT_EQ(store_.List("default", "/a").status().code(), StatusCode::kAlreadyExists);
}

TEST_F(FileStoreTest, MakeDirectoryCreatesParentsAndIsIdempotent) {
  ASSERT_TRUE(store_.MakeDirectory("default", "/a/b/c").ok());
  EXPECT_TRUE(store_.MakeDirectory("default", "/a/b/c").ok());
  EXPECT_TRUE(store_.Stat("default", "/a/b")->directory);
}

TEST_F(FileStoreTest, MakeDirectoryOverAFileIsAClashAndCreatesNothing) {
  ASSERT_TRUE(store_.Write("default", "/f", "x", false).ok());
  EXPECT_EQ(store_.MakeDirectory("default", "/f").code(), StatusCode::kAlreadyExists);
  EXPECT_EQ(store_.MakeDirectory("default", "/f/sub").code(), StatusCode::kAlreadyExists);
  EXPECT_EQ(store_.MakeDirectory("default", "/f/sub").code(), StatusCode::kAlreadyExists);
  EXPECT_THAT(Names("/"), ElementsAre("f"));
}

TEST_F(FileStoreTest, WritingOverADirectoryIsAClash) {
  ASSERT_TRUE(store_.MakeDirectory("default", "/d").ok());
  EXPECT_EQ(store_.Write("default", "/d", "x", false).code(), StatusCode::kAlreadyExists);
}

TEST_F(FileStoreTest, WritingTheRootIsInvalid) {
  EXPECT_EQ(store_.Write("default", "/", "x", false).code(), StatusCode::kInvalidArgument);
}

TEST_F(FileStoreTest, NonEmptyDirectoryNeedsRecursiveDelete) {
  ASSERT_TRUE(store_.Write("default", "/d/a", "abc", true).ok());
  Status const s = store_.Remove("default", "/d", false);
  EXPECT_EQ(s.code(), StatusCode::kFailedPrecondition);
  EXPECT_THAT(s.message(), ::testing::HasSubstr("removeall=true"));
  EXPECT_TRUE(store_.Remove("default", "/d", true).ok());
  EXPECT_EQ(Used(), 0U);
  EXPECT_THAT(Names("/"), ElementsAre());
}

TEST_F(FileStoreTest, DeletingTheRootIsInvalid) {
  EXPECT_EQ(store_.Remove("default", "/", true).code(), StatusCode::kInvalidArgument);
}

TEST_F(FileStoreTest, DeletingAMissingPathIsNotFound) {
  EXPECT_EQ(store_.Remove("default", "/nope", false).code(), StatusCode::kNotFound);
  EXPECT_EQ(store_.Remove("default", "/nope/deeper", false).code(), StatusCode::kNotFound);
}

TEST_F(FileStoreTest, UnknownFileSystemIsNotFound) {
  EXPECT_EQ(store_.Write("nope", "/a", "x", false).code(), StatusCode::kNotFound);
  EXPECT_EQ(store_.Stat("nope", "/").status().code(), StatusCode::kNotFound);
}

TEST_F(FileStoreTest, FileSystemsAreSeparate) {
  ASSERT_TRUE(store_.Write("scratch", "/a", "xyz", false).ok());
  EXPECT_EQ(store_.Stat("default", "/a").status().code(), StatusCode::kNotFound);
  EXPECT_EQ(Used("scratch"), 3U);
  auto all = store_.FileSystems();
  ASSERT_EQ(all.size(), 2U);
  EXPECT_EQ(all[0].name, "default");
  EXPECT_EQ(all[1].used_bytes, 3U);
}

TEST_F(FileStoreTest, FileOverTheLimitIsOutOfRangeAndKeepsTheOldFile) {
  ASSERT_TRUE(store_.Write("default", "/a", "old", false).ok());
  EXPECT_EQ(store_.Write("default", "/a", std::string(401, 'x'), false).code(),
            StatusCode::kOutOfRange);
  EXPECT_EQ(**store_.Read("default", "/a"), "old");
}

TEST_F(FileStoreTest, OverCapacityIsResourceExhausted) {
  ASSERT_TRUE(store_.Write("default", "/a", std::string(400, 'x'), false).ok());
  ASSERT_TRUE(store_.Write("default", "/b", std::string(400, 'x'), false).ok());
  EXPECT_EQ(store_.Write("default", "/c", std::string(201, 'x'), false).code(),
            StatusCode::kResourceExhausted);
  EXPECT_EQ(Used(), 800U);
}

TEST_F(FileStoreTest, ReplacingAFileCountsOnlyTheDifferenceAgainstCapacity) {
  ASSERT_TRUE(store_.Write("default", "/a", std::string(400, 'x'), false).ok());
  ASSERT_TRUE(store_.Write("default", "/b", std::string(400, 'x'), false).ok());
  EXPECT_TRUE(store_.CheckRoom("default", "/b", 400).ok());
  EXPECT_EQ(store_.CheckRoom("default", "/c", 201).code(), StatusCode::kResourceExhausted);
}

TEST_F(FileStoreTest, CheckWriteSeesAFileInThePlaceOfAParent) {
  ASSERT_TRUE(store_.Write("default", "/f", "x", false).ok());
  EXPECT_EQ(store_.CheckWrite("default", "/f/a", 1, true).code(), StatusCode::kAlreadyExists);
}

TEST_F(FileStoreTest, ClearEmptiesEveryFileSystem) {
  ASSERT_TRUE(store_.Write("default", "/a", "x", false).ok());
  ASSERT_TRUE(store_.Write("scratch", "/a", "x", false).ok());
  store_.Clear();
  EXPECT_THAT(Names("/"), ElementsAre());
  EXPECT_EQ(Used("scratch"), 0U);
}

TEST(FileStoreScaleTest, AThousandFilesOfFiftyMibAreCheap) {
  FileStore store({"default"}, FileStore::Limits{std::uint64_t{1} << 30, 1 << 20},
                  std::make_shared<ManualClock>());
  std::string const bytes(50 * 1024 + 200, 'z');  // 1,000 of them: about 50 MiB.
  for (int i = 0; i < 1000; ++i) {
    ASSERT_TRUE(store.Write("default", "/big/f" + std::to_string(i), bytes, true).ok());
  }
  auto entries = store.List("default", "/big");
  ASSERT_TRUE(entries.ok());
  EXPECT_EQ(entries->size(), 1000U);
  EXPECT_EQ(store.Usage("default")->used_bytes, 1000U * bytes.size());
  // Reading shares the stored bytes: no copy.
  EXPECT_EQ(store.Read("default", "/big/f7")->get(), store.Read("default", "/big/f7")->get());
  EXPECT_TRUE(store.Remove("default", "/big", true).ok());
  EXPECT_EQ(store.Usage("default")->used_bytes, 0U);
}

TEST(FileStoreConcurrencyTest, ConcurrentWritersKeepUsageExact) {
  FileStore store({"default"}, FileStore::Limits{1 << 20, 1 << 20},
                  std::make_shared<ManualClock>());
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&store, t] {
      for (int i = 0; i < 200; ++i) {
        (void)store.Write("default", "/t" + std::to_string(t) + "/f" + std::to_string(i % 10),
                          std::string(static_cast<std::size_t>(i % 7 + 1), 'a'), true);
      }
    });
  }
  for (auto& thread : threads) thread.join();
  std::uint64_t expected = 0;
  for (int t = 0; t < 4; ++t) {
    for (int f = 0; f < 10; ++f) {
      expected += (*store.Read("default", "/t" + std::to_string(t) + "/f" + std::to_string(f)))->size();
    }
  }
  EXPECT_EQ(store.Usage("default")->used_bytes, expected);
}

}  // namespace
}  // namespace lepton::fake
