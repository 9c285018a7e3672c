// Workspace storage (the SDK's leptonai/api/v2/storage.py): bytes up and down, listings, mkdir,
// exists, delete, usage, the Stager, a job reading a stored file through its mount, and NeMo-Run's
// staged job (a helper job writing the job directory through its mount, then a job running from
// it). Every test works in its own directory, /leptonkit-contract/<tag>, and TearDown deletes it
// (also after a failure), so a live run leaves nothing behind; nothing assumes the workspace's
// storage starts empty.
//
// Where the SDK does not settle real Lepton's answer, the assertion pins the fake's strict
// choice (fixtures/README.md, "Inferences of the fake's storage") and says [INF] next to it.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

#include "lepton/client.h"
#include "lepton/contract/contract_test.h"
#include "lepton/job_state.h"
#include "lepton/mount.h"
#include "lepton/sched/staging.h"
#include "lepton/status.h"
#include "lepton/storage.h"
#include "log_lines.h"
#include "staged_archive.h"
#include "suite_anchor.h"

LEPTON_CONTRACT_SUITE(storage)

namespace lepton::contract {
namespace {

namespace fs = std::filesystem;

using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::SizeIs;

// The directory every contract test's storage lives under; each test owns <kStorageRoot>/<tag>.
constexpr char kStorageRoot[] = "/leptonkit-contract";

// Every byte value, in order, `repeats` times, then a line that looks like a multipart
// delimiter: a body the upload's framing or a text conversion would change.
std::string EveryByteValue(int repeats) {
  std::string bytes;
  for (int r = 0; r < repeats; ++r) {
    for (int value = 0; value < 256; ++value) bytes += static_cast<char>(value);
  }
  return bytes + "\r\n--not-the-boundary--\r\n";
}

// "" when equal, else where `got` first differs from `want` (binary content is not printed).
std::string Difference(std::string_view got, std::string_view want) {
  if (got == want) return "";
  std::size_t at = 0;
  while (at < got.size() && at < want.size() && got[at] == want[at]) ++at;
  return "differs from byte " + std::to_string(at) + " on (" + std::to_string(got.size()) +
         " bytes, expected " + std::to_string(want.size()) + ")";
}

StorageEntry Entry(StorageEntryType type, std::string name, std::string path) {
  return StorageEntry{type, std::move(name), std::move(path)};
}


class StorageTest : public ContractTest {
 protected:
  void SetUp() override {
    ContractTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    // Set before the directory is made, so TearDown removes whatever part of it exists.
    dir_ = std::string(kStorageRoot) + "/" + tag();
    Status const made = client().MakeDirectory(kDefaultFileSystem, dir_);
    ASSERT_TRUE(made.ok()) << "making the test's directory " << dir_ << ": " << made;
  }

  void TearDown() override {
    if (!local_dir_.empty()) {
      std::error_code ignored;
      fs::remove_all(local_dir_, ignored);
    }
    if (!dir_.empty()) {
      Status const removed =
          client().DeleteStoragePath(kDefaultFileSystem, dir_, /*recursive=*/true);
      if (!removed.ok() && removed.code() != StatusCode::kNotFound) {
        ADD_FAILURE() << "clean-up of storage directory " << dir_ << " failed: " << removed;
      }
      RemoveStorageRootIfEmpty();
    }
    ContractTest::TearDown();
  }

  // How a one-replica job ended: its state and its replica's log.
  struct Ended {
    JobState state{};
    std::string log;
  };

  // Creates `job`, waits until it has ended, and reads its state and its one replica's log.
  // Call under ASSERT_NO_FATAL_FAILURE.
  void RunToEnd(Job const& job, Ended& ended) {
    auto created = CreateJob(job);
    ASSERT_TRUE(created.ok()) << created.status();
    std::string const id = created->metadata.id.value_or("");
    ASSERT_TRUE(WaitForState(id, {JobState::kCompleted, JobState::kFailed}));
    auto replicas = client().ListReplicas(id);
    ASSERT_TRUE(replicas.ok()) << replicas.status();
    ASSERT_THAT(*replicas, SizeIs(1));
    auto log = client().ReadReplicaLog(id, replicas->front().id.value_or(""));
    ASSERT_TRUE(log.ok()) << log.status();
    auto state = StateOf(id);
    ASSERT_TRUE(state.ok()) << state.status();
    ended.state = *state;
    ended.log = *std::move(log);
  }

  // This test's storage directory, /leptonkit-contract/<tag>.
  [[nodiscard]] std::string const& dir() const { return dir_; }
  // The absolute storage path of `relative` in this test's directory.
  [[nodiscard]] std::string Path(std::string_view relative) const {
    return dir_ + "/" + std::string(relative);
  }

  Status Upload(std::string const& path, std::string content) {
    return client().UploadFile(kDefaultFileSystem, path, UploadSourceFromString(std::move(content)));
  }

  StatusOr<std::string> Download(std::string const& path) {
    std::string bytes;
    Status const downloaded =
        client().DownloadFile(kDefaultFileSystem, path, [&bytes](std::string_view chunk) {
          bytes += chunk;
          return true;
        });
    if (!downloaded.ok()) return downloaded;
    return bytes;
  }

  StatusOr<bool> Exists(std::string const& path) {
    return client().StoragePathExists(kDefaultFileSystem, path);
  }

  // A fresh local directory for this test, removed in TearDown.
  fs::path LocalDir() {
    local_dir_ = fs::path(::testing::TempDir()) / ("leptonkit-storage-" + tag());
    fs::remove_all(local_dir_);
    fs::create_directories(local_dir_);
    return local_dir_;
  }

  // The usage of the default file system as GET /storage lists it; kNotFound when it is not
  // listed.
  StatusOr<std::int64_t> ListedDefaultUsage() {
    auto file_systems = client().ListFileSystems();
    if (!file_systems) return std::move(file_systems).status();
    for (auto const& fs_usage : *file_systems) {
      if (fs_usage.name == kDefaultFileSystem) return fs_usage.total_usage_bytes;
    }
    return Status(StatusCode::kNotFound, "GET /storage does not list the default file system");
  }

 private:
  // The shared root goes too once no run has anything under it. Only an empty root is deleted,
  // without removeall, so a concurrent run's directory is never touched; if one appears between
  // the look and the delete, the delete is refused (the non-recursive rule pinned below).
  void RemoveStorageRootIfEmpty() {
    auto listed = client().ListDirectory(kDefaultFileSystem, kStorageRoot);
    if (!listed.ok() || !listed->empty()) return;
    Status const removed = client().DeleteStoragePath(kDefaultFileSystem, kStorageRoot);
    if (!removed.ok() && removed.code() != StatusCode::kNotFound &&
        removed.code() != StatusCode::kInvalidArgument) {
      ADD_FAILURE() << "clean-up of the empty " << kStorageRoot << " failed: " << removed;
    }
  }

  std::string dir_;
  fs::path local_dir_;
};

TEST_F(StorageTest, UploadedBytesDownloadUnchanged) {
  std::string const bytes = EveryByteValue(/*repeats=*/16);  // A little over 4 KiB.
  Status const uploaded = Upload(Path("every-byte.bin"), bytes);
  ASSERT_TRUE(uploaded.ok()) << uploaded;

  auto downloaded = Download(Path("every-byte.bin"));
  ASSERT_TRUE(downloaded.ok()) << downloaded.status();
  EXPECT_EQ(Difference(*downloaded, bytes), "");
}

TEST_F(StorageTest, UploadOverAnExistingFileReplacesItsContent) {
  Status const first = Upload(Path("notes.txt"), "the first version, longer than the second\n");
  ASSERT_TRUE(first.ok()) << first;
  Status const second = Upload(Path("notes.txt"), "second\n");
  ASSERT_TRUE(second.ok()) << second;

  auto downloaded = Download(Path("notes.txt"));
  ASSERT_TRUE(downloaded.ok()) << downloaded.status();
  EXPECT_EQ(*downloaded, "second\n");
}

// [INF] entries sorted by name, with absolute paths (fixtures/README.md; the SDK gives only the
// fields).
TEST_F(StorageTest, ListingShowsANewDirectoryAndFileWithTypeNameAndPath) {
  Status const made = client().MakeDirectory(kDefaultFileSystem, Path("sub"));
  ASSERT_TRUE(made.ok()) << made;
  Status const uploaded = Upload(Path("notes.txt"), "listed\n");
  ASSERT_TRUE(uploaded.ok()) << uploaded;

  auto listed = client().ListDirectory(kDefaultFileSystem, dir());
  ASSERT_TRUE(listed.ok()) << listed.status();
  EXPECT_THAT(*listed,
              ElementsAre(Entry(StorageEntryType::kFile, "notes.txt", Path("notes.txt")),
                          Entry(StorageEntryType::kDirectory, "sub", Path("sub"))));
}

TEST_F(StorageTest, MakeDirectoryCreatesMissingParents) {
  Status const made = client().MakeDirectory(kDefaultFileSystem, Path("a/b/c"));
  ASSERT_TRUE(made.ok()) << made;

  auto top = client().ListDirectory(kDefaultFileSystem, dir());
  ASSERT_TRUE(top.ok()) << top.status();
  EXPECT_THAT(*top, ElementsAre(Entry(StorageEntryType::kDirectory, "a", Path("a"))));
  auto middle = client().ListDirectory(kDefaultFileSystem, Path("a/b"));
  ASSERT_TRUE(middle.ok()) << middle.status();
  EXPECT_THAT(*middle, ElementsAre(Entry(StorageEntryType::kDirectory, "c", Path("a/b/c"))));
  auto deepest = client().ListDirectory(kDefaultFileSystem, Path("a/b/c"));
  ASSERT_TRUE(deepest.ok()) << deepest.status();
  EXPECT_THAT(*deepest, IsEmpty());
}

TEST_F(StorageTest, MakeDirectoryOfAnExistingDirectorySucceedsAndKeepsItsContent) {
  Status const made = client().MakeDirectory(kDefaultFileSystem, Path("kept"));
  ASSERT_TRUE(made.ok()) << made;
  Status const uploaded = Upload(Path("kept/file.txt"), "still here\n");
  ASSERT_TRUE(uploaded.ok()) << uploaded;

  Status const again = client().MakeDirectory(kDefaultFileSystem, Path("kept"));
  EXPECT_TRUE(again.ok()) << again;
  auto downloaded = Download(Path("kept/file.txt"));
  ASSERT_TRUE(downloaded.ok()) << downloaded.status();
  EXPECT_EQ(*downloaded, "still here\n");
}

TEST_F(StorageTest, ExistsIsTrueForAFileAndADirectoryAndFalseForAMissingPath) {
  Status const uploaded = Upload(Path("present.txt"), "present\n");
  ASSERT_TRUE(uploaded.ok()) << uploaded;
  Status const made = client().MakeDirectory(kDefaultFileSystem, Path("present-dir"));
  ASSERT_TRUE(made.ok()) << made;

  auto file = Exists(Path("present.txt"));
  ASSERT_TRUE(file.ok()) << file.status();
  EXPECT_TRUE(*file) << "a file";
  auto dir = Exists(Path("present-dir"));
  ASSERT_TRUE(dir.ok()) << dir.status();
  EXPECT_TRUE(*dir) << "a directory";
  auto missing = Exists(Path("absent"));
  ASSERT_TRUE(missing.ok()) << missing.status();
  EXPECT_FALSE(*missing) << "a path never written";
}

// [INF] 400 "directory not empty; use removeall=true": the CLI's rmdir says the directory must
// be empty; the server's answer is the fake's choice (fixtures/README.md).
TEST_F(StorageTest, DeletingANonEmptyDirectoryWithoutRecursiveIsRefusedAndKeepsIt) {
  Status const made = client().MakeDirectory(kDefaultFileSystem, Path("full"));
  ASSERT_TRUE(made.ok()) << made;
  Status const uploaded = Upload(Path("full/file.txt"), "keep me\n");
  ASSERT_TRUE(uploaded.ok()) << uploaded;

  Status const deleted =
      client().DeleteStoragePath(kDefaultFileSystem, Path("full"), /*recursive=*/false);
  ASSERT_FALSE(deleted.ok()) << "a non-empty directory was deleted without removeall";
  EXPECT_EQ(deleted.code(), StatusCode::kInvalidArgument) << deleted;
  EXPECT_EQ(deleted.error_info().http_status, 400) << deleted;  // [INF]
  auto kept = Exists(Path("full/file.txt"));
  ASSERT_TRUE(kept.ok()) << kept.status();
  EXPECT_TRUE(*kept) << "the refused delete removed the directory's file";
}

TEST_F(StorageTest, RecursiveDeleteRemovesTheDirectoryAndEverythingUnderIt) {
  Status const made = client().MakeDirectory(kDefaultFileSystem, Path("tree/a/b"));
  ASSERT_TRUE(made.ok()) << made;
  for (char const* file : {"tree/top.txt", "tree/a/b/deep.txt"}) {
    Status const uploaded = Upload(Path(file), "doomed\n");
    ASSERT_TRUE(uploaded.ok()) << file << ": " << uploaded;
  }

  Status const deleted =
      client().DeleteStoragePath(kDefaultFileSystem, Path("tree"), /*recursive=*/true);
  ASSERT_TRUE(deleted.ok()) << deleted;

  for (char const* gone : {"tree", "tree/top.txt", "tree/a", "tree/a/b/deep.txt"}) {
    auto exists = Exists(Path(gone));
    ASSERT_TRUE(exists.ok()) << gone << ": " << exists.status();
    EXPECT_FALSE(*exists) << gone << " survived the recursive delete";
  }
}

TEST_F(StorageTest, DownloadOfAMissingFileIsNotFound) {
  auto downloaded = Download(Path("never-written.bin"));
  ASSERT_FALSE(downloaded.ok()) << "downloaded " << downloaded->size() << " bytes of nothing";
  EXPECT_EQ(downloaded.status().code(), StatusCode::kNotFound) << downloaded.status();
}

// [INF] the fake's strict rule: the parent must exist (404 naming it). The CLI never makes
// parents before an upload, so real Lepton may create them; a failure here on live points at
// this inference (fixtures/README.md), and clients that mkdir first work against both.
TEST_F(StorageTest, UploadIntoAMissingParentIsRefusedAndCreatesNothing) {
  Status const uploaded = Upload(Path("no-such-dir/file.txt"), "nowhere to go\n");
  ASSERT_FALSE(uploaded.ok()) << "the upload created its missing parent";
  EXPECT_EQ(uploaded.code(), StatusCode::kNotFound) << uploaded;  // [INF]
  auto parent = Exists(Path("no-such-dir"));
  ASSERT_TRUE(parent.ok()) << parent.status();
  EXPECT_FALSE(*parent) << "the refused upload left its parent behind";
}

// GET /storage/du and GET /storage both report the default file system (named "default",
// [INF] for real Lepton's listing) with the upload's bytes counted. The fakes' storage is this
// test's alone, so the growth is exact there; a live file system is shared, and its usage may
// be computed late ([INF]), so live only waits for it to hold at least the bytes written.
TEST_F(StorageTest, UsageOfTheDefaultFileSystemCountsAnUpload) {
  constexpr std::int64_t kBytes = 100'000;
  auto before = client().GetStorageUsage();
  ASSERT_TRUE(before.ok()) << before.status();
  EXPECT_EQ(before->name, kDefaultFileSystem);

  Status const uploaded = Upload(Path("usage.bin"), std::string(kBytes, 'u'));
  ASSERT_TRUE(uploaded.ok()) << uploaded;

  if (backend().name() == kLiveBackend) {
    std::int64_t du = 0;
    std::int64_t listed = 0;
    EXPECT_TRUE(WaitUntil(
        [&]() -> StatusOr<bool> {
          auto usage = client().GetStorageUsage();
          if (!usage) return std::move(usage).status();
          auto in_list = ListedDefaultUsage();
          if (!in_list) return std::move(in_list).status();
          du = usage->total_usage_bytes;
          listed = *in_list;
          return du >= kBytes && listed >= kBytes;
        },
        "the default file system's usage to count the upload"))
        << "last seen: du " << du << ", listed " << listed << ", uploaded " << kBytes;
    return;
  }
  auto after = client().GetStorageUsage();
  ASSERT_TRUE(after.ok()) << after.status();
  EXPECT_EQ(after->total_usage_bytes, before->total_usage_bytes + kBytes);
  auto listed = ListedDefaultUsage();
  ASSERT_TRUE(listed.ok()) << listed.status();
  EXPECT_EQ(*listed, after->total_usage_bytes);
}

// A small tree: top-level and nested files, an executable script, every byte value.
std::map<std::string, std::string> WriteLocalTree(fs::path const& root) {
  std::map<std::string, std::string> const files = {
      {"README.txt", "staged by the contract suite\n"},
      {"src/main.py", "print('hello')\n"},
      {"src/tools/run.sh", "#!/bin/sh\necho run\n"},
      {"data/every-byte.bin", EveryByteValue(/*repeats=*/4)},
  };
  for (auto const& [relative, content] : files) {
    fs::create_directories((root / relative).parent_path());
    std::ofstream(root / relative, std::ios::binary) << content;
  }
  fs::permissions(root / "src/tools/run.sh",
                  fs::perms::owner_exec | fs::perms::group_exec | fs::perms::others_exec,
                  fs::perm_options::add);
  return files;
}

TEST_F(StorageTest, StagedTreeDownloadsFileByFileAsWritten) {
  fs::path const local = LocalDir();
  auto const files = WriteLocalTree(local);
  sched::Stager stager(client());

  auto report = stager.Stage(local, sched::StagingTarget{kDefaultFileSystem, Path("app")});
  ASSERT_TRUE(report.ok()) << report.status();
  EXPECT_EQ(report->files, files.size());
  EXPECT_EQ(report->files_uploaded, files.size());
  for (auto const& [relative, content] : files) {
    auto downloaded = Download(Path("app/" + relative));
    ASSERT_TRUE(downloaded.ok()) << relative << ": " << downloaded.status();
    EXPECT_EQ(Difference(*downloaded, content), "") << relative;
  }
}

TEST_F(StorageTest, StagingAnUnchangedTreeAgainUploadsNothing) {
  fs::path const local = LocalDir();
  auto const files = WriteLocalTree(local);
  sched::Stager stager(client());
  sched::StagingTarget const target{kDefaultFileSystem, Path("app")};
  auto first = stager.Stage(local, target);
  ASSERT_TRUE(first.ok()) << first.status();

  auto second = stager.Stage(local, target);
  ASSERT_TRUE(second.ok()) << second.status();
  EXPECT_EQ(second->files_uploaded, 0u);
  EXPECT_EQ(second->files_unchanged, files.size());
  EXPECT_EQ(second->bytes_uploaded, 0u);
}

// [INF] for real Lepton: a mount `from` the storage name "default" shows that file system at
// mount_path from storage path `path` (fixtures/README.md, "Mounts").
TEST_F(StorageTest, AJobReadsAStoredFileThroughItsMount) {
  Status const uploaded = Upload(Path("greeting.txt"), "hello from storage\nsecond line\n");
  ASSERT_TRUE(uploaded.ok()) << uploaded;
  Job job = ShellJob("catmount", "cat /data/greeting.txt");
  Mount mount;
  mount.path = dir();
  mount.mount_path = "/data";
  mount.from = kDefaultFileSystem;
  job.spec->mounts = std::vector<Mount>{mount};
  Ended ended;
  ASSERT_NO_FATAL_FAILURE(RunToEnd(job, ended));
  EXPECT_THAT(LinesOf(ended.log), ElementsAre("hello from storage", "second line"));
  EXPECT_EQ(ended.state, JobState::kCompleted) << "log: " << ended.log;
}

// NeMo-Run's LeptonExecutor ships a job directory with a helper job (move_data: busybox's `sh
// -c` of copy_directory_data_command, the whole directory as base64 of `tar -czf` in the
// script) that mounts the workspace storage, then runs the job as `/bin/bash -c "bash
// <dir>/launch_script.sh"` with the same mount. Both specs have those shapes here, on the
// suite's image and shape, with the storage mounted as NeMo-Run users mount it:
// `node-nfs:<storage>` at /nemo-workspace ([INF] that `node-nfs:default` is the storage the
// storage API calls `default`; the mount's `path` is this test's directory, so nothing else
// is touched). The helper's files are then read back through the storage API.
TEST_F(StorageTest, NemoRunStagedJobRunsItsLaunchScriptFromWhatTheHelperJobWrote) {
  constexpr char kMountPath[] = "/nemo-workspace";
  std::string const job_dir = std::string(kMountPath) + "/experiments/exp-1/task-0";
  std::string const launch_script = "echo 'launch_script: starting'\ncat " + job_dir +
                                    "/configs/train.yaml\necho 'launch_script: done'\n";
  std::string const archive = StagedArchiveBase64({
      {"./", true, ""},
      {"./configs", true, ""},
      {"./configs/train.yaml", false, "lr: 3e-4\nepochs: 2\n"},
      {"./launch_script.sh", false, launch_script},
  });
  Mount mount;
  mount.path = dir();
  mount.mount_path = kMountPath;
  mount.from = std::string("node-nfs:") + kDefaultFileSystem;

  Job helper = ShellJob("data-mover", "true");
  helper.spec->container->command = std::vector<std::string>{
      "sh", "-c",
      "rm -rf " + job_dir + " && mkdir -p " + job_dir + " && echo " + archive +
          " | base64 -d > " + job_dir + "/archive.tar.gz && tar -xzf " + job_dir +
          "/archive.tar.gz -C " + job_dir + " && rm " + job_dir + "/archive.tar.gz"};
  helper.spec->mounts = std::vector<Mount>{mount};
  Ended helper_ended;
  ASSERT_NO_FATAL_FAILURE(RunToEnd(helper, helper_ended));
  ASSERT_EQ(helper_ended.state, JobState::kCompleted) << "the helper job failed; its log: "
                                                      << helper_ended.log;

  auto staged = Download(Path("experiments/exp-1/task-0/configs/train.yaml"));
  ASSERT_TRUE(staged.ok()) << staged.status();
  EXPECT_EQ(*staged, "lr: 3e-4\nepochs: 2\n");
  auto archive_left = Exists(Path("experiments/exp-1/task-0/archive.tar.gz"));
  ASSERT_TRUE(archive_left.ok()) << archive_left.status();
  EXPECT_FALSE(*archive_left) << "the helper's `rm` of the archive did not take effect";

  Job job = ShellJob("exp-1", "true");
  job.spec->container->command =
      std::vector<std::string>{"/bin/bash", "-c", "bash " + job_dir + "/launch_script.sh"};
  job.spec->mounts = std::vector<Mount>{mount};
  Ended ended;
  ASSERT_NO_FATAL_FAILURE(RunToEnd(job, ended));
  EXPECT_THAT(LinesOf(ended.log), ElementsAre("launch_script: starting", "lr: 3e-4", "epochs: 2",
                                              "launch_script: done"));
  EXPECT_EQ(ended.state, JobState::kCompleted) << "log: " << ended.log;
}

}  // namespace
}  // namespace lepton::contract
