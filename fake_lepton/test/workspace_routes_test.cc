// Workspace-level endpoints over HTTP: node groups, nodes, shapes, workspace info, user secrets
// and the historical log query.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "fake_http_test.h"

namespace lepton::fake {
namespace {

using internal::Json;
using ::testing::Contains;
using ::testing::SizeIs;

class WorkspaceRoutesTest : public FakeHttpTest {};

TEST_F(WorkspaceRoutesTest, NodeGroupsIsABareListWithMetadataSpecAndStatus) {
  Json const groups = Get("/dedicated-node-groups");
  ASSERT_TRUE(groups.is_array());
  ASSERT_THAT(groups, SizeIs(1));
  EXPECT_EQ(groups[0]["metadata"]["id"], "ng-h100-pool");
  EXPECT_TRUE(groups[0].contains("spec"));
  EXPECT_TRUE(groups[0]["status"].contains("quota_enabled"));
}

TEST_F(WorkspaceRoutesTest, SingleNodeGroupIsAnObject) {
  Json const group = Get("/dedicated-node-groups/ng-h100-pool");
  EXPECT_EQ(group["metadata"]["name"], "h100-pool");
}

TEST_F(WorkspaceRoutesTest, NodesCarryUnschedulableAndStatus) {
  Json const nodes = Get("/dedicated-node-groups/ng-h100-pool/nodes");
  ASSERT_THAT(nodes, SizeIs(4));
  for (auto const& node : nodes) {
    EXPECT_TRUE(node["spec"].contains("unschedulable"));
    EXPECT_TRUE(node.contains("status"));
    EXPECT_EQ(node["spec"]["resource"]["gpu"]["total"], 8);
  }
}

TEST_F(WorkspaceRoutesTest, IdleNodesExcludeBusyOnes) {
  CreateJob(R"({"metadata":{"name":"busy"},"spec":{"resource_shape":"gpu.8xh100",)"
            R"("container":{"command":["sleep","100"]}}})");
  clock_->Advance(std::chrono::seconds(2));
  EXPECT_THAT(Get("/dedicated-node-groups/ng-h100-pool/nodes?idle=true"), SizeIs(3));
}

TEST_F(WorkspaceRoutesTest, NodesReportAllocatedResourcesAndWorkloads) {
  std::string const id =
      CreateJob(R"({"metadata":{"name":"busy"},"spec":{"resource_shape":"gpu.8xh100",)"
                R"("container":{"command":["sleep","100"]}}})");
  clock_->Advance(std::chrono::seconds(2));
  Json const nodes = Get("/dedicated-node-groups/ng-h100-pool/nodes");
  Json const& busy = nodes[0];
  EXPECT_EQ(busy["spec"]["resource"]["gpu"]["allocated"], 8);
  EXPECT_EQ(busy["spec"]["resource"]["cpu"]["allocated"], 192.0);
  ASSERT_THAT(busy["status"]["workloads"], SizeIs(1));
  EXPECT_EQ(busy["status"]["workloads"][0]["id"], id);
  EXPECT_EQ(busy["status"]["workloads"][0]["gpu_count"], 8);
  EXPECT_EQ(nodes[1]["spec"]["resource"]["gpu"]["allocated"], 0);
}

TEST_F(WorkspaceRoutesTest, ReservationsOfAGroupAreABareList) {
  EXPECT_EQ(Get("/dedicated-node-groups/ng-h100-pool/reservations"), Json::array());
  Json const error = Get("/dedicated-node-groups/ng-nope/reservations", 404);
  EXPECT_EQ(error["code"], "NotFound");
}

TEST_F(WorkspaceRoutesTest, ShapesListTheDefaults) {
  Json const shapes = Get("/shapes");
  std::vector<std::string> names;
  for (auto const& shape : shapes) names.push_back(shape["spec"]["name"]);
  EXPECT_THAT(names, Contains("cpu.small"));
  EXPECT_THAT(names, Contains("gpu.8xh100"));
}

TEST_F(WorkspaceRoutesTest, ShapesOfAnUnknownNodeGroupAreEmpty) {
  EXPECT_EQ(Get("/shapes?node_groups=nope"), Json::array());
}

TEST_F(WorkspaceRoutesTest, WorkspaceInfoHasEveryKeyTheSdkRequires) {
  Json const info = Get("/workspace");
  for (char const* key : {"build_time", "git_commit", "workspace_name", "workspace_tier",
                          "workspace_state", "supported_shapes", "workspace_disk_usage_bytes",
                          "workloads", "resource_quota"}) {
    EXPECT_TRUE(info.contains(key)) << key;
  }
  for (char const* key : {"num_deployments", "num_jobs", "num_pods", "num_secrets",
                          "num_image_pull_secrets"}) {
    EXPECT_TRUE(info["workloads"].contains(key)) << key;
  }
  EXPECT_EQ(info["workspace_name"], "fake-ws");
}

TEST_F(WorkspaceRoutesTest, WorkspaceInfoHasWhatTheSdks027ReleaseAlsoRequires) {
  Json const info = Get("/workspace");
  EXPECT_EQ(info["workloads"]["num_photons"], 0);
  for (char const* side : {"limit", "used"}) {
    EXPECT_TRUE(info["service_quota"][side]["kv_store_num"].is_number_integer()) << side;
    EXPECT_TRUE(info["service_quota"][side]["queue_num"].is_number_integer()) << side;
    EXPECT_TRUE(info["resource_quota"][side]["memory"].is_number_integer()) << side;
  }
}

TEST_F(WorkspaceRoutesTest, SupportedShapesMapEachShapeToWhatItGives) {
  Json const shape = Get("/workspace")["supported_shapes"]["gpu.8xh100"];
  ASSERT_TRUE(shape.is_object()) << shape.dump();
  EXPECT_EQ(shape["accelerator_num"], 8);
  EXPECT_EQ(shape["cpu"], 192);
  EXPECT_TRUE(shape["memory"].is_number_integer());
  EXPECT_TRUE(shape["description"].is_string());
}

TEST_F(WorkspaceRoutesTest, SupportedShapesFollowTheClusterWhenItIsReplaced) {
  FakeClusterConfig cluster;
  cluster.node_groups = DefaultNodeGroups();
  cluster.shapes = {FakeShape{"cpu.tiny", "half a CPU", 0.5, 512, "", 0}};
  fake_->SetCluster(cluster);
  Json const shapes = Get("/workspace")["supported_shapes"];
  ASSERT_THAT(shapes, SizeIs(1));
  EXPECT_EQ(shapes["cpu.tiny"]["cpu"], 0.5);
  EXPECT_EQ(shapes["cpu.tiny"]["memory"], 512);
}

TEST_F(WorkspaceRoutesTest, SecretsAreCreatedListedWithoutValuesAndDeleted) {
  auto created = http_->Post("/api/v2/workspaces/fake-ws/usersecrets",
                             R"([{"name":"hf-token","value":"s3cr3t","visibility":"private"}])",
                             "application/json");
  ASSERT_TRUE(created);
  EXPECT_EQ(created->status, 200);
  Json const listed = Get("/usersecrets");
  ASSERT_THAT(listed, SizeIs(1));
  EXPECT_EQ(listed[0]["name"], "hf-token");
  EXPECT_FALSE(listed[0].contains("value"));
  auto deleted = http_->Delete("/api/v2/workspaces/fake-ws/usersecrets/hf-token");
  ASSERT_TRUE(deleted);
  EXPECT_EQ(deleted->status, 200);
  EXPECT_EQ(Get("/usersecrets"), Json::array());
}

TEST_F(WorkspaceRoutesTest, SecretReferencesReachTheSimulatedCommand) {
  ASSERT_TRUE(http_->Post("/api/v2/workspaces/fake-ws/usersecrets",
                          R"([{"name":"greeting","value":"hello"}])", "application/json"));
  std::string const id = CreateJob(
      R"({"metadata":{"name":"secret"},"spec":{"envs":[{"name":"G","value_from":{"secret_name_ref":"greeting"}}],)"
      R"("container":{"command":["sh","-c","echo $G"]}}})");
  clock_->Advance(std::chrono::seconds(3));
  Json const logs = Get("/logs?job=" + id);
  EXPECT_EQ(logs["data"]["result"][0]["values"][0][1], "hello");
}

TEST_F(WorkspaceRoutesTest, DuplicateSecretIsAConflict) {
  std::string const body = R"([{"name":"dup","value":"a"}])";
  ASSERT_TRUE(http_->Post("/api/v2/workspaces/fake-ws/usersecrets", body, "application/json"));
  auto again = http_->Post("/api/v2/workspaces/fake-ws/usersecrets", body, "application/json");
  ASSERT_TRUE(again);
  EXPECT_EQ(again->status, 409);
}

TEST_F(WorkspaceRoutesTest, LogsAreLokiShapedWithNanosecondTimestamps) {
  std::string const id = CreateJob(
      R"({"metadata":{"name":"logged"},"spec":{"container":{"command":["sh","-c","echo one; echo two"]}}})");
  clock_->Advance(std::chrono::seconds(3));
  Json const logs = Get("/logs?job=" + id + "&direction=forward");
  Json const& result = logs["data"]["result"];
  ASSERT_THAT(result, SizeIs(1));
  Json const& values = result[0]["values"];
  ASSERT_THAT(values, SizeIs(2));
  EXPECT_EQ(values[0][1], "one");
  std::string const ns = values[0][0];
  EXPECT_EQ(ns.size(), 19U) << "a 2026 timestamp in nanoseconds has 19 digits";
}

TEST_F(WorkspaceRoutesTest, LogsHonourLimitAndTextFilter) {
  std::string const id = CreateJob(
      R"({"metadata":{"name":"logged"},"spec":{"container":{"command":["sh","-c","echo a1; echo b; echo a2"]}}})");
  clock_->Advance(std::chrono::seconds(3));
  Json const logs = Get("/logs?job=" + id + "&q=a&limit=1");
  Json const& values = logs["data"]["result"][0]["values"];
  ASSERT_THAT(values, SizeIs(1));
  EXPECT_EQ(values[0][1], "a2") << "backward is the default direction";
}

TEST_F(WorkspaceRoutesTest, LogsTimeWindowExcludesLaterLines) {
  std::string const id = CreateJob(
      R"({"metadata":{"name":"window"},"spec":{"container":{"command":["sh","-c","echo early; sleep 10; echo late"]}}})");
  clock_->Advance(std::chrono::seconds(20));
  auto const ns = [](TimePoint t) {
    return std::to_string(
        std::chrono::duration_cast<std::chrono::nanoseconds>(t.time_since_epoch()).count());
  };
  TimePoint const start = ManualClock::DefaultStart();
  Json const logs =
      Get("/logs?job=" + id + "&start=" + ns(start) + "&end=" + ns(start + std::chrono::seconds(5)));
  Json const& values = logs["data"]["result"][0]["values"];
  ASSERT_THAT(values, SizeIs(1));
  EXPECT_EQ(values[0][1], "early");
}

}  // namespace
}  // namespace lepton::fake
