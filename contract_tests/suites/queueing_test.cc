// Queueing on a configured cluster: jobs wait for room in their node group, start in priority
// order when it frees, and jobs that can never be placed there do not run.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "lepton/client.h"
#include "lepton/contract/contract_test.h"
#include "lepton/job_configs.h"
#include "lepton/node.h"
#include "lepton/shape.h"
#include "suite_anchor.h"

LEPTON_CONTRACT_SUITE(queueing)

namespace lepton::contract {
namespace {

using ::testing::AnyOf;
using ::testing::Contains;
using ::testing::Eq;
using ::testing::Not;
using std::chrono::seconds;

// The group test jobs are placed in: one CPU-only node with room for exactly one replica of
// the test shape.
constexpr char kOneSlotGroup[] = "ng-one-slot";
// A second group of one 8-GPU node, so the workspace offers a shape kOneSlotGroup cannot hold.
constexpr char kGpuGroup[] = "ng-gpu-pool";
constexpr char kGpuShape[] = "gpu.8xh100";
// Longer than any test waits: a job running this holds its room until it is stopped.
constexpr int kHoldSeconds = 3600;

class QueueingTest : public ContractTest {
 protected:
  // Replaces the cluster with kOneSlotGroup and kGpuGroup; the test shape is 1 CPU, 4 GiB.
  Status UseOneSlotCluster() {
    std::string const json = R"({
      "node_groups": [
        {"id": ")" + std::string(kOneSlotGroup) + R"(", "name": "one-slot", "quota_enabled": true,
         "nodes": [{"id": "slot-0", "gpus": 0, "cpus": 1, "memory_mib": 4096}]},
        {"id": ")" + std::string(kGpuGroup) + R"(", "name": "gpu-pool", "quota_enabled": true,
         "gpu_product": "NVIDIA-H100-80GB-HBM3", "nodes": [{"id": "gpu-0", "gpus": 8}]}
      ],
      "shapes": [
        {"name": ")" + backend().test_shape() + R"(", "cpus": 1, "memory_mib": 4096},
        {"name": ")" + std::string(kGpuShape) + R"(", "cpus": 192, "memory_mib": 2097152,
         "accelerator_type": "NVIDIA-H100-80GB-HBM3", "accelerators": 8}
      ],
      "reservations": []
    })";
    return backend().SetCluster(json);
  }

  // ShellJob placed in `group` with `shape` (the test shape when empty).
  Job InGroup(std::string_view stem, std::string const& script,
              std::string const& group = kOneSlotGroup, std::string shape = "") {
    Job job = ShellJob(stem, script);
    job.spec->resource_shape = shape.empty() ? backend().test_shape() : std::move(shape);
    job.spec->affinity.emplace().allowed_dedicated_node_groups = std::vector<std::string>{group};
    return job;
  }

  static Job WithPriority(Job job, std::string const& priority_class) {
    job.spec->queue_config.emplace().priority_class = priority_class;
    return job;
  }

  // Creates `job`; its id, or the failure.
  StatusOr<std::string> Create(Job const& job) {
    auto created = CreateJob(job);
    if (!created) return std::move(created).status();
    if (!created->metadata.id) return Status(StatusCode::kInternal, "created job has no id");
    return *created->metadata.id;
  }

  // The state, or kUnknown (with a test failure) when it cannot be read.
  JobState State(std::string const& id) {
    auto state = StateOf(id);
    EXPECT_TRUE(state.ok()) << "state of " << id << ": " << state.status();
    return state.ok() ? *state : JobState::kUnknown;
  }
};

// The states of a job that has been given room.
auto HasStarted() {
  return AnyOf(Eq(JobState::kStarting), Eq(JobState::kRunning), Eq(JobState::kCompleted));
}

TEST_F(QueueingTest, JobThatDoesNotFitTheFreeRoomOfItsNodeGroupStaysQueueing) {
  LEPTON_CONTRACT_REQUIRE(kConfiguresCluster);
  LEPTON_CONTRACT_REQUIRE(kControlsTime);
  Status const set = UseOneSlotCluster();
  ASSERT_TRUE(set.ok()) << set;
  auto holder = Create(InGroup("holder", scripts::SleepThenSucceed(kHoldSeconds)));
  ASSERT_TRUE(holder.ok()) << holder.status();
  ASSERT_TRUE(WaitForState(*holder, {JobState::kRunning}));

  auto waiter = Create(InGroup("waiter", scripts::Echo({"got room"})));
  ASSERT_TRUE(waiter.ok()) << waiter.status();
  LetTimePass(seconds(60));

  EXPECT_EQ(State(*waiter), JobState::kQueueing);
  EXPECT_EQ(State(*holder), JobState::kRunning);
}

TEST_F(QueueingTest, QueuedJobStartsOnceTheJobHoldingItsRoomFinishes) {
  LEPTON_CONTRACT_REQUIRE(kConfiguresCluster);
  LEPTON_CONTRACT_REQUIRE(kControlsTime);
  Status const set = UseOneSlotCluster();
  ASSERT_TRUE(set.ok()) << set;
  auto holder = Create(InGroup("holder", scripts::SleepThenSucceed(30)));
  ASSERT_TRUE(holder.ok()) << holder.status();
  ASSERT_TRUE(WaitForState(*holder, {JobState::kRunning}));
  auto waiter = Create(InGroup("waiter", scripts::Echo({"got room"})));
  ASSERT_TRUE(waiter.ok()) << waiter.status();
  LetTimePass(seconds(5));
  ASSERT_EQ(State(*waiter), JobState::kQueueing) << "the group's only slot is taken";

  ASSERT_TRUE(WaitForState(*waiter, {JobState::kRunning, JobState::kCompleted}));
  EXPECT_EQ(State(*holder), JobState::kCompleted) << "the waiter got room the holder still held";
}

TEST_F(QueueingTest, WaitingJobsStartInPriorityOrder) {
  LEPTON_CONTRACT_REQUIRE(kConfiguresCluster);
  Status const set = UseOneSlotCluster();
  ASSERT_TRUE(set.ok()) << set;
  std::string const hold = scripts::SleepThenSucceed(kHoldSeconds);
  auto holder = Create(InGroup("holder", hold));
  ASSERT_TRUE(holder.ok()) << holder.status();
  ASSERT_TRUE(WaitForState(*holder, {JobState::kRunning}));
  // Arrival order differs from priority order, so first come first served would fail.
  auto low = Create(WithPriority(InGroup("low", hold), "low-1000"));
  ASSERT_TRUE(low.ok()) << low.status();
  auto high = Create(WithPriority(InGroup("high", hold), "high-9000"));
  ASSERT_TRUE(high.ok()) << high.status();
  auto mid = Create(WithPriority(InGroup("mid", hold), "mid-5000"));
  ASSERT_TRUE(mid.ok()) << mid.status();
  LetTimePass(seconds(5));
  for (auto const* id : {&*low, &*high, &*mid}) ASSERT_EQ(State(*id), JobState::kQueueing) << *id;

  Status stopped = client().StopJob(*holder);
  ASSERT_TRUE(stopped.ok()) << stopped;
  ASSERT_TRUE(WaitForState(*high, {JobState::kStarting, JobState::kRunning}));
  EXPECT_EQ(State(*mid), JobState::kQueueing);
  EXPECT_EQ(State(*low), JobState::kQueueing);

  stopped = client().StopJob(*high);
  ASSERT_TRUE(stopped.ok()) << stopped;
  ASSERT_TRUE(WaitForState(*mid, {JobState::kStarting, JobState::kRunning}));
  EXPECT_EQ(State(*low), JobState::kQueueing);
}

// The SDK does not show what the server does with an unknown group id (the CLI only sends ids
// it resolved); either answer keeps the job off every node.
TEST_F(QueueingTest, JobNamingAnUnknownNodeGroupIsRefusedOrNeverStarts) {
  LEPTON_CONTRACT_REQUIRE(kConfiguresCluster);
  LEPTON_CONTRACT_REQUIRE(kControlsTime);
  Status const set = UseOneSlotCluster();
  ASSERT_TRUE(set.ok()) << set;

  auto created = Create(InGroup("lost", scripts::Echo({"ran"}), "ng-no-such-group"));
  if (!created.ok()) {
    EXPECT_EQ(created.status().code(), StatusCode::kInvalidArgument) << created.status();
    return;
  }
  LetTimePass(seconds(60));
  EXPECT_THAT(State(*created), Not(HasStarted()));
}

// The workspace offers the shape, but not in the job's group (ListShapes of the group leaves it
// out). NeMo-Run's data mover meets this: it always asks for `cpu.small`, which the group may
// lack, and its job then never starts; a refusal at create would be as good.
TEST_F(QueueingTest, JobWhoseShapeIsNotOfferedInItsNodeGroupIsRefusedOrNeverStarts) {
  LEPTON_CONTRACT_REQUIRE(kConfiguresCluster);
  LEPTON_CONTRACT_REQUIRE(kControlsTime);
  Status const set = UseOneSlotCluster();
  ASSERT_TRUE(set.ok()) << set;
  auto offered = client().ListShapes(std::string(kOneSlotGroup));
  ASSERT_TRUE(offered.ok()) << offered.status();
  std::vector<std::string> names;
  for (auto const& shape : *offered) names.push_back(shape.metadata.name.value_or(""));
  ASSERT_THAT(names, Not(Contains(kGpuShape)));

  auto created = Create(InGroup("misfit", scripts::Echo({"ran"}), kOneSlotGroup, kGpuShape));
  if (!created.ok()) {
    EXPECT_EQ(created.status().code(), StatusCode::kInvalidArgument) << created.status();
    return;
  }
  LetTimePass(seconds(60));
  EXPECT_THAT(State(*created), Not(HasStarted()));
}

TEST_F(QueueingTest, ListNodesShowsTheWorkloadOfARunningJob) {
  LEPTON_CONTRACT_REQUIRE(kConfiguresCluster);
  Status const set = UseOneSlotCluster();
  ASSERT_TRUE(set.ok()) << set;
  auto job = Create(InGroup("worker", scripts::SleepThenSucceed(kHoldSeconds)));
  ASSERT_TRUE(job.ok()) << job.status();
  ASSERT_TRUE(WaitForState(*job, {JobState::kRunning}));

  auto nodes = client().ListNodes(kOneSlotGroup);
  ASSERT_TRUE(nodes.ok()) << nodes.status();
  std::vector<std::string> workload_ids;
  for (auto const& node : *nodes) {
    if (!node.status || !node.status->workloads) continue;
    for (auto const& workload : *node.status->workloads) {
      workload_ids.push_back(workload.id.value_or(""));
    }
  }
  EXPECT_THAT(workload_ids, Contains(*job)) << "no node of " << kOneSlotGroup << " runs the job";
}

}  // namespace
}  // namespace lepton::contract
