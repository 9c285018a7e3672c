// The cluster model driven directly on a manual clock: capacity, queueing in priority order,
// preemption, start times and reservations, and what the node endpoints report.
// The default cluster is one group (ng-h100-pool) of four 8-GPU nodes.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <tuple>
#include <memory>
#include <string>
#include <vector>

#include "world.h"

namespace lepton::fake {
namespace {

using ::testing::AllOf;
using ::testing::Contains;
using ::testing::Field;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Optional;
using ::testing::SizeIs;
using std::chrono::seconds;

constexpr char kGroup[] = "ng-h100-pool";

class ClusterModelTest : public ::testing::Test {
 protected:
  ClusterModelTest() { Start({}); }

  void Start(std::vector<FakeReservation> reservations) {
    FakeLeptonOptions options;
    options.clock = clock_;
    options.reservations = std::move(reservations);
    world_ = std::make_unique<World>(options);
  }

  // A job of `replicas` replicas of `shape` that runs for `run_seconds`.
  static Job GpuJob(std::string const& name, char const* shape = "gpu.8xh100", int replicas = 1,
                    int run_seconds = 100) {
    Job job;
    job.metadata.name = name;
    auto& spec = job.spec.emplace();
    spec.resource_shape = shape;
    spec.completions = replicas;
    spec.parallelism = replicas;
    spec.affinity.emplace().allowed_dedicated_node_groups = std::vector<std::string>{kGroup};
    spec.container.emplace().command = {"/bin/bash", "-c", "sleep " + std::to_string(run_seconds)};
    return job;
  }

  static Job WithQueue(Job job, char const* priority, bool can_preempt = false,
                       bool can_be_preempted = false) {
    auto& queue = job.spec->queue_config.emplace();
    queue.priority_class = priority;
    if (can_preempt) queue.can_preempt = true;
    if (can_be_preempted) queue.can_be_preempted = true;
    return job;
  }

  std::string Create(Job job) {
    auto created = world_->CreateJob(std::move(job));
    EXPECT_TRUE(created.ok()) << created.status();
    return created.ok() ? *created->metadata.id : std::string();
  }

  JobState State(std::string const& id) {
    auto job = world_->GetJob(id, JobQueryMode::kAliveAndArchive);
    EXPECT_TRUE(job.ok()) << job.status();
    return job.ok() ? job->status->state.value_or(JobState::kUnknown) : JobState::kUnknown;
  }

  std::vector<Event> Events(std::string const& id) {
    auto events = world_->ListEvents(id);
    EXPECT_TRUE(events.ok()) << events.status();
    return events.ok() ? *events : std::vector<Event>{};
  }

  // Fills the four nodes with one 8-GPU job each, running for `run_seconds`; their ids.
  std::vector<std::string> FillGroup(int run_seconds = 100) {
    std::vector<std::string> ids;
    for (int i = 0; i < 4; ++i) ids.push_back(Create(GpuJob("filler", "gpu.8xh100", 1, run_seconds)));
    clock_->Advance(seconds(2));
    return ids;
  }

  std::int64_t AllocatedGpus() {
    auto nodes = world_->Nodes(kGroup, /*idle_only=*/false);
    EXPECT_TRUE(nodes.ok());
    std::int64_t gpus = 0;
    for (auto const& node : *nodes) gpus += node.spec.resource->gpu->allocated.value_or(0);
    return gpus;
  }

  std::shared_ptr<ManualClock> clock_ = std::make_shared<ManualClock>();
  std::unique_ptr<World> world_;
};

auto EventWith(std::string const& reason, auto message_matcher) {
  return AllOf(Field(&Event::reason, Optional(reason)),
               Field(&Event::message, Optional(message_matcher)));
}

TEST_F(ClusterModelTest, JobQueuesWhenItsGroupIsFull) {
  for (auto const& id : FillGroup()) EXPECT_EQ(State(id), JobState::kRunning);
  std::string const waiting = Create(GpuJob("waiting"));
  clock_->Advance(seconds(10));
  EXPECT_EQ(State(waiting), JobState::kQueueing);
  EXPECT_THAT(Events(waiting),
              Contains(EventWith("FailedScheduling", HasSubstr("insufficient capacity"))));
}

TEST_F(ClusterModelTest, QueuedJobStartsWhenCapacityFrees) {
  FillGroup(/*run_seconds=*/20);
  std::string const waiting = Create(GpuJob("waiting"));
  clock_->Advance(seconds(10));
  ASSERT_EQ(State(waiting), JobState::kQueueing);
  clock_->Advance(seconds(15));  // The fillers exit 20 s after they became ready.
  EXPECT_EQ(State(waiting), JobState::kRunning);
}

TEST_F(ClusterModelTest, ReplicasArePlacedAllOrNothing) {
  std::vector<std::string> fillers = {Create(GpuJob("a")), Create(GpuJob("b")), Create(GpuJob("c"))};
  std::string const pair = Create(GpuJob("pair", "gpu.8xh100", 2));
  clock_->Advance(seconds(5));
  EXPECT_EQ(State(pair), JobState::kQueueing);
  EXPECT_EQ(AllocatedGpus(), 24) << "the waiting pair holds no GPU of the free node";
}

TEST_F(ClusterModelTest, JobThatCanNeverFitWaitsWithAnEventSayingSo) {
  std::string const huge = Create(GpuJob("huge", "gpu.8xh100", 5));
  clock_->Advance(seconds(5));
  EXPECT_EQ(State(huge), JobState::kQueueing);
  EXPECT_THAT(Events(huge), Contains(EventWith("FailedScheduling", HasSubstr("can never fit"))));
}

TEST_F(ClusterModelTest, WaitingJobsStartInPriorityOrder) {
  std::vector<std::string> fillers = FillGroup();
  std::string const low = Create(WithQueue(GpuJob("low"), "low-1000"));
  std::string const high = Create(WithQueue(GpuJob("high"), "high-9000"));
  std::string const mid = Create(WithQueue(GpuJob("mid"), "mid-5000"));
  ASSERT_TRUE(world_->DeleteJob(fillers[0], JobQueryMode::kAliveOnly).ok());
  clock_->Advance(seconds(2));
  EXPECT_EQ(State(high), JobState::kRunning);
  EXPECT_EQ(State(mid), JobState::kQueueing);
  ASSERT_TRUE(world_->DeleteJob(fillers[1], JobQueryMode::kAliveOnly).ok());
  clock_->Advance(seconds(2));
  EXPECT_EQ(State(mid), JobState::kRunning);
  EXPECT_EQ(State(low), JobState::kQueueing);
}

TEST_F(ClusterModelTest, EqualPrioritiesStartFirstComeFirstServed) {
  std::vector<std::string> fillers = FillGroup();
  std::string const first = Create(GpuJob("first"));
  std::string const second = Create(GpuJob("second"));
  EXPECT_THAT(world_->QueuePosition(first), Optional(1U));
  EXPECT_THAT(world_->QueuePosition(second), Optional(2U));
  ASSERT_TRUE(world_->DeleteJob(fillers[0], JobQueryMode::kAliveOnly).ok());
  clock_->Advance(seconds(2));
  EXPECT_EQ(State(first), JobState::kRunning);
  EXPECT_EQ(State(second), JobState::kQueueing);
  EXPECT_THAT(world_->QueuePosition(second), Optional(1U));
}

TEST_F(ClusterModelTest, SmallerJobStartsPastABlockedLargerOne) {
  Create(GpuJob("a"));
  Create(GpuJob("b"));
  Create(GpuJob("c"));
  Create(GpuJob("half", "gpu.4xh100"));
  std::string const large = Create(WithQueue(GpuJob("large"), "high-9000"));
  std::string const small = Create(WithQueue(GpuJob("small", "gpu.2xh100"), "low-1000"));
  clock_->Advance(seconds(5));
  EXPECT_EQ(State(large), JobState::kQueueing);
  EXPECT_EQ(State(small), JobState::kRunning);
}

TEST_F(ClusterModelTest, StoppingAQueuedJobTakesItOutOfTheQueue) {
  FillGroup();
  std::string const waiting = Create(GpuJob("waiting"));
  Job stop;
  stop.spec.emplace().stopped = true;
  ASSERT_TRUE(world_->PatchJob(waiting, stop).ok());
  EXPECT_EQ(world_->QueuePosition(waiting), std::nullopt);
  clock_->Advance(seconds(1));
  EXPECT_EQ(State(waiting), JobState::kStopped);
}

TEST_F(ClusterModelTest, PreemptorEvictsTheNewestLowerPriorityJob) {
  std::vector<std::string> victims;
  for (int i = 0; i < 4; ++i) {
    victims.push_back(Create(WithQueue(GpuJob("victim"), "low-1000", false, /*can_be_preempted=*/true)));
  }
  clock_->Advance(seconds(2));
  std::string const urgent = Create(WithQueue(GpuJob("urgent"), "high-9000", /*can_preempt=*/true));
  EXPECT_EQ(State(victims[3]), JobState::kTerminating);
  for (int i = 0; i < 3; ++i) EXPECT_EQ(State(victims[i]), JobState::kRunning) << i;
  clock_->Advance(seconds(2));
  EXPECT_EQ(State(urgent), JobState::kRunning);
  EXPECT_EQ(State(victims[3]), JobState::kQueueing);
}

TEST_F(ClusterModelTest, PreemptedJobKeepsTheAttemptInHistoryAndSaysWhoPreemptedIt) {
  std::vector<std::string> victims;
  for (int i = 0; i < 4; ++i) {
    victims.push_back(Create(WithQueue(GpuJob("victim"), "low-1000", false, true)));
  }
  clock_->Advance(seconds(2));
  std::string const urgent = Create(WithQueue(GpuJob("urgent"), "high-9000", true));
  auto job = world_->GetJob(victims[3], JobQueryMode::kAliveOnly);
  ASSERT_TRUE(job.ok());
  ASSERT_TRUE(job->status->job_history.has_value());
  ASSERT_THAT(*job->status->job_history, SizeIs(1));
  EXPECT_THAT(job->status->job_history->front().state, Optional(JobState::kRunning));
  EXPECT_TRUE(job->status->job_history->front().completion_time.has_value());
  EXPECT_THAT(Events(victims[3]), Contains(EventWith("Preempted", HasSubstr(urgent))));
  EXPECT_THAT(Events(urgent), Contains(EventWith("Preempting", HasSubstr(victims[3]))));
}

TEST_F(ClusterModelTest, PreemptedJobRunsAgainWhenRoomFrees) {
  std::vector<std::string> victims;
  for (int i = 0; i < 4; ++i) {
    victims.push_back(Create(WithQueue(GpuJob("victim"), "low-1000", false, true)));
  }
  clock_->Advance(seconds(2));
  std::string const urgent = Create(WithQueue(GpuJob("urgent", "gpu.8xh100", 1, 10), "high-9000", true));
  clock_->Advance(seconds(15));
  EXPECT_EQ(State(urgent), JobState::kCompleted);
  EXPECT_EQ(State(victims[3]), JobState::kRunning);
}

TEST_F(ClusterModelTest, JobsThatDoNotAllowItAreNotPreempted) {
  std::vector<std::string> running;
  for (int i = 0; i < 4; ++i) running.push_back(Create(WithQueue(GpuJob("steady"), "low-1000")));
  clock_->Advance(seconds(2));
  std::string const urgent = Create(WithQueue(GpuJob("urgent"), "high-9000", true));
  clock_->Advance(seconds(2));
  EXPECT_EQ(State(urgent), JobState::kQueueing);
  for (auto const& id : running) EXPECT_EQ(State(id), JobState::kRunning);
}

TEST_F(ClusterModelTest, EqualPriorityIsNotPreempted) {
  for (int i = 0; i < 4; ++i) Create(WithQueue(GpuJob("peer"), "mid-5000", false, true));
  clock_->Advance(seconds(2));
  std::string const other = Create(WithQueue(GpuJob("other"), "mid-5000", true));
  clock_->Advance(seconds(2));
  EXPECT_EQ(State(other), JobState::kQueueing);
}

TEST_F(ClusterModelTest, PreemptionSparesAVictimWhoseRoomDoesNotHelp) {
  // fake-node-0: a preemptible low-1000 4-GPU job beside a steady one; fake-node-1: a
  // preemptible low-2000 8-GPU job; nodes 2 and 3: steady 8-GPU jobs. Evicting the lowest
  // priority first frees only half a node, so the 8-GPU preemptor needs the low-2000 job's
  // node and the low-1000 job is spared.
  std::string const half = Create(WithQueue(GpuJob("half", "gpu.4xh100"), "low-1000", false, true));
  Create(GpuJob("steady-half", "gpu.4xh100"));
  std::string const whole = Create(WithQueue(GpuJob("whole"), "low-2000", false, true));
  Create(GpuJob("steady"));
  Create(GpuJob("steady"));
  clock_->Advance(seconds(2));
  std::string const urgent = Create(WithQueue(GpuJob("urgent"), "high-9000", true));
  EXPECT_EQ(State(whole), JobState::kTerminating);
  EXPECT_EQ(State(half), JobState::kRunning);
  clock_->Advance(seconds(2));
  EXPECT_EQ(State(urgent), JobState::kRunning);
}

TEST_F(ClusterModelTest, PreemptionThatCannotMakeRoomEvictsNobody) {
  for (int i = 0; i < 3; ++i) Create(WithQueue(GpuJob("victim"), "low-1000", false, true));
  Create(GpuJob("steady"));
  clock_->Advance(seconds(2));
  std::string const wide = Create(WithQueue(GpuJob("wide", "gpu.8xh100", 4), "high-9000", true));
  clock_->Advance(seconds(2));
  EXPECT_EQ(State(wide), JobState::kQueueing);
  EXPECT_EQ(AllocatedGpus(), 32);
}

TEST_F(ClusterModelTest, RaisingARunningJobsPriorityProtectsItFromPreemption) {
  std::vector<std::string> running;
  for (int i = 0; i < 4; ++i) {
    running.push_back(Create(WithQueue(GpuJob("victim"), "low-1000", false, true)));
  }
  clock_->Advance(seconds(2));
  for (auto const& id : running) {
    Job patch;
    patch.spec.emplace().queue_config.emplace().priority_class = "high-9000";
    ASSERT_TRUE(world_->PatchJob(id, patch).ok());
  }
  std::string const mid = Create(WithQueue(GpuJob("mid"), "mid-5000", true));
  clock_->Advance(seconds(2));
  EXPECT_EQ(State(mid), JobState::kQueueing);
  for (auto const& id : running) EXPECT_EQ(State(id), JobState::kRunning);
}

TEST_F(ClusterModelTest, WideningAPlacedJobBeforeItStartsAsksForRoomAgain) {
  Create(GpuJob("a"));
  Create(GpuJob("b"));
  Create(GpuJob("c"));
  std::string const id = Create(GpuJob("grows"));  // Placed, Starting in 100 ms.
  Job patch;
  patch.spec.emplace().completions = 2;
  patch.spec->parallelism = 2;
  ASSERT_TRUE(world_->PatchJob(id, patch).ok());
  clock_->Advance(seconds(2));
  EXPECT_EQ(State(id), JobState::kQueueing);
  EXPECT_EQ(AllocatedGpus(), 24);
}

TEST_F(ClusterModelTest, ForcingARunningJobToAnotherLiveStateKeepsItsRoom) {
  std::vector<std::string> ids = FillGroup();
  ASSERT_TRUE(world_->ForceState(ids[0], JobState::kRestarting).ok());
  std::string const extra = Create(GpuJob("extra"));
  clock_->Advance(seconds(2));
  EXPECT_EQ(AllocatedGpus(), 32);
  EXPECT_EQ(State(extra), JobState::kQueueing);
}

TEST_F(ClusterModelTest, StoppingARunningJobGivesItsRoomBack) {
  std::vector<std::string> ids = FillGroup();
  std::string const waiting = Create(GpuJob("waiting"));
  Job stop;
  stop.spec.emplace().stopped = true;
  ASSERT_TRUE(world_->PatchJob(ids[0], stop).ok());
  clock_->Advance(seconds(2));
  EXPECT_EQ(State(waiting), JobState::kRunning);
  EXPECT_EQ(AllocatedGpus(), 32);
}

TEST_F(ClusterModelTest, RetryNeedsRoomAgainAndQueuesWhenTaken) {
  Job flaky = GpuJob("flaky");
  flaky.spec->container->command = {"/bin/bash", "-c", "sleep 5; exit 1"};
  flaky.spec->max_job_failure_retry = 1;
  std::string const id = Create(flaky);
  for (int i = 0; i < 3; ++i) Create(GpuJob("steady", "gpu.8xh100", 1, 1000));
  clock_->Advance(seconds(2));
  // Takes the room the flaky job gives back when its attempt fails.
  std::string const waiting = Create(WithQueue(GpuJob("waiting", "gpu.8xh100", 1, 1000), "high-9000"));
  clock_->Advance(seconds(10));
  EXPECT_EQ(State(waiting), JobState::kRunning);
  EXPECT_EQ(State(id), JobState::kQueueing);
  EXPECT_THAT(Events(id), Contains(EventWith("FailedScheduling", HasSubstr("insufficient"))));
}

TEST_F(ClusterModelTest, DeletingAPreemptedJobWhileItTerminatesLeavesNothingHeld) {
  std::vector<std::string> victims;
  for (int i = 0; i < 4; ++i) {
    victims.push_back(Create(WithQueue(GpuJob("victim"), "low-1000", false, true)));
  }
  clock_->Advance(seconds(2));
  Create(WithQueue(GpuJob("urgent", "gpu.8xh100", 1, 5), "high-9000", true));
  ASSERT_TRUE(world_->DeleteJob(victims[3], JobQueryMode::kAliveOnly).ok());
  clock_->Advance(seconds(10));
  EXPECT_EQ(State(victims[3]), JobState::kDeleted);
  EXPECT_EQ(AllocatedGpus(), 24);
}

TEST_F(ClusterModelTest, JobPinnedToARemovedNodeWaitsInsteadOfRunningElsewhere) {
  Job pinned = GpuJob("pinned");
  pinned.spec->affinity->allowed_nodes_in_node_group = std::vector<std::string>{"fake-node-3"};
  FillGroup();
  std::string const id = Create(pinned);
  std::vector<FakeNodeGroup> groups = DefaultNodeGroups();
  groups[0].nodes.pop_back();  // fake-node-3 leaves; the fillers on nodes 0-2 finish soon.
  world_->SetNodeGroups(groups);
  clock_->Advance(seconds(200));
  EXPECT_EQ(State(id), JobState::kQueueing);
}

TEST_F(ClusterModelTest, ShrinkingANodeUnderItsJobsDoesNotBlockTheOtherNodes) {
  std::vector<FakeNodeGroup> groups = DefaultNodeGroups();
  groups[0].nodes.resize(2);
  world_->SetNodeGroups(groups);
  Create(GpuJob("held", "gpu.8xh100", 1, 1000));
  clock_->Advance(seconds(2));
  groups[0].nodes[0].cpus = 0;  // The node running "held" is overcommitted by 192 CPUs now.
  world_->SetNodeGroups(groups);
  std::string const id = Create(GpuJob("next"));
  clock_->Advance(seconds(2));
  EXPECT_EQ(State(id), JobState::kRunning);
}

TEST_F(ClusterModelTest, AdmittedEventFollowsTheWait) {
  std::vector<std::string> fillers = FillGroup(/*run_seconds=*/20);
  std::string const waiting = Create(GpuJob("waiting"));
  clock_->Advance(seconds(25));
  std::vector<std::string> reasons;
  for (auto const& e : Events(waiting)) reasons.push_back(e.reason.value_or(""));
  EXPECT_THAT(reasons, ::testing::IsSupersetOf({"FailedScheduling", "Admitted"}));
  auto const failed = std::find(reasons.begin(), reasons.end(), "FailedScheduling");
  auto const admitted = std::find(reasons.begin(), reasons.end(), "Admitted");
  EXPECT_LT(failed, admitted);
}

TEST_F(ClusterModelTest, JobAwaitsItsStartTime) {
  Job job = GpuJob("later");
  auto const start = std::chrono::duration_cast<seconds>(clock_->Now().time_since_epoch()) + seconds(60);
  job.spec->time_schedule.emplace().start_at = start.count();
  std::string const id = Create(job);
  clock_->Advance(seconds(59));
  EXPECT_EQ(State(id), JobState::kAwaiting);
  clock_->Advance(seconds(3));
  EXPECT_EQ(State(id), JobState::kRunning);
}

TEST_F(ClusterModelTest, UnknownPriorityClassIsRejected) {
  auto created = world_->CreateJob(WithQueue(GpuJob("odd"), "urgent-10000"));
  EXPECT_EQ(created.status().code(), StatusCode::kInvalidArgument);
  EXPECT_THAT(created.status().message(), HasSubstr("urgent-10000"));
}

TEST_F(ClusterModelTest, UnknownReservationIsRejected) {
  Job job = GpuJob("reserved");
  job.spec->reservation_config.emplace().reservation_id = "res-nope";
  EXPECT_EQ(world_->CreateJob(job).status().code(), StatusCode::kInvalidArgument);
}

TEST_F(ClusterModelTest, NodesReportWhatRunningReplicasHold) {
  std::string const id = Create(GpuJob("pair", "gpu.4xh100", 2));
  clock_->Advance(seconds(2));
  auto nodes = world_->Nodes(kGroup, /*idle_only=*/false);
  ASSERT_TRUE(nodes.ok());
  // Packing: both 4-GPU replicas share the first node.
  auto const& node = nodes->front();
  EXPECT_THAT(node.spec.resource->gpu->allocated, Optional(8));
  EXPECT_THAT(node.spec.resource->cpu->allocated, Optional(192.0));
  ASSERT_THAT(node.status->workloads, Optional(SizeIs(2)));
  EXPECT_THAT(node.status->workloads->front().id, Optional(id));
  EXPECT_THAT(node.status->workloads->front().replica_id, Optional(HasSubstr(id)));
  EXPECT_THAT(world_->Nodes(kGroup, /*idle_only=*/true), ::testing::Property(&StatusOr<std::vector<Node>>::value, SizeIs(3)));
}

TEST_F(ClusterModelTest, FinishedJobsGiveTheirRoomBack) {
  Create(GpuJob("short", "gpu.8xh100", 2, 5));
  clock_->Advance(seconds(2));
  ASSERT_EQ(AllocatedGpus(), 16);
  clock_->Advance(seconds(10));
  EXPECT_EQ(AllocatedGpus(), 0);
}

// A reservation of fake-node-3 from a minute from now, for ten minutes.
class ReservationTest : public ClusterModelTest {
 protected:
  ReservationTest() {
    auto const now = std::chrono::duration_cast<seconds>(clock_->Now().time_since_epoch()).count();
    FakeReservation reservation;
    reservation.id = "res-1";
    reservation.name = "team-a";
    reservation.node_group_id = kGroup;
    reservation.node_ids = {"fake-node-3"};
    reservation.start = now + 60;
    reservation.end = now + 660;
    Start({reservation});
  }

  static Job Reserved(std::string const& name) {
    Job job = GpuJob(name);
    job.spec->reservation_config.emplace().reservation_id = "res-1";
    return job;
  }
};

TEST_F(ReservationTest, JobAwaitsItsReservationThenRunsOnTheReservedNode) {
  std::string const id = Create(Reserved("reserved"));
  clock_->Advance(seconds(30));
  EXPECT_EQ(State(id), JobState::kAwaiting);
  clock_->Advance(seconds(35));
  EXPECT_EQ(State(id), JobState::kRunning);
  auto replicas = world_->ListReplicas(id, JobQueryMode::kAliveOnly);
  ASSERT_TRUE(replicas.ok());
  ASSERT_THAT(*replicas, SizeIs(1));
  EXPECT_THAT(replicas->front().status->node->id, Optional(std::string("fake-node-3")));
}

TEST_F(ReservationTest, ReservedNodeTakesNoOtherJobWhileInEffect) {
  clock_->Advance(seconds(61));
  std::vector<std::string> ids;
  for (int i = 0; i < 4; ++i) ids.push_back(Create(GpuJob("other")));
  clock_->Advance(seconds(2));
  EXPECT_EQ(State(ids[3]), JobState::kQueueing);
  EXPECT_THAT(Events(ids[3]), Contains(EventWith("FailedScheduling", HasSubstr("insufficient"))));
}

TEST_F(ReservationTest, ReservedNodeServesEveryoneOnceTheReservationExpires) {
  clock_->Advance(seconds(61));
  std::vector<std::string> ids;
  for (int i = 0; i < 4; ++i) ids.push_back(Create(GpuJob("other", "gpu.8xh100", 1, 1000)));
  clock_->Advance(seconds(600));
  EXPECT_EQ(State(ids[3]), JobState::kRunning);
}

TEST_F(ReservationTest, AJobCanBeStoppedAfterItsReservationIsRemoved) {
  std::string const id = Create(Reserved("reserved"));
  FakeClusterConfig config;
  config.node_groups = DefaultNodeGroups();
  config.shapes = DefaultShapes();
  world_->ConfigureCluster(config);
  Job stop;
  stop.spec.emplace().stopped = true;
  EXPECT_TRUE(world_->PatchJob(id, stop).ok());
  clock_->Advance(seconds(2));
  EXPECT_EQ(State(id), JobState::kStopped);
}

TEST_F(ReservationTest, ANodeInTwoReservationsServesEachInItsTime) {
  auto const now = std::chrono::duration_cast<seconds>(clock_->Now().time_since_epoch()).count();
  FakeClusterConfig config;
  config.node_groups = DefaultNodeGroups();
  config.shapes = DefaultShapes();
  for (auto const& [id, start, end] : {std::tuple{"early", now, now + 30}, std::tuple{"late", now + 30, now + 600}}) {
    FakeReservation r;
    r.id = id;
    r.node_group_id = kGroup;
    r.node_ids = {"fake-node-3"};
    r.start = start;
    r.end = end;
    config.reservations.push_back(r);
  }
  world_->ConfigureCluster(config);
  Job late = GpuJob("late");
  late.spec->reservation_config.emplace().reservation_id = "late";
  std::string const id = Create(late);
  clock_->Advance(seconds(40));
  EXPECT_EQ(State(id), JobState::kRunning);
}

TEST_F(ReservationTest, ReservationsAreListedWithTheirPhase) {
  auto reservations = world_->Reservations(kGroup);
  ASSERT_TRUE(reservations.ok());
  ASSERT_THAT(*reservations, SizeIs(1));
  EXPECT_EQ(world_->ReservationPhase(reservations->front()), "WaitingEffective");
  clock_->Advance(seconds(61));
  EXPECT_EQ(world_->ReservationPhase(reservations->front()), "Reserved");
  EXPECT_THAT(world_->Reservations("ng-nope").status().code(), StatusCode::kNotFound);
}

}  // namespace
}  // namespace lepton::fake
