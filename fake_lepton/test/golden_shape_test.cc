// The fake answers in the shapes of fixtures/wire: every key path it emits appears in the golden
// file for that answer, so the fake cannot invent or misspell a field even though it shares the
// codec with the client.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>

#include "fake_http_test.h"

namespace lepton::fake {
namespace {

using internal::Json;

// Fields whose keys are data (label names, shape names), not field names.
bool IsMap(std::string const& path) {
  return path.ends_with("/labels") || path.ends_with("/supported_shapes");
}

// Every key path of a JSON value, with array elements folded into "[]" and the keys of maps
// into "*".
void CollectPaths(Json const& value, std::string const& prefix, std::set<std::string>& out) {
  if (value.is_object()) {
    for (auto const& [key, child] : value.items()) {
      std::string const path = prefix + "/" + (IsMap(prefix) ? "*" : key);
      out.insert(path);
      CollectPaths(child, path, out);
    }
  } else if (value.is_array()) {
    for (auto const& child : value) CollectPaths(child, prefix + "/[]", out);
  }
}

std::set<std::string> PathsOf(Json const& value) {
  std::set<std::string> out;
  CollectPaths(value, "", out);
  return out;
}

// The union of the key paths of every golden file in fixtures/wire/<folder>.
std::set<std::string> GoldenPaths(std::string const& folder) {
  std::set<std::string> out;
  for (auto const& entry : std::filesystem::directory_iterator(
           std::filesystem::path(LEPTONKIT_FIXTURES_DIR) / "wire" / folder)) {
    std::ifstream in(entry.path());
    std::ostringstream text;
    text << in.rdbuf();
    auto const paths = PathsOf(Json::parse(text.str()));
    out.insert(paths.begin(), paths.end());
  }
  return out;
}

class GoldenShapeTest : public FakeHttpTest {
 protected:
  void ExpectShapeOf(Json const& answer, std::string const& folder) {
    ASSERT_FALSE(answer.is_discarded());
    std::set<std::string> const golden = GoldenPaths(folder);
    for (auto const& path : PathsOf(answer)) {
      EXPECT_TRUE(golden.contains(path))
          << "the fake emits " << path << ", which no golden file in fixtures/wire/" << folder
          << " has";
    }
  }

  // A job that has run and failed once, so status carries every counter and job_history.
  std::string BusyJob() {
    std::string const id = CreateJob(
        R"({"metadata":{"name":"shape","labels":{"team":"a"}},"spec":{"resource_shape":"gpu.8xh100",)"
        R"("completions":2,"parallelism":2,"max_job_failure_retry":1,)"
        R"("affinity":{"allowed_dedicated_node_groups":["ng-h100-pool"]},)"
        R"("container":{"image":"busybox","command":["sh","-c","echo hi; sleep 1; exit 1"]}}})");
    clock_->Advance(std::chrono::seconds(6));
    return id;
  }
};

TEST_F(GoldenShapeTest, Job) { ExpectShapeOf(Get("/jobs/" + BusyJob()), "job"); }

TEST_F(GoldenShapeTest, JobList) {
  BusyJob();
  Json const list = Get("/jobs");
  ASSERT_EQ(list.size(), 1U);
  ASSERT_TRUE(list.contains("jobs"));
  for (auto const& job : list["jobs"]) ExpectShapeOf(job, "job");
}

TEST_F(GoldenShapeTest, Replicas) {
  ExpectShapeOf(Get("/jobs/" + BusyJob() + "/replicas"), "replica_list");
}

TEST_F(GoldenShapeTest, Events) { ExpectShapeOf(Get("/jobs/" + BusyJob() + "/events"), "event_list"); }

TEST_F(GoldenShapeTest, NodeGroups) { ExpectShapeOf(Get("/dedicated-node-groups"), "node_group_list"); }

TEST_F(GoldenShapeTest, NodeGroup) {
  ExpectShapeOf(Get("/dedicated-node-groups/ng-h100-pool"), "node_group");
}

TEST_F(GoldenShapeTest, Nodes) {
  BusyJob();
  ExpectShapeOf(Get("/dedicated-node-groups/ng-h100-pool/nodes"), "node_list");
}

TEST_F(GoldenShapeTest, Shapes) { ExpectShapeOf(Get("/shapes?node_groups=ng-h100-pool"), "shape_list"); }

TEST_F(GoldenShapeTest, Workspace) { ExpectShapeOf(Get("/workspace"), "workspace_info"); }

TEST_F(GoldenShapeTest, Secrets) {
  Call("POST", std::string(kWorkspace) + "/usersecrets", R"([{"name":"s","value":"v"}])");
  ExpectShapeOf(Get("/usersecrets"), "secret_list");
}

TEST_F(GoldenShapeTest, Errors) {
  ExpectShapeOf(Get("/jobs/none", 404), "error");
  ExpectShapeOf(Call("PUT", std::string(kWorkspace) + "/jobs", "{}", 405), "error");
}

}  // namespace
}  // namespace lepton::fake
