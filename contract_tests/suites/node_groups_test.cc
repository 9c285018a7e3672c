// Node groups, nodes, shapes and the workspace info: what a launcher reads before it places a job.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

#include "lepton/client.h"
#include "lepton/contract/contract_test.h"
#include "lepton/node.h"
#include "lepton/node_group.h"
#include "lepton/shape.h"
#include "lepton/workspace_info.h"
#include "suite_anchor.h"

LEPTON_CONTRACT_SUITE(node_groups)

namespace lepton::contract {
namespace {

using ::testing::Contains;
using ::testing::Not;
using ::testing::UnorderedElementsAre;

using NodeGroupsTest = ContractTest;

// Two groups: one of CPU-only nodes, one of 8-GPU nodes; a CPU shape and a GPU shape.
constexpr char kCpuAndGpuCluster[] = R"({
  "node_groups": [
    {"id": "ng-cpu-pool", "name": "cpu-pool", "quota_enabled": true,
     "nodes": [{"id": "cpu-0", "gpus": 0, "cpus": 16, "memory_mib": 65536},
               {"id": "cpu-1", "gpus": 0, "cpus": 16, "memory_mib": 65536}]},
    {"id": "ng-gpu-pool", "name": "gpu-pool", "gpu_product": "NVIDIA-H100-80GB-HBM3",
     "nodes": [{"id": "gpu-0", "gpus": 8}]}
  ],
  "shapes": [
    {"name": "cpu.small", "description": "1 CPU, 4 GiB", "cpus": 1, "memory_mib": 4096},
    {"name": "gpu.8xh100", "description": "8 x H100", "cpus": 192, "memory_mib": 2097152,
     "accelerator_type": "NVIDIA-H100-80GB-HBM3", "accelerators": 8}
  ]
})";

// fixtures/clusters/two_pools.json, inline so the test does not depend on the working directory.
constexpr char kTwoPools[] = R"({
  "node_groups": [
    {"id": "ng-h100-pool", "name": "h100-pool", "gpu_product": "NVIDIA-H100-80GB-HBM3",
     "nodes": [{"id": "h100-0"}, {"id": "h100-1"}, {"id": "h100-2"}, {"id": "h100-3"}]},
    {"id": "ng-a100-pool", "name": "a100-pool", "gpu_product": "NVIDIA-A100-SXM4-80GB",
     "quota_enabled": false,
     "nodes": [{"id": "a100-0", "cpus": 128, "memory_mib": 1048576},
               {"id": "a100-1", "cpus": 128, "memory_mib": 1048576},
               {"id": "a100-2", "cpus": 128, "memory_mib": 1048576, "ready": false}]}
  ],
  "reservations": [
    {"id": "res-a100", "name": "team-a", "node_group": "ng-a100-pool", "nodes": ["a100-1"]}
  ]
})";

// The name a shape is asked for by: spec.name, else metadata.name.
std::string ShapeName(Shape const& shape) {
  if (shape.spec && shape.spec->name) return *shape.spec->name;
  return shape.metadata.name.value_or("");
}

std::vector<std::string> ShapeNames(std::vector<Shape> const& shapes) {
  std::vector<std::string> names;
  for (auto const& shape : shapes) names.push_back(ShapeName(shape));
  return names;
}

TEST_F(NodeGroupsTest, ListNodeGroupsGivesEachGroupAnIdAndAName) {
  auto groups = client().ListNodeGroups();
  ASSERT_TRUE(groups.ok()) << groups.status();
  if (groups->empty()) GTEST_SKIP() << "the workspace has no node groups to look at";
  for (auto const& group : *groups) {
    ASSERT_TRUE(group.metadata.id.has_value()) << "a node group without metadata.id";
    EXPECT_FALSE(group.metadata.id->empty());
    ASSERT_TRUE(group.metadata.name.has_value())
        << "node group " << *group.metadata.id << " has no metadata.name";
    EXPECT_FALSE(group.metadata.name->empty()) << "node group " << *group.metadata.id;
  }
}

TEST_F(NodeGroupsTest, GetNodeGroupOfAListedIdGivesTheSameGroup) {
  auto groups = client().ListNodeGroups();
  ASSERT_TRUE(groups.ok()) << groups.status();
  if (groups->empty()) GTEST_SKIP() << "the workspace has no node groups to read";
  NodeGroup const& listed = groups->front();
  ASSERT_TRUE(listed.metadata.id.has_value());

  auto read = client().GetNodeGroup(*listed.metadata.id);
  ASSERT_TRUE(read.ok()) << read.status();
  EXPECT_EQ(read->metadata.id, listed.metadata.id);
  EXPECT_EQ(read->metadata.name, listed.metadata.name);
  EXPECT_EQ(read->spec.gpu_product, listed.spec.gpu_product);
}

TEST_F(NodeGroupsTest, GetNodeGroupOfAnUnknownIdIsNotFound) {
  auto read = client().GetNodeGroup(UniqueName("no-such-group"));
  ASSERT_FALSE(read.ok()) << "an unknown node group was answered";
  EXPECT_EQ(read.status().code(), StatusCode::kNotFound) << read.status();
}

TEST_F(NodeGroupsTest, ListNodesOfAGroupGivesEachNodeAnId) {
  auto groups = client().ListNodeGroups();
  ASSERT_TRUE(groups.ok()) << groups.status();
  if (groups->empty()) GTEST_SKIP() << "the workspace has no node groups to list nodes of";
  ASSERT_TRUE(groups->front().metadata.id.has_value());
  std::string const group_id = *groups->front().metadata.id;

  auto nodes = client().ListNodes(group_id);
  ASSERT_TRUE(nodes.ok()) << "nodes of " << group_id << ": " << nodes.status();
  if (nodes->empty()) GTEST_SKIP() << "node group " << group_id << " has no nodes to look at";
  for (auto const& node : *nodes) {
    ASSERT_TRUE(node.metadata.id.has_value()) << "a node of " << group_id << " without an id";
    EXPECT_FALSE(node.metadata.id->empty());
  }
}

TEST_F(NodeGroupsTest, ListShapesIncludesTheTestShape) {
  std::optional<std::string> group;
  if (!backend().test_node_group().empty()) group = backend().test_node_group();
  auto shapes = client().ListShapes(group);
  ASSERT_TRUE(shapes.ok()) << shapes.status();
  EXPECT_THAT(ShapeNames(*shapes), Contains(backend().test_shape()))
      << "the shape test jobs ask for is not offered"
      << (group ? " in node group " + *group : std::string());
}

TEST_F(NodeGroupsTest, ListShapesOfANodeGroupListsOnlyShapesItsNodesCanHold) {
  LEPTON_CONTRACT_REQUIRE(kConfiguresCluster);
  Status const set = backend().SetCluster(kCpuAndGpuCluster);
  ASSERT_TRUE(set.ok()) << set;

  auto all = client().ListShapes();
  ASSERT_TRUE(all.ok()) << all.status();
  EXPECT_THAT(ShapeNames(*all), UnorderedElementsAre("cpu.small", "gpu.8xh100"));

  auto cpu_pool = client().ListShapes(std::string("ng-cpu-pool"));
  ASSERT_TRUE(cpu_pool.ok()) << cpu_pool.status();
  EXPECT_THAT(ShapeNames(*cpu_pool), Contains("cpu.small"));
  EXPECT_THAT(ShapeNames(*cpu_pool), Not(Contains("gpu.8xh100")))
      << "a GPU shape is offered in a group of CPU-only nodes";

  auto gpu_pool = client().ListShapes(std::string("ng-gpu-pool"));
  ASSERT_TRUE(gpu_pool.ok()) << gpu_pool.status();
  EXPECT_THAT(ShapeNames(*gpu_pool), Contains("gpu.8xh100"));
}

TEST_F(NodeGroupsTest, GetWorkspaceInfoNamesTheWorkspace) {
  auto info = client().GetWorkspaceInfo();
  ASSERT_TRUE(info.ok()) << info.status();
  ASSERT_TRUE(info->workspace_name.has_value()) << "the SDK requires workspace_name";
  EXPECT_FALSE(info->workspace_name->empty());
  EXPECT_TRUE(info->workspace_state.has_value()) << "the SDK requires workspace_state";
}

TEST_F(NodeGroupsTest, ListNodeGroupsGivesExactlyTheConfiguredGroups) {
  LEPTON_CONTRACT_REQUIRE(kConfiguresCluster);
  Status const set = backend().SetCluster(kTwoPools);
  ASSERT_TRUE(set.ok()) << set;

  auto groups = client().ListNodeGroups();
  ASSERT_TRUE(groups.ok()) << groups.status();
  std::vector<std::string> ids;
  std::vector<std::string> names;
  for (auto const& group : *groups) {
    ids.push_back(group.metadata.id.value_or(""));
    names.push_back(group.metadata.name.value_or(""));
  }
  EXPECT_THAT(ids, UnorderedElementsAre("ng-h100-pool", "ng-a100-pool"));
  EXPECT_THAT(names, UnorderedElementsAre("h100-pool", "a100-pool"));

  auto a100 = client().ListNodes("ng-a100-pool");
  ASSERT_TRUE(a100.ok()) << a100.status();
  std::vector<std::string> node_ids;
  for (auto const& node : *a100) node_ids.push_back(node.metadata.id.value_or(""));
  EXPECT_THAT(node_ids, UnorderedElementsAre("a100-0", "a100-1", "a100-2"));
}

}  // namespace
}  // namespace lepton::contract
