// NeMo-Run's staged job, whole, over HTTP: a helper job writes the job directory into the
// workspace storage through its mount (base64 of a tar.gz piped into `base64 -d`, then
// `tar -xzf`), and the real job then runs `bash <dir>/launch_script.sh` from that storage.
// The job specs have the shapes NeMo-Run's LeptonExecutor sends (move_data and
// create_lepton_job in nemo_run/core/execution/lepton.py).

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "base64_codec.h"
#include "gzip_codec.h"
#include "lepton/fake/testing.h"
#include "tar_archive.h"

namespace lepton::fake {
namespace {

using ::testing::HasSubstr;

// The workspace storage as NeMo-Run users mount it: `node-nfs:default` at /nemo-workspace.
constexpr char kMountPath[] = "/nemo-workspace";
constexpr char kJobDir[] = "/nemo-workspace/experiments/exp-1/task-0";

class StagedJobJourneyTest : public FakeLeptonTest {
 protected:
  static Mount WorkspaceMount() {
    Mount mount;
    mount.path = "/nemo-workspace";
    mount.mount_path = kMountPath;
    mount.from = "node-nfs:default";
    return mount;
  }

  static Job JobRunning(std::string const& name, std::vector<std::string> command) {
    Job job;
    job.metadata.name = name;
    auto& spec = job.spec.emplace();
    spec.resource_shape = "cpu.small";
    auto& container = spec.container.emplace();
    container.image = "busybox:1.37.0";
    container.command = std::move(command);
    spec.completions = 1;
    spec.parallelism = 1;
    spec.mounts = std::vector<Mount>{WorkspaceMount()};
    return job;
  }

  // NeMo-Run's copy_directory_data_command for `archive_base64` into `dir`.
  static Job HelperJob(std::string const& dir, std::string const& archive_base64) {
    return JobRunning("data-mover", {"sh", "-c",
                                     "rm -rf " + dir + " && mkdir -p " + dir + " && echo " +
                                         archive_base64 + " | base64 -d > " + dir +
                                         "/archive.tar.gz && tar -xzf " + dir +
                                         "/archive.tar.gz -C " + dir + " && rm " + dir +
                                         "/archive.tar.gz"});
  }

  // The job directory as `tar -czf archive.tar.gz -C <job dir> .` packs it.
  static std::string JobDirectoryArchiveBase64() {
    std::vector<TarEntry> const entries = {
        {TarEntry::Type::kDirectory, ".", "", 0755, '5'},
        {TarEntry::Type::kDirectory, "./configs", "", 0755, '5'},
        {TarEntry::Type::kFile, "./configs/train.yaml", "lr: 3e-4\nepochs: 2\n", 0644, '0'},
        {TarEntry::Type::kFile, "./launch_script.sh",
         std::string("echo 'launch_script: starting'\ncat ") + kJobDir +
             "/configs/train.yaml\necho 'launch_script: done'\n",
         0644, '0'},
    };
    return Base64Encode(GzipCompress(WriteTar(entries, 1700000000)));
  }

  std::string LogOf(std::string const& job_id) {
    auto replicas = client().ListReplicas(job_id);
    EXPECT_TRUE(replicas.ok()) << replicas.status();
    if (!replicas.ok() || replicas->empty()) return "";
    auto log = client().ReadReplicaLog(job_id, replicas->front().id.value_or(""));
    EXPECT_TRUE(log.ok()) << log.status();
    return log.ok() ? *log : "";
  }

  // Creates `job` and runs it to an end; its id.
  std::string RunToEnd(Job const& job, JobState expected) {
    auto created = client().CreateJob(job);
    EXPECT_TRUE(created.ok()) << created.status();
    if (!created.ok()) return "";
    std::string const id = created->metadata.id.value_or("");
    EXPECT_TRUE(AdvanceUntilState(id, expected)) << "log: " << LogOf(id);
    return id;
  }
};

TEST_F(StagedJobJourneyTest, HelperJobStagesTheDirectoryAndTheLaunchScriptRunsFromIt) {
  RunToEnd(HelperJob(kJobDir, JobDirectoryArchiveBase64()), JobState::kCompleted);

  std::string const id = RunToEnd(
      JobRunning("exp-1", {"/bin/bash", "-c", std::string("bash ") + kJobDir + "/launch_script.sh"}),
      JobState::kCompleted);
  EXPECT_EQ(LogOf(id), "launch_script: starting\nlr: 3e-4\nepochs: 2\nlaunch_script: done\n");
}

TEST_F(StagedJobJourneyTest, HelperJobLeavesTheFilesInStorageAndRemovesTheArchive) {
  RunToEnd(HelperJob(kJobDir, JobDirectoryArchiveBase64()), JobState::kCompleted);

  std::string const dir = "/nemo-workspace/experiments/exp-1/task-0";
  EXPECT_EQ(fake().StoredFile("default", dir + "/configs/train.yaml"), "lr: 3e-4\nepochs: 2\n");
  EXPECT_TRUE(fake().StoredFile("default", dir + "/launch_script.sh").has_value());
  EXPECT_FALSE(fake().StoredFile("default", dir + "/archive.tar.gz").has_value());
  auto listed = client().ListDirectory("default", dir);
  ASSERT_TRUE(listed.ok()) << listed.status();
  std::vector<std::string> names;
  for (auto const& entry : *listed) names.push_back(entry.name);
  EXPECT_THAT(names, ::testing::ElementsAre("configs", "launch_script.sh"));
}

TEST_F(StagedJobJourneyTest, StagingAgainReplacesWhatAnEarlierRunLeft) {
  ASSERT_TRUE(fake().PutFile("default", std::string(kJobDir) + "/stale.py", "old\n").ok());
  RunToEnd(HelperJob(kJobDir, JobDirectoryArchiveBase64()), JobState::kCompleted);
  EXPECT_FALSE(fake().StoredFile("default", std::string(kJobDir) + "/stale.py").has_value());
}

TEST_F(StagedJobJourneyTest, ACorruptArchiveFailsTheHelperWithTarsMessage) {
  std::string const id =
      RunToEnd(HelperJob(kJobDir, Base64Encode("not a gzip stream")), JobState::kFailed);
  EXPECT_THAT(LogOf(id), HasSubstr("gzip: stdin: not in gzip format"));
}

TEST_F(StagedJobJourneyTest, WithoutTheHelperTheLaunchScriptIsMissingAndTheJobFails) {
  std::string const id = RunToEnd(
      JobRunning("exp-1", {"/bin/bash", "-c", std::string("bash ") + kJobDir + "/launch_script.sh"}),
      JobState::kFailed);
  EXPECT_EQ(LogOf(id), std::string("bash: ") + kJobDir + "/launch_script.sh: No such file or directory\n");
}

}  // namespace
}  // namespace lepton::fake
