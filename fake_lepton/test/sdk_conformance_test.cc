// Every JSON answer the fake gives on the job, replica, event, log, node group, node, shape,
// workspace, secret and storage paths parses in the official SDK: checked against the SDK's
// models as fixtures/sdk_models writes them down, for the current SDK and for its 0.27 release
// (which NeMo-Run pins). The answers come from a realistic journey over real HTTP: jobs that
// completed on two replicas, run, queue, failed after a retry, were stopped and were archived.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "fake_http_test.h"
#include "sdk_model_checker.h"

namespace lepton::fake {
namespace {

using internal::Json;
using ::testing::IsEmpty;
using ::testing::Not;

std::string JobBody(std::string const& name, Json spec) {
  return Json{{"metadata", {{"name", name}}}, {"spec", std::move(spec)}}.dump();
}

Json Command(char const* script) { return {{"command", {"sh", "-c", script}}}; }

class SdkConformanceTest : public FakeHttpTest {
 protected:
  void SetUp() override {
    FakeHttpTest::SetUp();
    for (char const* file : {"current.json", "0.27.json"}) {
      std::string error;
      releases_.emplace_back(
          file, sdk::SdkModels::Load(std::string(LEPTONKIT_FIXTURES_DIR) + "/sdk_models", file,
                                     error));
      ASSERT_EQ(error, "") << file;
    }
    Journey();
  }

  // Jobs in every kind of state, a secret, and files in storage.
  void Journey() {
    Call("POST", std::string(kWorkspace) + "/usersecrets",
         R"([{"name":"hf-token","value":"s3cr3t","visibility":"private"}])");
    ASSERT_TRUE(fake_->PutFile("default", "/data/train.py", "print('hi')\n").ok());
    Call("PUT", std::string(kWorkspace) + "/storage/default/empty-dir");

    Json const created = Call("POST", std::string(kWorkspace) + "/jobs",
                              JobBody("done", {{"resource_shape", "gpu.1xh100"},
                                               {"completions", 2},
                                               {"parallelism", 2},
                                               {"container", Command("echo one; echo two")},
                                               {"envs", {{{"name", "A"}, {"value", "1"}}}}}));
    answers_.push_back({"POST /jobs", created, "LeptonJob"});
    done_ = created["metadata"].value("id", "");
    running_ = CreateJob(JobBody("runs", {{"resource_shape", "gpu.8xh100"},
                                          {"container", Command("echo a; sleep 100000")}}));
    queued_ = CreateJob(JobBody("waits", {{"resource_shape", "gpu.8xh100"},
                                          {"completions", 8},
                                          {"parallelism", 8},
                                          {"container", Command("echo never")}}));
    failed_ = CreateJob(JobBody("fails", {{"max_job_failure_retry", 1},
                                          {"container", Command("echo bad; exit 3")}}));
    stopped_ = CreateJob(JobBody("stops", {{"container", Command("sleep 100000")}}));
    archived_ = CreateJob(JobBody("ages", {{"ttl_seconds_after_finished", 1},
                                           {"container", Command("echo old")}}));
    clock_->Advance(std::chrono::seconds(5));
    Call("PATCH", std::string(kWorkspace) + "/jobs/" + stopped_, R"({"spec":{"stopped":true}})");
    clock_->Advance(std::chrono::minutes(5));
    ASSERT_EQ(Get("/jobs/" + archived_ + "?job_query_mode=archive_only")["status"]["state"],
              "Archived");
  }

  struct Answer {
    std::string call;
    Json body;
    std::string type;
  };

  void Expect(std::string const& path, char const* type) {
    answers_.push_back({"GET " + path, Get(path), type});
  }

  // Checks every answer gathered against both releases; each problem names the call.
  void ExpectAllConform() {
    ASSERT_THAT(answers_, Not(IsEmpty()));
    for (auto const& [release, models] : releases_) {
      for (auto const& answer : answers_) {
        EXPECT_THAT(models.Check(answer.body, answer.type), IsEmpty())
            << answer.call << " as " << answer.type << " of SDK " << release << ": "
            << answer.body.dump();
      }
    }
  }

  std::vector<std::string> Jobs() const {
    return {done_, running_, queued_, failed_, stopped_, archived_};
  }

  std::vector<std::pair<std::string, sdk::SdkModels>> releases_;
  std::vector<Answer> answers_;
  std::string done_, running_, queued_, failed_, stopped_, archived_;
};

TEST_F(SdkConformanceTest, JobAnswersParseAsLeptonJob) {
  for (auto const& id : Jobs()) {
    Expect("/jobs/" + id + "?job_query_mode=alive_and_archive", "LeptonJob");
  }
  Expect("/jobs", "JobList");
  Expect("/jobs?job_query_mode=alive_and_archive", "JobList");
  Expect("/jobs?job_query_mode=archive_only", "JobList");
  Expect("/jobs?status=Running&page=1&page_size=2", "JobList");
  ExpectAllConform();
}

TEST_F(SdkConformanceTest, ReplicaAnswersParseAsReplica) {
  for (auto const& id : Jobs()) {
    Expect("/jobs/" + id + "/replicas", "[Replica]");
    Expect("/jobs/" + id + "/replicas?job_query_mode=alive_only", "[Replica]");
  }
  ExpectAllConform();
}

TEST_F(SdkConformanceTest, EventAnswersParseAsLeptonEvent) {
  for (auto const& id : Jobs()) Expect("/jobs/" + id + "/events", "[LeptonEvent]");
  ExpectAllConform();
}

TEST_F(SdkConformanceTest, LogAnswersHaveTheShapeLepLogGetReads) {
  for (auto const& id : Jobs()) {
    Expect("/logs?job=" + id, "LogQueryResult");
    Expect("/logs?job=" + id + "&direction=forward&limit=1", "LogQueryResult");
  }
  Json const replicas = Get("/jobs/" + done_ + "/replicas");
  ASSERT_FALSE(replicas.empty());
  std::string const replica = replicas[0]["id"];
  Expect("/logs?job=" + done_ + "&replica=" + replica, "LogQueryResult");
  Expect("/logs?deployment=nothing", "LogQueryResult");
  ExpectAllConform();
}

TEST_F(SdkConformanceTest, TheReplicaLogStreamIsText) {
  std::string const replica = Get("/jobs/" + done_ + "/replicas")[0]["id"];
  auto log =
      http_->Get(std::string(kWorkspace) + "/jobs/" + done_ + "/replicas/" + replica + "/log");
  ASSERT_TRUE(log);
  EXPECT_EQ(log->status, 200);
  EXPECT_EQ(log->body, "one\ntwo\n");
}

TEST_F(SdkConformanceTest, NodeGroupAndNodeAnswersParse) {
  Json const groups = Get("/dedicated-node-groups");
  answers_.push_back({"GET /dedicated-node-groups", groups, "[DedicatedNodeGroup]"});
  ASSERT_FALSE(groups.empty());
  std::string const group = groups[0]["metadata"]["id"];
  Expect("/dedicated-node-groups/" + group, "DedicatedNodeGroup");
  Expect("/dedicated-node-groups/" + group + "/nodes", "[Node]");
  Expect("/dedicated-node-groups/" + group + "/nodes?idle=true", "[Node]");
  ExpectAllConform();
}

TEST_F(SdkConformanceTest, ShapeAnswersParseAsShape) {
  std::string const group = Get("/dedicated-node-groups")[0]["metadata"]["id"];
  Expect("/shapes", "[Shape]");
  Expect("/shapes?node_groups=" + group, "[Shape]");
  ExpectAllConform();
}

TEST_F(SdkConformanceTest, WorkspaceAnswerParsesInBothReleases) {
  Expect("/workspace", "WorkspaceInfo");
  ExpectAllConform();
}

TEST_F(SdkConformanceTest, SecretAnswersParseAsSecretItem) {
  Expect("/usersecrets", "[SecretItem]");
  ExpectAllConform();
}

TEST_F(SdkConformanceTest, StorageAnswersParse) {
  Expect("/storage", "[FileSystem]");
  Expect("/storage/du", "FileSystem");
  Expect("/storage/default/", "[DirInfo]");
  Expect("/storage/default/data", "[DirInfo]");
  ExpectAllConform();
}

}  // namespace
}  // namespace lepton::fake
