// Staged files seen by simulated jobs: a job's mounts show storage at container paths, read when
// each replica starts, and its commands' changes land there when they are made. Over HTTP with
// the production client and the fake's test fixture.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "lepton/fake/plan.h"
#include "lepton/fake/testing.h"

namespace lepton::fake {
namespace {

using ::testing::UnorderedElementsAre;

class StorageMountTest : public FakeLeptonTest {
 protected:
  static Job MountedJob(std::string const& script, int replicas) {
    Job job;
    job.metadata.name = "staged";
    auto& spec = job.spec.emplace();
    spec.resource_shape = "cpu.small";
    spec.container.emplace().command = {"bash", "-c", script};
    spec.completions = replicas;
    spec.parallelism = replicas;
    Mount mount;
    mount.path = "/proj";
    mount.mount_path = "/data";
    mount.from = "node-nfs:default";
    spec.mounts = std::vector<Mount>{mount};
    return job;
  }

  // Each replica's log, prefixed by the worker index in its id (`<job id>-<index>-<suffix>`).
  std::vector<std::string> Logs(std::string const& job_id) {
    std::vector<std::string> out;
    auto replicas = client().ListReplicas(job_id);
    EXPECT_TRUE(replicas.ok()) << replicas.status();
    if (!replicas.ok()) return out;
    for (auto const& replica : *replicas) {
      std::string const id = replica.id.value_or("");
      auto log = client().ReadReplicaLog(job_id, id);
      EXPECT_TRUE(log.ok()) << log.status();
      std::string const index = id.substr(job_id.size() + 1, 1);
      out.push_back(index + ": " + (log.ok() ? *log : std::string()));
    }
    return out;
  }
};

TEST_F(StorageMountTest, EachReplicaCatsTheStagedFileAndLogsItsOwnIndex) {
  ASSERT_TRUE(fake().PutFile("default", "/proj/x.txt", "staged line\n").ok());
  auto job = client().CreateJob(
      MountedJob("cat /data/x.txt; echo rank $LEPTON_JOB_WORKER_INDEX", 2));
  ASSERT_TRUE(job.ok()) << job.status();
  std::string const id = *job->metadata.id;
  ASSERT_TRUE(AdvanceUntilState(id, JobState::kCompleted));
  EXPECT_THAT(Logs(id), UnorderedElementsAre("0: staged line\nrank 0\n",
                                             "1: staged line\nrank 1\n"));
}

TEST_F(StorageMountTest, AMissingStagedFileFailsTheJob) {
  auto job = client().CreateJob(MountedJob("cat /data/x.txt", 1));
  ASSERT_TRUE(job.ok()) << job.status();
  std::string const id = *job->metadata.id;
  ASSERT_TRUE(AdvanceUntilState(id, JobState::kFailed));
  EXPECT_THAT(Logs(id), UnorderedElementsAre("0: cat: /data/x.txt: No such file or directory\n"));
}

TEST_F(StorageMountTest, AStagedScriptRunsThroughBash) {
  ASSERT_TRUE(fake().PutFile("default", "/proj/run.sh", "cd /data\ncat x.txt\n").ok());
  ASSERT_TRUE(fake().PutFile("default", "/proj/x.txt", "from the script\n").ok());
  Job job = MountedJob("", 1);
  job.spec->container->command = {"bash", "/data/run.sh"};
  auto created = client().CreateJob(job);
  ASSERT_TRUE(created.ok()) << created.status();
  std::string const id = *created->metadata.id;
  ASSERT_TRUE(AdvanceUntilState(id, JobState::kCompleted));
  EXPECT_THAT(Logs(id), UnorderedElementsAre("0: from the script\n"));
}

TEST_F(StorageMountTest, APlanLineCatsAStagedFileIntoTheLog) {
  ASSERT_TRUE(fake().PutFile("default", "/proj/config.yaml", "lr: 3e-4\nepochs: 2\n").ok());
  ReplicaScript script;
  script.logs = {{Duration::zero(), "loading config", ""},
                 {std::chrono::seconds(1), "", "/data/config.yaml"}};
  script.run = std::chrono::seconds(2);
  PlanRule rule;
  rule.select.name = "staged";
  rule.attempts.push_back({script, {}});
  fake().SetPlans({Plan{"cat-config", "", {rule}}});
  auto job = client().CreateJob(MountedJob("python train.py", 1));
  ASSERT_TRUE(job.ok()) << job.status();
  std::string const id = *job->metadata.id;
  ASSERT_TRUE(AdvanceUntilState(id, JobState::kCompleted));
  EXPECT_THAT(Logs(id), UnorderedElementsAre("0: loading config\nlr: 3e-4\nepochs: 2\n"));
}

TEST_F(StorageMountTest, AWriteLandsInStorageWhenTheCommandMakesIt) {
  auto job = client().CreateJob(MountedJob("sleep 30; echo late > /data/late.txt", 1));
  ASSERT_TRUE(job.ok()) << job.status();
  std::string const id = *job->metadata.id;
  ASSERT_TRUE(AdvanceUntilState(id, JobState::kRunning));
  Advance(std::chrono::seconds(1));
  EXPECT_EQ(fake().StoredFile("default", "/proj/late.txt"), std::nullopt)
      << "written before the sleep ended";
  ASSERT_TRUE(AdvanceUntilState(id, JobState::kCompleted));
  EXPECT_EQ(fake().StoredFile("default", "/proj/late.txt"), "late\n");
}

TEST_F(StorageMountTest, ALaterJobReadsWhatAnEarlierJobWrote) {
  auto writer = client().CreateJob(MountedJob("mkdir -p /data/out && echo shared > /data/out/f", 1));
  ASSERT_TRUE(writer.ok()) << writer.status();
  ASSERT_TRUE(AdvanceUntilState(*writer->metadata.id, JobState::kCompleted));
  auto reader = client().CreateJob(MountedJob("cat /data/out/f", 1));
  ASSERT_TRUE(reader.ok()) << reader.status();
  ASSERT_TRUE(AdvanceUntilState(*reader->metadata.id, JobState::kCompleted));
  EXPECT_THAT(Logs(*reader->metadata.id), UnorderedElementsAre("0: shared\n"));
}

// Storage with room for 8 bytes: a simulated write past it is refused when it lands.
class SmallStorageMountTest : public StorageMountTest {
 protected:
  FakeLeptonOptions FakeOptions() override {
    FakeLeptonOptions options;
    options.storage_capacity_bytes = 8;
    return options;
  }
};

TEST_F(SmallStorageMountTest, AWriteStorageRefusesIsToldInTheReplicasLog) {
  auto job = client().CreateJob(MountedJob("echo more than eight bytes > /data/big.txt", 1));
  ASSERT_TRUE(job.ok()) << job.status();
  std::string const id = *job->metadata.id;
  ASSERT_TRUE(AdvanceUntilState(id, JobState::kCompleted));
  auto const logs = Logs(id);
  ASSERT_EQ(logs.size(), 1U);
  EXPECT_THAT(logs[0], ::testing::HasSubstr("[fake-lepton] /data/big.txt not applied to storage"));
  EXPECT_EQ(fake().StoredFile("default", "/proj/big.txt"), "");
}

}  // namespace
}  // namespace lepton::fake
