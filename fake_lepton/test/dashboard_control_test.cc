// The control-plane calls the dashboard reads: /fake/v1/job-table, /fake/v1/jobs/{id}, a
// replica's log tail, /fake/v1/node-occupancy and the journal's brief form. Each answer is
// bounded whatever the number of jobs, and needs no token.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "fake_http_test.h"

namespace lepton::fake {
namespace {

using internal::Json;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::SizeIs;

class DashboardControlTest : public FakeHttpTest {
 protected:
  std::string CreateShellJob(std::string const& name, std::string const& command,
                             char const* shape = "cpu.small", int replicas = 1) {
    return CreateJob(Json{{"metadata", {{"name", name}}},
                          {"spec",
                           {{"resource_shape", shape},
                            {"completions", replicas},
                            {"parallelism", replicas},
                            {"container", {{"command", {"sh", "-c", command}}}}}}}
                         .dump());
  }

  // A GET of the control plane without the workspace token.
  Json ControlGet(std::string const& path, int expected_status = 200) {
    http_->set_bearer_token_auth("");
    Json answer = Call("GET", path, "", expected_status);
    http_->set_bearer_token_auth("fake-token");
    return answer;
  }
};

TEST_F(DashboardControlTest, JobTablePagesNewestFirstWithTheTotal) {
  std::string const first = CreateShellJob("first", "sleep 100");
  clock_->Advance(std::chrono::seconds(1));
  std::string const second = CreateShellJob("second", "sleep 100");
  clock_->Advance(std::chrono::seconds(1));
  std::string const third = CreateShellJob("third", "sleep 100");

  Json const page1 = ControlGet("/fake/v1/job-table?limit=2");
  EXPECT_EQ(page1["total"], 3);
  ASSERT_THAT(page1["jobs"], SizeIs(2));
  EXPECT_EQ(page1["jobs"][0]["id"], third);
  EXPECT_EQ(page1["jobs"][1]["id"], second);
  Json const page2 = ControlGet("/fake/v1/job-table?limit=2&offset=2");
  ASSERT_THAT(page2["jobs"], SizeIs(1));
  EXPECT_EQ(page2["jobs"][0]["id"], first);
  EXPECT_EQ(page2["jobs"][0]["name"], "first");
}

TEST_F(DashboardControlTest, JobTableAnswersAtMostFiftyRowsByDefault) {
  for (int i = 0; i < 60; ++i) CreateShellJob("many", "sleep 100");
  Json const table = ControlGet("/fake/v1/job-table");
  EXPECT_EQ(table["total"], 60);
  EXPECT_THAT(table["jobs"], SizeIs(50));
}

TEST_F(DashboardControlTest, JobTableCountsTheJobsInEachState) {
  CreateShellJob("runs", "sleep 100");
  CreateShellJob("fails", "exit 3");
  clock_->Advance(std::chrono::seconds(5));
  Json const table = ControlGet("/fake/v1/job-table");
  EXPECT_EQ(table["states"], (Json{{"Failed", 1}, {"Running", 1}}));
}

TEST_F(DashboardControlTest, JobTableGivesAWaitingJobsPlaceAndWhyItWaits) {
  CreateShellJob("holder", "sleep 100", "gpu.8xh100", 3);
  clock_->Advance(std::chrono::seconds(1));
  std::string const waiting = CreateShellJob("waiter", "sleep 100", "gpu.8xh100", 2);
  Json const row = ControlGet("/fake/v1/job-table")["jobs"][0];
  ASSERT_EQ(row["id"], waiting);
  EXPECT_EQ(row["state"], "Queueing");
  EXPECT_EQ(row.value("queue_position", 0), 1);
  EXPECT_THAT(row.value("waiting_reason", ""), HasSubstr("insufficient capacity"));
  EXPECT_EQ(row["replicas"], 2);
  EXPECT_EQ(row["ready"], 0);
}

TEST_F(DashboardControlTest, JobTableRefusesALimitOutsideOneToFiveHundred) {
  EXPECT_EQ(ControlGet("/fake/v1/job-table?limit=501", 400)["code"], "BadRequest");
  EXPECT_EQ(ControlGet("/fake/v1/job-table?limit=0", 400)["code"], "BadRequest");
  EXPECT_EQ(ControlGet("/fake/v1/job-table?offset=-1", 400)["code"], "BadRequest");
}

TEST_F(DashboardControlTest, JobDetailHoldsEventsReplicasAndEarlierAttempts) {
  std::string const id = CreateJob(Json{{"metadata", {{"name", "retried"}}},
                                        {"spec",
                                         {{"max_job_failure_retry", 1},
                                          {"container", {{"command", {"sh", "-c", "exit 1"}}}}}}}
                                       .dump());
  clock_->Advance(std::chrono::seconds(20));
  Json const detail = ControlGet("/fake/v1/jobs/" + id);
  EXPECT_EQ(detail["job"]["metadata"]["id"], id);
  ASSERT_TRUE(detail["job"]["status"].contains("job_history"));
  EXPECT_THAT(detail["job"]["status"]["job_history"], SizeIs(1));
  EXPECT_FALSE(detail["events"].empty());
  EXPECT_THAT(detail["replicas"], SizeIs(2));  // One of each attempt.
}

TEST_F(DashboardControlTest, JobDetailOfAnUnknownJobIs404) {
  EXPECT_EQ(ControlGet("/fake/v1/jobs/nobody-abcde", 404)["code"], "NotFound");
}

TEST_F(DashboardControlTest, ReplicaLogTailKeepsTheLastLines) {
  std::string const id = CreateShellJob("talker", "echo one; echo two; echo three");
  clock_->Advance(std::chrono::seconds(5));
  std::string const replica = ControlGet("/fake/v1/jobs/" + id)["replicas"][0]["metadata"]["id"];
  Json const log = ControlGet("/fake/v1/jobs/" + id + "/replicas/" + replica + "/log?tail=2");
  EXPECT_THAT(log["lines"], ElementsAre("two", "three"));
  EXPECT_EQ(log["total_lines"], 3);
  EXPECT_EQ(log["first_line"], 1);
  EXPECT_TRUE(log["ended"].get<bool>());
}

TEST_F(DashboardControlTest, ReplicaLogTailOfAnUnknownReplicaIs404) {
  std::string const id = CreateShellJob("talker", "echo one");
  EXPECT_EQ(ControlGet("/fake/v1/jobs/" + id + "/replicas/nope/log", 404)["code"], "NotFound");
}

TEST_F(DashboardControlTest, NodeOccupancyNamesTheJobHoldingEachNodesGpus) {
  std::string const id = CreateShellJob("pair", "sleep 100", "gpu.8xh100", 2);
  Json const groups = ControlGet("/fake/v1/node-occupancy")["node_groups"];
  ASSERT_THAT(groups, SizeIs(1));
  int held = 0;
  for (auto const& node : groups[0]["nodes"]) {
    EXPECT_EQ(node["gpus"], 8);
    for (auto const& holder : node["holders"]) {
      EXPECT_EQ(holder["job_id"], id);
      EXPECT_EQ(holder["job_name"], "pair");
      EXPECT_EQ(holder["gpus"], 8);
      EXPECT_EQ(node["gpus_allocated"], 8);
      ++held;
    }
  }
  EXPECT_EQ(held, 2);
}

TEST_F(DashboardControlTest, NodeOccupancyOnlyCountsReplicasWithoutGpus) {
  CreateShellJob("cpu-only", "sleep 100");
  int held = 0;
  int counted = 0;
  Json const occupancy = ControlGet("/fake/v1/node-occupancy");
  for (auto const& node : occupancy["node_groups"][0]["nodes"]) {
    held += static_cast<int>(node["holders"].size());
    counted += node["replicas_without_gpus"].get<int>();
  }
  EXPECT_EQ(held, 0);
  EXPECT_EQ(counted, 1);
}

TEST_F(DashboardControlTest, BriefJournalLeavesOutHeadersAndBodies) {
  CreateShellJob("journaled", "sleep 1");
  Json const entry = ControlGet("/fake/v1/journal?brief=true")["requests"][0];
  EXPECT_EQ(entry["method"], "POST");
  EXPECT_FALSE(entry.contains("headers"));
  EXPECT_FALSE(entry.contains("body"));
  EXPECT_GT(entry["body_bytes"].get<int>(), 0);
}

}  // namespace
}  // namespace lepton::fake
