// Cluster files: node groups, shapes and reservations from JSON, with defaults for what a file
// leaves out and the JSON path of the first problem.

#include "lepton/fake/cluster_config.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

namespace lepton::fake {
namespace {

using ::testing::HasSubstr;
using ::testing::SizeIs;

TEST(ClusterConfigTest, EmptyObjectKeepsEveryDefault) {
  auto config = ParseClusterConfig("{}");
  ASSERT_TRUE(config.ok()) << config.status();
  EXPECT_EQ(config->node_groups.size(), DefaultNodeGroups().size());
  EXPECT_EQ(config->shapes.size(), DefaultShapes().size());
  EXPECT_TRUE(config->reservations.empty());
}

TEST(ClusterConfigTest, ShapesReplaceTheDefaults) {
  auto config = ParseClusterConfig(
      R"({"shapes":[{"name":"gpu.8xb200","cpus":224,"memory_mib":2000000,)"
      R"("accelerator_type":"NVIDIA-B200","accelerators":8}]})");
  ASSERT_TRUE(config.ok()) << config.status();
  ASSERT_THAT(config->shapes, SizeIs(1));
  EXPECT_EQ(config->shapes[0].accelerators, 8);
  EXPECT_EQ(config->shapes[0].cpus, 224);
}

TEST(ClusterConfigTest, ReservationNamesItsGroupAndNodes) {
  auto config = ParseClusterConfig(
      R"({"reservations":[{"id":"r1","node_group":"ng-h100-pool","nodes":["fake-node-2"],)"
      R"("start":100,"end":200}]})");
  ASSERT_TRUE(config.ok()) << config.status();
  ASSERT_THAT(config->reservations, SizeIs(1));
  EXPECT_EQ(config->reservations[0].name, "r1") << "the name defaults to the id";
  EXPECT_EQ(config->reservations[0].end, 200);
}

TEST(ClusterConfigTest, ReservationOfAnUnknownNodeIsRejectedWithItsPath) {
  auto config = ParseClusterConfig(
      R"({"reservations":[{"id":"r1","node_group":"ng-h100-pool","nodes":["nope"]}]})");
  EXPECT_EQ(config.status().code(), StatusCode::kInvalidArgument);
  EXPECT_THAT(config.status().message(), HasSubstr("/reservations/0/nodes/0"));
}

TEST(ClusterConfigTest, ReservationEndingBeforeItStartsIsRejected) {
  auto config = ParseClusterConfig(
      R"({"reservations":[{"id":"r1","node_group":"ng-h100-pool","nodes":[],"start":200,"end":100}]})");
  EXPECT_EQ(config.status().code(), StatusCode::kInvalidArgument);
}

TEST(ClusterConfigTest, UnknownKeyIsRejected) {
  auto config = ParseClusterConfig(R"({"nodegroups":[]})");
  EXPECT_EQ(config.status().code(), StatusCode::kInvalidArgument);
  EXPECT_THAT(config.status().message(), HasSubstr("nodegroups"));
}

TEST(ClusterConfigTest, DuplicateShapeNameIsRejected) {
  auto config = ParseClusterConfig(R"({"shapes":[{"name":"a"},{"name":"a"}]})");
  EXPECT_THAT(config.status().message(), HasSubstr("/shapes/1/name"));
}

TEST(ClusterConfigTest, EveryFixtureClusterFileLoads) {
  int files = 0;
  for (auto const& entry :
       std::filesystem::directory_iterator(std::string(LEPTONKIT_FIXTURES_DIR) + "/clusters")) {
    if (entry.path().extension() != ".json") continue;
    ++files;
    auto config = LoadClusterFile(entry.path().string());
    EXPECT_TRUE(config.ok()) << entry.path() << ": " << config.status();
  }
  EXPECT_GT(files, 0);
}

}  // namespace
}  // namespace lepton::fake
