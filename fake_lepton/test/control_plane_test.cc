// The control plane under /fake/v1: clock, plans, job inspection, forced states and reset.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "fake_http_test.h"

namespace lepton::fake {
namespace {

using internal::Json;
using ::testing::SizeIs;

class ControlPlaneTest : public FakeHttpTest {
 protected:
  std::string CreateShellJob(std::string const& command) {
    return CreateJob(Json{{"metadata", {{"name", "ctl"}}},
                          {"spec", {{"container", {{"command", {"sh", "-c", command}}}}}}}
                         .dump());
  }

  std::string StateOf(std::string const& id) { return Get("/jobs/" + id)["status"]["state"]; }
};

TEST_F(ControlPlaneTest, ClockAdvanceRunsDueTransitions) {
  std::string const id = CreateShellJob("sleep 10");
  Json const clock = Call("POST", "/fake/v1/clock/advance", R"({"by":"5s"})");
  EXPECT_TRUE(clock["manual"].get<bool>());
  EXPECT_EQ(StateOf(id), "Running");
  Call("POST", "/fake/v1/clock/advance", R"({"seconds": 10})");
  EXPECT_EQ(StateOf(id), "Completed");
}

TEST_F(ControlPlaneTest, ClockAdvanceRejectsABadDuration) {
  Json const error = Call("POST", "/fake/v1/clock/advance", R"({"by":"soon"})", 400);
  EXPECT_EQ(error["code"], "BadRequest");
}

TEST_F(ControlPlaneTest, PostedPlanAppliesToNewJobs) {
  Call("POST", "/fake/v1/plans",
       R"({"name":"p","rules":[{"select":{"name":"ctl"},"attempts":[{"run":"1s","exit_code":4}]}]})");
  EXPECT_THAT(Call("GET", "/fake/v1/plans"), SizeIs(1));
  std::string const id = CreateShellJob("sleep 100");
  Call("POST", "/fake/v1/clock/advance", R"({"by":"3s"})");
  EXPECT_EQ(StateOf(id), "Failed");
}

TEST_F(ControlPlaneTest, MalformedPlanIs400NamingTheProblem) {
  Json const bad = Call("POST", "/fake/v1/plans", R"({"rules":7})", 400);
  EXPECT_EQ(bad["code"], "BadRequest");
  EXPECT_THAT(bad["message"].get<std::string>(), ::testing::HasSubstr("/rules"));
}

TEST_F(ControlPlaneTest, ForcedStateIsServedAtOnce) {
  std::string const id = CreateShellJob("sleep 100");
  Call("POST", "/fake/v1/jobs/" + id + "/state", R"({"state":"Failed"})");
  EXPECT_EQ(StateOf(id), "Failed");
}

TEST_F(ControlPlaneTest, ForcedUnknownStateIsTheServersEmptyString) {
  std::string const id = CreateShellJob("sleep 100");
  Call("POST", "/fake/v1/jobs/" + id + "/state", R"({"state":""})");
  EXPECT_EQ(StateOf(id), "");
}

TEST_F(ControlPlaneTest, ForcingAnInventedStateIs400) {
  std::string const id = CreateShellJob("sleep 100");
  Call("POST", "/fake/v1/jobs/" + id + "/state", R"({"state":"Exploded"})", 400);
}

TEST_F(ControlPlaneTest, JobsInspectionShowsArchivedJobsToo) {
  std::string const id = CreateShellJob("true");
  Call("DELETE", "/api/v2/workspaces/fake-ws/jobs/" + id);
  Call("POST", "/fake/v1/clock/advance", R"({"by":"1s"})");
  Json const jobs = Call("GET", "/fake/v1/jobs");
  ASSERT_THAT(jobs, SizeIs(1));
  EXPECT_TRUE(jobs[0]["archived"].get<bool>());
  EXPECT_EQ(jobs[0]["job"]["status"]["state"], "Deleted");
}

TEST_F(ControlPlaneTest, NodeGroupsCanBeReplaced) {
  Call("PUT", "/fake/v1/node-groups",
       R"([{"id":"ng-a100","name":"a100-pool","gpu_product":"NVIDIA-A100-SXM4-80GB",)"
       R"("nodes":[{"id":"a100-0","gpus":8},{"id":"a100-1","gpus":8,"unschedulable":true}]}])");
  Json const groups = Call("GET", "/api/v2/workspaces/fake-ws/dedicated-node-groups");
  ASSERT_THAT(groups, SizeIs(1));
  EXPECT_EQ(groups[0]["metadata"]["id"], "ng-a100");
  Json const nodes = Call("GET", "/api/v2/workspaces/fake-ws/dedicated-node-groups/ng-a100/nodes");
  ASSERT_THAT(nodes, SizeIs(2));
  EXPECT_EQ(nodes[1]["spec"]["unschedulable"], true);
}

TEST_F(ControlPlaneTest, ClusterWithReservationsCanBeReplaced) {
  Call("PUT", "/fake/v1/cluster",
       R"({"reservations":[{"id":"res-1","name":"team-a","node_group":"ng-h100-pool",)"
       R"("nodes":["fake-node-0","fake-node-1"]}]})");
  Json const reservations =
      Call("GET", "/api/v2/workspaces/fake-ws/dedicated-node-groups/ng-h100-pool/reservations");
  ASSERT_THAT(reservations, SizeIs(1));
  EXPECT_EQ(reservations[0]["metadata"]["name"], "team-a");
  EXPECT_EQ(reservations[0]["status"]["phase"], "Reserved");
  EXPECT_EQ(reservations[0]["status"]["reserved_count"], 2);
}

TEST_F(ControlPlaneTest, JobsInspectionShowsTheQueuePositionOfWaitingJobs) {
  std::string const body =
      R"({"metadata":{"name":"wide"},"spec":{"resource_shape":"gpu.8xh100","completions":4,)"
      R"("parallelism":4,"container":{"command":["sleep","100"]}}})";
  Call("POST", "/api/v2/workspaces/fake-ws/jobs", body);
  Call("POST", "/api/v2/workspaces/fake-ws/jobs", body);
  Json const jobs = Call("GET", "/fake/v1/jobs");
  ASSERT_THAT(jobs, SizeIs(2));
  EXPECT_EQ(jobs[0]["queue_position"], 1) << "the newest job waits";
  EXPECT_FALSE(jobs[1].contains("queue_position"));
}

TEST_F(ControlPlaneTest, NodeGroupsWithDuplicateNodeIdsAreRejected) {
  Json const error = Call("PUT", "/fake/v1/node-groups",
                          R"([{"id":"g","nodes":[{"id":"n"},{"id":"n"}]}])", 400);
  EXPECT_THAT(error["message"].get<std::string>(), ::testing::HasSubstr("/0/nodes/1/id"));
  EXPECT_THAT(Call("GET", "/fake/v1/node-groups"), SizeIs(1)) << "the old groups stay";
}

TEST_F(ControlPlaneTest, ResetForgetsEverything) {
  CreateShellJob("true");
  Call("POST", "/fake/v1/reset");
  EXPECT_EQ(fake_->job_count(), 0U);
}

TEST_F(ControlPlaneTest, ControlPlaneIsNotUnderTheWorkspaceApi) {
  Call("POST", "/api/v2/workspaces/fake-ws/fake/v1/reset", "", 404);
}

}  // namespace
}  // namespace lepton::fake
