// The control plane under /fake/v1: clock, plans, job inspection, forced states and reset.

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <httplib.h>

#include <memory>
#include <string>

#include "internal/json_codec.h"
#include "lepton/fake/fake_lepton.h"

namespace lepton::fake {
namespace {

using internal::Json;
using ::testing::SizeIs;

class ControlPlaneTest : public ::testing::Test {
 protected:
  void SetUp() override {
    FakeLeptonOptions options;
    options.clock = clock_;
    auto fake = FakeLepton::Start(options);
    ASSERT_TRUE(fake.ok()) << fake.status();
    fake_ = *std::move(fake);
    http_ = std::make_unique<httplib::Client>(fake_->base_url());
    http_->set_bearer_token_auth("fake-token");
  }

  Json Call(char const* method, std::string const& path, std::string const& body = "",
            int expected = 200) {
    httplib::Request req;
    req.method = method;
    req.path = path;
    req.body = body;
    auto result = http_->send(req);
    EXPECT_TRUE(result) << path;
    if (!result) return Json();
    EXPECT_EQ(result->status, expected) << path << ": " << result->body;
    return Json::parse(result->body, nullptr, false);
  }

  std::string CreateJob(std::string const& command) {
    Json const job = Call("POST", "/api/v2/workspaces/fake-ws/jobs",
                          Json{{"metadata", {{"name", "ctl"}}},
                               {"spec", {{"container", {{"command", {"sh", "-c", command}}}}}}}
                              .dump());
    return job["metadata"]["id"];
  }

  std::string StateOf(std::string const& id) {
    return Call("GET", "/api/v2/workspaces/fake-ws/jobs/" + id)["status"]["state"];
  }

  std::shared_ptr<ManualClock> clock_ = std::make_shared<ManualClock>();
  std::unique_ptr<FakeLepton> fake_;
  std::unique_ptr<httplib::Client> http_;
};

TEST_F(ControlPlaneTest, ClockAdvanceRunsDueTransitions) {
  std::string const id = CreateJob("sleep 10");
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
  std::string const id = CreateJob("sleep 100");
  Call("POST", "/fake/v1/clock/advance", R"({"by":"3s"})");
  EXPECT_EQ(StateOf(id), "Failed");
}

TEST_F(ControlPlaneTest, MalformedPlanIs400NamingTheProblem) {
  Json const bad = Call("POST", "/fake/v1/plans", R"({"rules":7})", 400);
  EXPECT_EQ(bad["code"], "BadRequest");
  EXPECT_THAT(bad["message"].get<std::string>(), ::testing::HasSubstr("/rules"));
}

TEST_F(ControlPlaneTest, ForcedStateIsServedAtOnce) {
  std::string const id = CreateJob("sleep 100");
  Call("POST", "/fake/v1/jobs/" + id + "/state", R"({"state":"Failed"})");
  EXPECT_EQ(StateOf(id), "Failed");
}

TEST_F(ControlPlaneTest, ForcedUnknownStateIsTheServersEmptyString) {
  std::string const id = CreateJob("sleep 100");
  Call("POST", "/fake/v1/jobs/" + id + "/state", R"({"state":""})");
  EXPECT_EQ(StateOf(id), "");
}

TEST_F(ControlPlaneTest, ForcingAnInventedStateIs400) {
  std::string const id = CreateJob("sleep 100");
  Call("POST", "/fake/v1/jobs/" + id + "/state", R"({"state":"Exploded"})", 400);
}

TEST_F(ControlPlaneTest, JobsInspectionShowsArchivedJobsToo) {
  std::string const id = CreateJob("true");
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

TEST_F(ControlPlaneTest, NodeGroupsWithDuplicateNodeIdsAreRejected) {
  Json const error = Call("PUT", "/fake/v1/node-groups",
                          R"([{"id":"g","nodes":[{"id":"n"},{"id":"n"}]}])", 400);
  EXPECT_THAT(error["message"].get<std::string>(), ::testing::HasSubstr("/0/nodes/1/id"));
  EXPECT_THAT(Call("GET", "/fake/v1/node-groups"), SizeIs(1)) << "the old groups stay";
}

TEST_F(ControlPlaneTest, ResetForgetsEverything) {
  CreateJob("true");
  Call("POST", "/fake/v1/reset");
  EXPECT_EQ(fake_->job_count(), 0U);
}

TEST_F(ControlPlaneTest, ControlPlaneIsNotUnderTheWorkspaceApi) {
  Call("POST", "/api/v2/workspaces/fake-ws/fake/v1/reset", "", 404);
}

}  // namespace
}  // namespace lepton::fake
