// Launching with a staged directory and the generated launch script, end to end: the scheduler
// against the in-process fake over real HTTP, the replicas' commands run by the fake's
// command-subset interpreter (which reads staged files through the job's mounts).

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include <unistd.h>

#include "lepton/fake/fault.h"
#include "lepton/fake/journal_matchers.h"
#include "lepton/fake/testing.h"
#include "lepton/sched/lepton_scheduler.h"
#include "test_apps.h"

namespace lepton::sched {
namespace {

namespace fs = std::filesystem;
using ::testing::AllOf;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;

constexpr char kRemote[] = "/leptonkit/apps/trainer";
constexpr char kMount[] = "/leptonkit/job";

class StagedLaunchTest : public fake::FakeLeptonTest {
 protected:
  void SetUp() override {
    FakeLeptonTest::SetUp();
    SchedulerOptions options;
    options.session = "team-a";
    options.clock = std::shared_ptr<Clock>(&clock(), [](Clock*) {});
    options.sleeper = [this](Duration d) { clock().Advance(d); };
    options.seed = 7;
    options.on_staged = [this](StagingReport const& report) { reports_.push_back(report); };
    scheduler_.emplace(client(), options);
    // The pid keeps concurrent runs (the asan and tsan presets) apart.
    local_ = fs::path(::testing::TempDir()) /
             ("staged_launch_" + std::to_string(getpid()) + "_" +
              ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(local_);
    fs::create_directories(local_ / "conf");
    Write("conf/config.txt", "lr=3e-4\nepochs=2\n", fs::perms(0644));
    Write("train.sh",
          "echo \"node rank ${NODE_RANK} of ${WORLD_SIZE}\"\n"
          "cat conf/config.txt\n",
          fs::perms(0755));
  }
  void TearDown() override { fs::remove_all(local_); }

  void Write(std::string const& relative, std::string const& content, fs::perms mode) {
    fs::create_directories((local_ / relative).parent_path());
    std::ofstream(local_ / relative, std::ios::binary) << content;
    fs::permissions(local_ / relative, mode);
  }

  // A two-node app whose command runs the staged train.sh from the staged directory.
  static AppDef App(int nodes = 2) {
    return testing_util::OneRoleApp("trainer", "bash", {"train.sh"}, nodes);
  }

  LeptonExecutorConfig Executor() const {
    LeptonExecutorConfig cfg;
    cfg.image = "nvcr.io/nvidia/pytorch:25.01-py3";
    cfg.resource_shape = "gpu.8xh100";
    StagedDirectory& staging = cfg.staging.emplace();
    staging.local_dir = local_;
    staging.remote_path = kRemote;
    staging.mount_path = kMount;
    return cfg;
  }

  std::string Submit(LeptonExecutorConfig const& cfg) {
    auto handle = scheduler_->Submit(App(), cfg);
    EXPECT_TRUE(handle.ok()) << handle.status();
    return handle.ok() ? *handle : "";
  }

  std::vector<fake::RecordedRequest> StorageWrites() {
    std::vector<fake::RecordedRequest> writes;
    for (auto const& entry : fake().Journal()) {
      if (entry.path.find("/storage/") != std::string::npos && entry.method != "GET" &&
          entry.method != "HEAD") {
        writes.push_back(entry);
      }
    }
    return writes;
  }

  fs::path local_;
  std::vector<StagingReport> reports_;
  std::optional<LeptonScheduler> scheduler_;
};

TEST_F(StagedLaunchTest, ATwoNodeJobLogsAStagedFileAndItsOwnRankInEachReplica) {
  std::string const handle = Submit(Executor());
  auto state = scheduler_->Wait(handle);
  ASSERT_TRUE(state.ok()) << state.status();
  ASSERT_EQ(*state, AppState::kSucceeded);
  EXPECT_THAT(*scheduler_->LogLines(handle, 0),
              ElementsAre("node rank 0 of 2\n", "lr=3e-4\n", "epochs=2\n"));
  EXPECT_THAT(*scheduler_->LogLines(handle, 1),
              ElementsAre("node rank 1 of 2\n", "lr=3e-4\n", "epochs=2\n"));
}

TEST_F(StagedLaunchTest, TheJobMountsTheStagedDirectoryAndRunsThere) {
  auto info = scheduler_->SubmitDryRun(App(), Executor());
  ASSERT_TRUE(info.ok()) << info.status();
  ASSERT_TRUE(info->job.spec->mounts);
  Mount const& mount = info->job.spec->mounts->back();
  EXPECT_EQ(mount.path, kRemote);
  EXPECT_EQ(mount.mount_path, kMount);
  EXPECT_EQ(mount.from, "default");
  EXPECT_THAT(info->launch_script, HasSubstr("cd '/leptonkit/job' || exit 1\n"));
}

TEST_F(StagedLaunchTest, TheDryRunShowsTheLaunchScriptTheJobRuns) {
  LeptonExecutorConfig cfg = Executor();
  cfg.pre_launch_commands = {"nvidia-smi -L"};
  auto info = scheduler_->SubmitDryRun(App(), cfg);
  ASSERT_TRUE(info.ok()) << info.status();
  EXPECT_EQ(info->job.spec->container->command->back(), info->launch_script);
  EXPECT_THAT(info->launch_script,
              AllOf(HasSubstr("export MASTER_ADDR="), HasSubstr("chmod 755 '/leptonkit/job/train.sh'\n"),
                    HasSubstr("cd '/leptonkit/job' || exit 1\nnvidia-smi -L\nexec \"bash\" \"train.sh\"")));
  ASSERT_TRUE(info->staging);
  EXPECT_EQ(info->staging->remote_path, kRemote);
}

TEST_F(StagedLaunchTest, ADryRunStagesNothing) {
  ASSERT_TRUE(scheduler_->SubmitDryRun(App(), Executor()).ok());
  EXPECT_THAT(fake().Journal(), fake::ReceivedExactly(0, fake::PathMatches(".*/storage/.*")));
}

TEST_F(StagedLaunchTest, StagedFilesAreInStorageBeforeTheJobIsCreated) {
  Submit(Executor());
  std::vector<std::string> order;
  for (auto const& entry : fake().Journal()) {
    if (entry.method == "POST") order.push_back(entry.path);
  }
  ASSERT_FALSE(order.empty());
  EXPECT_THAT(order.back(), HasSubstr("/jobs"));
  EXPECT_THAT(order.front(), HasSubstr("/storage/default/leptonkit/apps/trainer/"));
  EXPECT_EQ(fake().StoredFile("default", std::string(kRemote) + "/conf/config.txt"),
            "lr=3e-4\nepochs=2\n");
}

TEST_F(StagedLaunchTest, ASecondLaunchOfAnUnchangedDirectoryUploadsNothing) {
  Submit(Executor());
  fake().ClearJournal();
  Submit(Executor());
  EXPECT_THAT(StorageWrites(), IsEmpty());
  ASSERT_EQ(reports_.size(), 2u);
  EXPECT_EQ(reports_[1].files_uploaded, 0u);
  EXPECT_EQ(reports_[1].files_unchanged, 2u);
}

TEST_F(StagedLaunchTest, AChangedFileIsTheOnlyOneSentAgain) {
  Submit(Executor());
  Write("conf/config.txt", "lr=1e-4\n", fs::perms(0644));
  Submit(Executor());
  ASSERT_EQ(reports_.size(), 2u);
  EXPECT_EQ(reports_[1].files_uploaded, 1u);
  EXPECT_EQ(fake().StoredFile("default", std::string(kRemote) + "/conf/config.txt"), "lr=1e-4\n");
}

TEST_F(StagedLaunchTest, AFailedStagingCreatesNoJobAndNamesTheFile) {
  fake::FaultRule broken;
  broken.match.method = "POST";
  broken.match.path = ".*/conf/config\\.txt";
  broken.status = 500;
  ASSERT_TRUE(fake().AddFault(broken).ok());
  auto handle = scheduler_->Submit(App(), Executor());
  ASSERT_FALSE(handle.ok());
  EXPECT_THAT(handle.status().message(), AllOf(HasSubstr("conf/config.txt"), HasSubstr("no job was created")));
  EXPECT_EQ(fake().job_count(), 0u);
}

TEST_F(StagedLaunchTest, AnOutlastingOutageInTheMiddleOfStagingCreatesNoJobAndNamesTheFile) {
  for (int i = 0; i < 30; ++i) Write("data/f" + std::to_string(i) + ".txt", "x\n", fs::perms(0644));
  fake::FaultRule outage;  // Every try of one file in the middle: the retries run out.
  outage.match.method = "POST";
  outage.match.path = ".*/data/f15\\.txt";
  outage.status = 503;
  ASSERT_TRUE(fake().AddFault(outage).ok());
  auto handle = scheduler_->Submit(App(), Executor());
  ASSERT_FALSE(handle.ok());
  EXPECT_EQ(handle.status().code(), StatusCode::kUnavailable);
  EXPECT_THAT(handle.status().message(), HasSubstr("data/f15.txt"));
  EXPECT_EQ(fake().job_count(), 0u);
  for (auto const& entry : fake().Journal()) {
    EXPECT_FALSE(entry.method == "POST" && entry.path.ends_with("/jobs")) << "a create was sent";
  }
}

TEST_F(StagedLaunchTest, ASymlinkIsRefusedByTheDryRunBeforeAnyRequest) {
  fs::create_symlink("train.sh", local_ / "link.sh");
  fake().ClearJournal();
  auto info = scheduler_->SubmitDryRun(App(), Executor());
  ASSERT_FALSE(info.ok());
  EXPECT_EQ(info.status().code(), StatusCode::kInvalidArgument);
  EXPECT_THAT(info.status().message(), HasSubstr("link.sh"));
  EXPECT_THAT(fake().Journal(), fake::ReceivedExactly(0, fake::PathMatches(".*/storage.*")));
}

TEST_F(StagedLaunchTest, ValidateRefusesTheRootAsTargetAndRelativeMountPaths) {
  LeptonExecutorConfig cfg = Executor();
  cfg.staging->remote_path = "/";
  cfg.staging->mount_path = "job";
  Status const status = scheduler_->Validate(App(), cfg);
  EXPECT_EQ(status.code(), StatusCode::kInvalidArgument);
  EXPECT_THAT(status.message(), AllOf(HasSubstr("remote_path '/'"), HasSubstr("mount_path 'job'")));
}

TEST_F(StagedLaunchTest, ValidateRefusesAMissingLocalDirectory) {
  LeptonExecutorConfig cfg = Executor();
  cfg.staging->local_dir = local_ / "missing";
  EXPECT_THAT(scheduler_->Validate(App(), cfg).message(), HasSubstr("is not a directory"));
}

TEST_F(StagedLaunchTest, NamesWithSpacesAndQuotesReachTheJobIntact) {
  Write("it's a file.sh", "echo quoted\n", fs::perms(0700));
  AppDef app = App(1);
  app.roles[0].args = {"it's a file.sh"};
  auto handle = scheduler_->Submit(app, Executor());
  ASSERT_TRUE(handle.ok()) << handle.status();
  ASSERT_EQ(*scheduler_->Wait(*handle), AppState::kSucceeded);
  EXPECT_THAT(*scheduler_->LogLines(*handle, 0), ElementsAre("quoted\n"));
}

TEST_F(StagedLaunchTest, RemoveWithStagedFilesDeletesTheStagedDirectory) {
  std::string const handle = Submit(Executor());
  RemoveOptions options;
  options.staged_files = true;
  ASSERT_TRUE(scheduler_->Remove(handle, options).ok());
  EXPECT_FALSE(fake().StoredFile("default", std::string(kRemote) + "/train.sh"));
  auto exists = client().StoragePathExists("default", kRemote);
  ASSERT_TRUE(exists.ok()) << exists.status();
  EXPECT_FALSE(*exists);
}

TEST_F(StagedLaunchTest, RemoveRefusesToDeleteADirectoryNoStagingMade) {
  ASSERT_TRUE(fake().PutFile("default", "/datasets/train.bin", "data").ok());
  Job job;  // A job whose staged-mount label points at a dataset mount.
  job.metadata.name = "mislabelled";
  job.metadata.labels = std::map<std::string, std::string>{{kStagedMountLabel, "0"}};
  auto& spec = job.spec.emplace();
  spec.container.emplace().command = std::vector<std::string>{"sleep", "60"};
  Mount dataset;
  dataset.path = "/datasets";
  dataset.mount_path = "/data";
  dataset.from = "default";
  spec.mounts = std::vector<Mount>{dataset};
  auto created = client().CreateJob(job);
  ASSERT_TRUE(created.ok()) << created.status();
  RemoveOptions options;
  options.staged_files = true;
  Status const removed = scheduler_->Remove(*created->metadata.id, options);
  EXPECT_EQ(removed.code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(fake().StoredFile("default", "/datasets/train.bin"), "data");
  EXPECT_TRUE(client().GetJob(*created->metadata.id).ok());
}

TEST_F(StagedLaunchTest, OnlyExecutableFilesGetAChmodLine) {
  Write("notes.txt", "group-writable, not executable\n", fs::perms(0664));
  auto info = scheduler_->SubmitDryRun(App(), Executor());
  ASSERT_TRUE(info.ok()) << info.status();
  EXPECT_THAT(info->launch_script, HasSubstr("chmod 755 '/leptonkit/job/train.sh'\n"));
  EXPECT_THAT(info->launch_script, Not(HasSubstr("notes.txt")));
}

TEST_F(StagedLaunchTest, ALaunchScriptTooLongToStartIsRefusedByTheDryRun) {
  LeptonExecutorConfig cfg = Executor();
  cfg.pre_launch_commands = {"echo " + std::string(70 * 1024, 'x')};
  auto info = scheduler_->SubmitDryRun(App(), cfg);
  ASSERT_FALSE(info.ok());
  EXPECT_EQ(info.status().code(), StatusCode::kInvalidArgument);
  EXPECT_THAT(info.status().message(), HasSubstr("launch script"));
}

TEST_F(StagedLaunchTest, ValidateRefusesAMountFromAnotherFileSystem) {
  LeptonExecutorConfig cfg = Executor();
  cfg.staging->mount_from = "node-nfs:shared";
  EXPECT_THAT(scheduler_->Validate(App(), cfg).message(),
              HasSubstr("mount_from 'node-nfs:shared' is not file system 'default'"));
}

TEST_F(StagedLaunchTest, RemoveAloneKeepsTheStagedFiles) {
  std::string const handle = Submit(Executor());
  ASSERT_TRUE(scheduler_->Remove(handle).ok());
  EXPECT_TRUE(fake().StoredFile("default", std::string(kRemote) + "/train.sh"));
}

}  // namespace
}  // namespace lepton::sched
