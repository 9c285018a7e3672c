// The client's workspace-level calls (historical logs, node groups, nodes, shapes, workspace,
// secrets) against the in-process fake over real HTTP.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include "client_fixture.h"
#include "lepton/fake/fault.h"

namespace lepton {
namespace {

using ::testing::Contains;
using ::testing::Field;
using ::testing::HasSubstr;
using ::testing::Optional;
using ::testing::SizeIs;

class WorkspaceClientTest : public ClientTest {};

TEST_F(WorkspaceClientTest, QueryLogsReadsTheLinesOfAFinishedJob) {
  std::string const id = Create("logs", "echo one; echo two");
  clock_->Advance(std::chrono::seconds(10));
  LogQuery query;
  query.job_id = id;
  query.backward = false;
  auto lines = client_->QueryLogs(query);
  ASSERT_TRUE(lines.ok()) << lines.status();
  ASSERT_THAT(*lines, SizeIs(2));
  EXPECT_EQ((*lines)[0].text, "one");
  EXPECT_EQ((*lines)[1].text, "two");
  EXPECT_THAT((*lines)[0].replica_id, HasSubstr(id + "-0-"));
  EXPECT_LE((*lines)[0].at, (*lines)[1].at);
}

TEST_F(WorkspaceClientTest, QueryLogsFiltersByText) {
  std::string const id = Create("logs", "echo apple; echo pear");
  clock_->Advance(std::chrono::seconds(10));
  LogQuery query;
  query.job_id = id;
  query.contains = "pear";
  auto lines = client_->QueryLogs(query);
  ASSERT_TRUE(lines.ok()) << lines.status();
  ASSERT_THAT(*lines, SizeIs(1));
  EXPECT_EQ((*lines)[0].text, "pear");
}

TEST_F(WorkspaceClientTest, QueryLogsWithoutAJobIsInvalidArgument) {
  auto lines = client_->QueryLogs(LogQuery{});
  EXPECT_EQ(lines.status().code(), StatusCode::kInvalidArgument);
}

TEST_F(WorkspaceClientTest, ListsNodeGroupsAndTheirNodes) {
  auto groups = client_->ListNodeGroups();
  ASSERT_TRUE(groups.ok()) << groups.status();
  ASSERT_FALSE(groups->empty());
  std::string const id = *(*groups)[0].metadata.id;
  auto group = client_->GetNodeGroup(id);
  ASSERT_TRUE(group.ok()) << group.status();
  EXPECT_EQ(group->metadata.name, (*groups)[0].metadata.name);
  auto nodes = client_->ListNodes(id);
  ASSERT_TRUE(nodes.ok()) << nodes.status();
  EXPECT_FALSE(nodes->empty());
}

TEST_F(WorkspaceClientTest, AnUnknownNodeGroupIsNotFound) {
  EXPECT_EQ(client_->GetNodeGroup("no-such-group").status().code(), StatusCode::kNotFound);
}

TEST_F(WorkspaceClientTest, ListsShapes) {
  auto shapes = client_->ListShapes();
  ASSERT_TRUE(shapes.ok()) << shapes.status();
  std::vector<std::string> names;
  for (auto const& shape : *shapes) names.push_back(shape.metadata.name.value_or(""));
  EXPECT_THAT(names, Contains("gpu.8xh100"));
}

TEST_F(WorkspaceClientTest, ReadsTheWorkspace) {
  auto info = client_->GetWorkspaceInfo();
  ASSERT_TRUE(info.ok()) << info.status();
  EXPECT_THAT(info->workspace_name, Optional(std::string("fake-ws")));
}

TEST_F(WorkspaceClientTest, ReadsTheSupportedShapesAsTypedShapes) {
  auto info = client_->GetWorkspaceInfo();
  ASSERT_TRUE(info.ok()) << info.status();
  ASSERT_TRUE(info->supported_shapes.has_value());
  auto const shape = info->supported_shapes->find("gpu.8xh100");
  ASSERT_NE(shape, info->supported_shapes->end());
  EXPECT_THAT(shape->second.accelerator_num, Optional(8.0));
  EXPECT_THAT(shape->second.memory, Optional(std::int64_t{2 * 1024 * 1024}));
}

TEST_F(WorkspaceClientTest, CreatesListsAndDeletesSecrets) {
  Secret secret;
  secret.name = "hf-token";
  secret.value = "hf_x";
  ASSERT_TRUE(client_->CreateSecrets({secret}).ok());
  auto listed = client_->ListSecrets();
  ASSERT_TRUE(listed.ok()) << listed.status();
  EXPECT_THAT(*listed, Contains(Field(&Secret::name, Optional(std::string("hf-token")))));
  EXPECT_EQ(client_->CreateSecrets({secret}).code(), StatusCode::kAlreadyExists);
  EXPECT_TRUE(client_->DeleteSecret("hf-token").ok());
  EXPECT_EQ(client_->DeleteSecret("hf-token").code(), StatusCode::kNotFound);
}

TEST_F(WorkspaceClientTest, ASecretCreateWhoseAnswerIsLostSaysItMayHaveHappened) {
  fake::FaultRule lost;
  lost.kind = fake::FaultKind::kDropResponse;
  lost.match.method = "POST";
  lost.times = 1;
  ASSERT_TRUE(fake_->AddFault(lost).ok());
  Secret secret;
  secret.name = "wandb";
  secret.value = "w";
  Status const status = client_->CreateSecrets({secret});
  EXPECT_EQ(status.code(), StatusCode::kAlreadyExists);
  EXPECT_THAT(status.message(), HasSubstr("earlier attempt whose answer was lost"));
}

}  // namespace
}  // namespace lepton
