// The Stager's decisions, with the public mock connection over an in-memory storage: what it
// sends, skips, deletes and refuses, and what a failure leaves behind.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <mutex>
#include <set>
#include <string>

#include "lepton/client.h"
#include "lepton/mocks/mock_connection.h"
#include "lepton/sched/staging.h"
#include "memory_storage.h"

namespace lepton::sched {
namespace {

namespace fs = std::filesystem;
using ::testing::_;
using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::NiceMock;
using ::testing::Not;
using ::testing::Return;
using ::testing::StrictMock;
using ::testing::UnorderedElementsAre;

constexpr char kRoot[] = "/apps/train";
std::string const kManifest = std::string(kRoot) + "/" + kStageManifestName;
// SHA-256 of "alpha".
constexpr char kAlphaSha256[] = "8ed3f6ad685b959ead7022518e1af76cd816f8e8ec7ccdda1ed4018e8f2223f8";

class StagerMockTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto const* info = ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ = fs::path(::testing::TempDir()) /
           ("stager-mock-" + std::string(info->name()) + "-" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    storage_.Install(*mock_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  void Write(std::string const& relative, std::string const& content, fs::perms mode =
                 fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read |
                 fs::perms::others_read) {
    fs::path const path = dir_ / relative;
    fs::create_directories(path.parent_path());
    std::ofstream(path, std::ios::binary | std::ios::trunc) << content;
    fs::permissions(path, mode);
  }

  StatusOr<StagingReport> Stage() {
    StagerOptions options;
    options.parallel_uploads = 1;  // Calls in file order, for tests that name "the next file".
    Stager stager(Client(mock_), options);
    return stager.Stage(dir_, StagingTarget{"default", kRoot});
  }

  // Records the path of every UploadFile call from now on (still served by the storage).
  void RecordUploads() {
    EXPECT_CALL(*mock_, UploadFile(_, _, _))
        .WillRepeatedly([this](std::string const&, std::string const& path,
                               UploadSource const& source) {
          {
            std::lock_guard lock(mu_);
            uploaded_.push_back(path);
          }
          return storage_.Upload(path, source);
        });
  }
  std::vector<std::string> Uploaded() {
    std::lock_guard lock(mu_);
    return uploaded_;
  }
  std::vector<std::string> UploadedFiles() {  // Without the manifest.
    std::vector<std::string> out;
    for (auto const& p : Uploaded()) {
      if (p != kManifest) out.push_back(p);
    }
    return out;
  }

  fs::path dir_;
  std::shared_ptr<NiceMock<mocks::MockConnection>> mock_ =
      std::make_shared<NiceMock<mocks::MockConnection>>();
  testing_util::MemoryStorage storage_;
  std::mutex mu_;
  std::vector<std::string> uploaded_;
};

fs::perms const kExecutable = fs::perms::owner_all | fs::perms::group_read |
                              fs::perms::group_exec | fs::perms::others_read |
                              fs::perms::others_exec;

TEST_F(StagerMockTest, AFirstStagingSendsEveryFileAndTheManifestLast) {
  Write("a.txt", "alpha");
  Write("src/run me.sh", "#!/bin/sh\necho hi\n", kExecutable);
  RecordUploads();
  auto report = Stage();
  ASSERT_TRUE(report.ok()) << report.status();
  EXPECT_EQ(report->files, 2u);
  EXPECT_EQ(report->files_uploaded, 2u);
  EXPECT_EQ(report->bytes_uploaded, 5u + 18u);
  EXPECT_EQ(report->directories_created, 2u);  // The target and src.
  EXPECT_TRUE(report->manifest_written);
  EXPECT_EQ(storage_.File("/apps/train/a.txt"), "alpha");
  EXPECT_EQ(storage_.File("/apps/train/src/run me.sh"), "#!/bin/sh\necho hi\n");
  ASSERT_FALSE(Uploaded().empty());
  EXPECT_EQ(Uploaded().back(), kManifest);
  EXPECT_THAT(*storage_.File(kManifest), AllOf(HasSubstr("\"src/run me.sh\""),
                                                HasSubstr("\"0755\""), HasSubstr("\"version\":1")));
}

TEST_F(StagerMockTest, AnUnchangedTreeIsStagedAgainWithoutAWrite) {
  Write("a.txt", "alpha");
  Write("d/e/b.txt", "beta");
  ASSERT_TRUE(Stage().ok());
  EXPECT_CALL(*mock_, UploadFile).Times(0);
  EXPECT_CALL(*mock_, MakeDirectory).Times(0);
  EXPECT_CALL(*mock_, DeleteStoragePath).Times(0);
  auto report = Stage();
  ASSERT_TRUE(report.ok()) << report.status();
  EXPECT_EQ(report->files_unchanged, 2u);
  EXPECT_EQ(report->files_uploaded, 0u);
  EXPECT_FALSE(report->manifest_written);
}

TEST_F(StagerMockTest, OnlyAChangedFileIsSentAgain) {
  Write("a.txt", "alpha");
  Write("b.txt", "beta");
  ASSERT_TRUE(Stage().ok());
  Write("b.txt", "beta, changed");
  RecordUploads();
  auto report = Stage();
  ASSERT_TRUE(report.ok()) << report.status();
  EXPECT_THAT(UploadedFiles(), UnorderedElementsAre("/apps/train/b.txt"));
  EXPECT_EQ(report->files_uploaded, 1u);
  EXPECT_EQ(report->files_unchanged, 1u);
  EXPECT_EQ(storage_.File("/apps/train/b.txt"), "beta, changed");
}

TEST_F(StagerMockTest, AFileGoneLocallyIsDeletedRemotely) {
  Write("a.txt", "alpha");
  Write("old/b.txt", "beta");
  ASSERT_TRUE(Stage().ok());
  fs::remove_all(dir_ / "old");
  EXPECT_CALL(*mock_, UploadFile).Times(1);  // The manifest only.
  auto report = Stage();
  ASSERT_TRUE(report.ok()) << report.status();
  EXPECT_EQ(report->files_deleted, 1u);
  EXPECT_FALSE(storage_.File("/apps/train/old/b.txt"));
  EXPECT_FALSE(storage_.IsDirectory("/apps/train/old"));
  EXPECT_EQ(storage_.File("/apps/train/a.txt"), "alpha");
}

TEST_F(StagerMockTest, RemoteFilesItNeverStagedAreLeftAlone) {
  Write("a.txt", "alpha");
  ASSERT_TRUE(Stage().ok());
  storage_.PutFile("/apps/train/output.log", "the job wrote this");
  fs::remove(dir_ / "a.txt");
  ASSERT_TRUE(Stage().ok());
  EXPECT_EQ(storage_.File("/apps/train/output.log"), "the job wrote this");
  EXPECT_FALSE(storage_.File("/apps/train/a.txt"));
}

TEST_F(StagerMockTest, AFileMissingRemotelyIsSentAgainDespiteTheManifest) {
  Write("a.txt", "alpha");
  ASSERT_TRUE(Stage().ok());
  ASSERT_TRUE(storage_.Delete("/apps/train/a.txt", false).ok());  // Behind the stager's back.
  RecordUploads();
  auto report = Stage();
  ASSERT_TRUE(report.ok()) << report.status();
  EXPECT_THAT(UploadedFiles(), UnorderedElementsAre("/apps/train/a.txt"));
}

TEST_F(StagerMockTest, AFailedUploadNamesTheFileKeepsItsCodeAndWritesNoNewManifest) {
  Write("a.txt", "alpha");
  Write("b.txt", "beta");
  Write("c.txt", "gamma");
  RecordUploads();
  EXPECT_CALL(*mock_, UploadFile(_, "/apps/train/b.txt", _))
      .WillOnce(Return(Status(StatusCode::kInternal, "upload default:/apps/train/b.txt: HTTP 500")))
      .RetiresOnSaturation();
  auto report = Stage();
  ASSERT_FALSE(report.ok());
  EXPECT_EQ(report.status().code(), StatusCode::kInternal);
  EXPECT_THAT(report.status().message(), AllOf(HasSubstr("staging b.txt"), HasSubstr("HTTP 500")));
  EXPECT_FALSE(storage_.File("/apps/train/c.txt"));  // Nothing after the failure.
  // The manifest there is the interim one, which trusts none of the files: the next staging
  // sends all three again, a.txt included although it arrived.
  ASSERT_TRUE(storage_.File(kManifest));
  EXPECT_THAT(*storage_.File(kManifest), Not(HasSubstr(kAlphaSha256)));
  uploaded_.clear();
  auto retry = Stage();
  ASSERT_TRUE(retry.ok()) << retry.status();
  EXPECT_THAT(UploadedFiles(), UnorderedElementsAre("/apps/train/a.txt", "/apps/train/b.txt",
                                                    "/apps/train/c.txt"));
  EXPECT_TRUE(retry->manifest_written);
}

TEST_F(StagerMockTest, AFileRevertedAfterAFailedStagingIsSentAgain) {
  // The case an untouched old manifest would get wrong: a.txt is sent changed, the staging
  // fails later, a.txt goes back to its old content; the remote copy is the changed one.
  Write("a.txt", "alpha");
  Write("b.txt", "beta");
  ASSERT_TRUE(Stage().ok());
  Write("a.txt", "alpha, changed");
  Write("b.txt", "beta, changed");
  RecordUploads();
  EXPECT_CALL(*mock_, UploadFile(_, "/apps/train/b.txt", _))
      .WillOnce(Return(Status(StatusCode::kUnavailable, "HTTP 503")))
      .RetiresOnSaturation();
  ASSERT_FALSE(Stage().ok());
  ASSERT_EQ(storage_.File("/apps/train/a.txt"), "alpha, changed");
  Write("a.txt", "alpha");
  Write("b.txt", "beta");
  uploaded_.clear();
  ASSERT_TRUE(Stage().ok());
  EXPECT_EQ(storage_.File("/apps/train/a.txt"), "alpha");
  EXPECT_THAT(UploadedFiles(), UnorderedElementsAre("/apps/train/a.txt", "/apps/train/b.txt"));
}

TEST_F(StagerMockTest, ASymlinkIsRefusedBeforeAnyCall) {
  Write("a.txt", "alpha");
  fs::create_symlink("a.txt", dir_ / "link");
  auto strict = std::make_shared<StrictMock<mocks::MockConnection>>();  // Any call fails.
  Stager stager{Client(strict)};
  auto report = stager.Stage(dir_, StagingTarget{"default", kRoot});
  EXPECT_EQ(report.status().code(), StatusCode::kInvalidArgument);
  EXPECT_THAT(report.status().message(), AllOf(HasSubstr("link"), HasSubstr("symbolic link")));
}

TEST_F(StagerMockTest, AFileOverTheUploadLimitIsRefusedBeforeAnyCall) {
  Write("small.txt", "ok");
  Write("big/weights.bin", std::string(2048, 'w'));
  auto strict = std::make_shared<StrictMock<mocks::MockConnection>>();  // Any call fails.
  StagerOptions options;
  options.max_file_bytes = 1024;
  Stager stager(Client(strict), options);
  auto report = stager.Stage(dir_, StagingTarget{"default", kRoot});
  EXPECT_EQ(report.status().code(), StatusCode::kInvalidArgument);
  EXPECT_THAT(report.status().message(), AllOf(HasSubstr("big/weights.bin"), HasSubstr("2048 bytes")));
}

TEST_F(StagerMockTest, AFifoIsRefusedBeforeAnyCall) {
  ASSERT_EQ(::mkfifo((dir_ / "pipe").c_str(), 0644), 0);
  auto strict = std::make_shared<StrictMock<mocks::MockConnection>>();
  Stager stager{Client(strict)};
  auto report = stager.Stage(dir_, StagingTarget{"default", kRoot});
  EXPECT_EQ(report.status().code(), StatusCode::kInvalidArgument);
  EXPECT_THAT(report.status().message(), HasSubstr("pipe"));
}

TEST_F(StagerMockTest, AnUnreadableFileIsRefusedBeforeAnyCall) {
  if (::geteuid() == 0) GTEST_SKIP() << "root reads any file";
  Write("secret.txt", "x", fs::perms::none);
  auto strict = std::make_shared<StrictMock<mocks::MockConnection>>();
  Stager stager{Client(strict)};
  auto report = stager.Stage(dir_, StagingTarget{"default", kRoot});
  EXPECT_EQ(report.status().code(), StatusCode::kInvalidArgument);
  EXPECT_THAT(report.status().message(), HasSubstr("secret.txt"));
}

TEST_F(StagerMockTest, AModeChangeRewritesOnlyTheManifest) {
  Write("run.sh", "echo hi\n");
  ASSERT_TRUE(Stage().ok());
  fs::permissions(dir_ / "run.sh", kExecutable);
  RecordUploads();
  auto report = Stage();
  ASSERT_TRUE(report.ok()) << report.status();
  EXPECT_THAT(Uploaded(), UnorderedElementsAre(kManifest));
  EXPECT_TRUE(report->manifest_written);
  EXPECT_THAT(*storage_.File(kManifest), HasSubstr("\"0755\""));
}

TEST_F(StagerMockTest, TheReportListsEveryEntryWithItsMode) {
  Write("bin/tool", "x", kExecutable);
  Write("readme", "y");
  auto report = Stage();
  ASSERT_TRUE(report.ok()) << report.status();
  ASSERT_EQ(report->entries.size(), 3u);
  EXPECT_EQ(report->entries[0].relative_path, "bin");
  EXPECT_TRUE(report->entries[0].is_directory);
  EXPECT_EQ(report->entries[1].relative_path, "bin/tool");
  EXPECT_EQ(report->entries[1].mode, 0755u);
  EXPECT_EQ(report->entries[1].sha256.size(), 64u);
  EXPECT_EQ(report->entries[2].relative_path, "readme");
  EXPECT_EQ(report->entries[2].mode, 0644u);
}

TEST_F(StagerMockTest, AFileThatBecameADirectoryIsReplaced) {
  Write("x", "a file");
  ASSERT_TRUE(Stage().ok());
  fs::remove(dir_ / "x");
  Write("x/inner", "now a directory");
  auto report = Stage();
  ASSERT_TRUE(report.ok()) << report.status();
  EXPECT_TRUE(storage_.IsDirectory("/apps/train/x"));
  EXPECT_EQ(storage_.File("/apps/train/x/inner"), "now a directory");
}

TEST_F(StagerMockTest, TheWholeFileSystemIsNeverATarget) {
  auto strict = std::make_shared<StrictMock<mocks::MockConnection>>();
  Stager stager{Client(strict)};
  EXPECT_EQ(stager.Stage(dir_, StagingTarget{"default", "/"}).status().code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(stager.Remove(StagingTarget{"default", "/"}).code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(stager.Stage(dir_, StagingTarget{"default", "/a/../b"}).status().code(),
            StatusCode::kInvalidArgument);
}

TEST_F(StagerMockTest, RemoveDeletesRecursivelyAndIsIdempotent) {
  auto strict = std::make_shared<StrictMock<mocks::MockConnection>>();
  EXPECT_CALL(*strict, DeleteStoragePath("default", "/apps/train", true))
      .WillOnce(Return(Status()))
      .WillOnce(Return(Status(StatusCode::kNotFound, "gone")));
  Stager stager{Client(strict)};
  EXPECT_TRUE(stager.Remove(StagingTarget{"default", "/apps/train/"}).ok());
  EXPECT_TRUE(stager.Remove(StagingTarget{"default", "/apps/train"}).ok());
}

TEST_F(StagerMockTest, AMissingLocalDirectoryIsNotFound) {
  Stager stager{Client(mock_)};
  EXPECT_EQ(stager.Stage(dir_ / "nope", StagingTarget{"default", kRoot}).status().code(),
            StatusCode::kNotFound);
}

TEST_F(StagerMockTest, ScanReadsNoContentAndSortsParentsFirst) {
  Write("a b", "1");
  Write("a/x", "2");
  Write("a/y/z", "3");
  auto entries = ScanStagingDirectory(dir_);
  ASSERT_TRUE(entries.ok()) << entries.status();
  std::vector<std::string> paths;
  for (auto const& e : *entries) {
    paths.push_back(e.relative_path);
    EXPECT_TRUE(e.sha256.empty());
  }
  EXPECT_THAT(paths, ::testing::ElementsAre("a", "a b", "a/x", "a/y", "a/y/z"));
}

}  // namespace
}  // namespace lepton::sched
