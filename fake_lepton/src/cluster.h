#ifndef LEPTONKIT_FAKE_LEPTON_SRC_CLUSTER_H_
#define LEPTONKIT_FAKE_LEPTON_SRC_CLUSTER_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "lepton/clock.h"
#include "lepton/fake/cluster_config.h"
#include "lepton/job_spec.h"
#include "lepton/node.h"
#include "lepton/node_group.h"
#include "lepton/shape.h"
#include "lepton/status.h"

namespace lepton::fake {

/// The node groups, nodes, shapes and reservations of the fake workspace, and what each node
/// has left: which job's replica holds which part of which node. No HTTP, no clock of its own
/// and no locking: the World owns it and calls it under its own mutex with the time.
///
/// A job's replicas are placed all at once or not at all (gang placement: a distributed job
/// with one replica missing cannot run). Each replica slot holds its shape's CPUs, memory and
/// GPUs on one node until released. [INF] A job without `resource_shape` holds nothing (the
/// CLI always sends one; the server's default is not documented).
///
/// Node choice: GPU shapes go to the node with the fewest free GPUs that still fits them (bin
/// packing keeps whole nodes free for 8-GPU jobs); CPU shapes go to the node with the most free
/// CPUs (spreading). Ties go to the earlier node of the configuration.
class Cluster {
 public:
  explicit Cluster(FakeClusterConfig config);

  /// Replaces the node groups (shapes and reservations stay). Jobs keep what they hold on nodes
  /// that still exist under the same id, even if that overcommits a smaller node; what they
  /// held on removed nodes is no longer counted anywhere.
  void SetNodeGroups(std::vector<FakeNodeGroup> groups);
  /// Replaces everything; holdings are kept as by SetNodeGroups.
  void Configure(FakeClusterConfig config);

  /// kInvalidArgument when the spec names a shape, node group, node or reservation that does
  /// not exist.
  [[nodiscard]] Status Validate(JobSpec const& spec) const;

  /// Holds room for `width` replicas of `spec` for `job_id` (which must hold nothing yet): the
  /// node id of each replica slot, or nothing when there is no room at `now`.
  std::optional<std::vector<std::string>> Allocate(JobSpec const& spec, std::string const& job_id,
                                                   int width, TimePoint now);
  /// Whether Allocate would place the job if the jobs in `without` held nothing; changes
  /// nothing (for choosing preemption victims).
  [[nodiscard]] bool WouldFit(JobSpec const& spec, int width, TimePoint now,
                              std::set<std::string> const& without) const;
  /// Why Allocate finds no room at `now`, for an event: no usable node, room lacking now, or a
  /// demand that even idle nodes could not meet. Costs a scan of the usable nodes.
  [[nodiscard]] std::string WhyNot(JobSpec const& spec, int width, TimePoint now) const;
  /// Changes whenever room is taken or given back or the configuration changes: answers about
  /// the same demand at the same time and version are the same.
  [[nodiscard]] std::uint64_t version() const { return version_; }
  /// Names the replica now running in a held slot (for the node's workload list).
  void NameSlot(std::string const& job_id, int slot, std::string const& replica_id);
  /// Gives back one slot (its replica ended and no other takes its place).
  void ReleaseSlot(std::string const& job_id, int slot);
  /// Gives back everything the job holds. Unknown ids are ignored.
  void ReleaseJob(std::string const& job_id);
  [[nodiscard]] bool Holds(std::string const& job_id) const;
  /// The node ids the job holds (one per held slot).
  [[nodiscard]] std::vector<std::string> HeldNodes(std::string const& job_id) const;

  /// What a job's holding is worth, to judge whether evicting it could make room.
  struct Amount {
    double cpus = 0;
    std::int64_t memory_mib = 0;
    std::int64_t gpus = 0;
  };
  [[nodiscard]] Amount Needed(JobSpec const& spec, int width) const;
  [[nodiscard]] Amount HeldBy(std::string const& job_id) const;

  /// When the job's reservation comes into effect, if that is after `now`.
  [[nodiscard]] std::optional<TimePoint> ReservationStart(JobSpec const& spec,
                                                          TimePoint now) const;
  /// Every start and end of a reservation, when placement may change on its own.
  [[nodiscard]] std::vector<TimePoint> ReservationBoundaries() const;

  /// Totals over every node, and what the held slots use of them.
  struct Usage {
    double cpus_total = 0, cpus_used = 0;
    double memory_mib_total = 0, memory_mib_used = 0;
    double gpus_total = 0, gpus_used = 0;
  };
  [[nodiscard]] Usage usage() const;

  [[nodiscard]] std::vector<NodeGroup> NodeGroups() const;
  [[nodiscard]] StatusOr<NodeGroup> GetNodeGroup(std::string const& id) const;
  /// `idle_only`: only nodes without workloads.
  [[nodiscard]] StatusOr<std::vector<Node>> Nodes(std::string const& group_id,
                                                  bool idle_only) const;
  /// Shapes, optionally only those usable in node group `node_group` (id or name).
  [[nodiscard]] std::vector<Shape> Shapes(std::optional<std::string> const& node_group) const;
  /// The reservations of a group; kNotFound for an unknown group.
  [[nodiscard]] StatusOr<std::vector<FakeReservation>> Reservations(
      std::string const& group_id) const;
  /// "Reserved" while in effect at `now`, "WaitingEffective" before, "Expired" after.
  [[nodiscard]] static std::string_view ReservationPhase(FakeReservation const& reservation,
                                                         TimePoint now);

 private:
  static constexpr std::size_t kNone = static_cast<std::size_t>(-1);

  struct NodeState {
    FakeNode config;
    std::size_t group = 0;           // Index into groups_.
    std::vector<std::size_t> reservations;  // Indexes into reservations_ that list it.
    double free_cpus = 0;
    std::int64_t free_memory_mib = 0;
    std::int64_t free_gpus = 0;
    std::set<std::pair<std::string, int>> slots;  // (job id, slot) held here.
  };
  struct Slot {
    std::string node;  // Node id; empty once released.
    std::string replica_id;
  };
  struct Holding {
    Amount per_slot;
    std::vector<Slot> slots;
  };
  // What a spec may use, resolved to indexes once per question.
  struct Scope {
    std::vector<std::size_t> nodes;   // The nodes it names, if it names any.
    std::vector<std::size_t> groups;  // Otherwise the groups it names, or every group.
    std::size_t reservation = kNone;
    std::string unusable;  // Why nothing may be used (its reservation is not in effect).
  };
  // Per group: how many nodes have each number of free GPUs (clamped to 0 .. most GPUs of a
  // node), and the free CPUs and memory summed, for refusing at a glance.
  struct GroupRoom {
    std::size_t first_node = 0, end_node = 0;  // Its nodes are nodes_[first_node, end_node).
    std::vector<std::int32_t> nodes_by_free_gpus;
    double free_cpus = 0;
    std::int64_t free_memory_mib = 0;
  };

  FakeShape const* FindShape(std::string_view name) const;
  FakeNodeGroup const* FindGroup(std::string_view id_or_name) const;
  FakeReservation const* FindReservation(std::string_view id) const;
  void Rebuild();
  void Take(NodeState& node, Amount const& amount, std::string const& job_id, int slot);
  void Give(NodeState& node, Amount const& amount, std::string const& job_id, int slot);
  void Count(NodeState const& node, int sign);  // Adds or removes the node from GroupRoom.
  Scope Resolve(JobSpec const& spec, TimePoint now) const;
  template <typename F>
  void ForEachNode(Scope const& scope, F&& f) const;
  bool Usable(NodeState const& node, Scope const& scope, TimePoint now) const;
  // The reservation holding the node at `now`, if any (kNone).
  std::size_t ReservationInEffect(NodeState const& node, TimePoint now) const;
  // A necessary condition for `width` slots of `per` in the scope's groups, from GroupRoom.
  bool MightFit(Scope const& scope, Amount const& per, int width) const;
  // Picks a node for each of `width` replicas, counting what `without` holds as free; the
  // node indexes, or an empty list when there is no room.
  std::vector<std::size_t> Choose(JobSpec const& spec, int width, TimePoint now,
                                  std::set<std::string> const& without) const;
  NodeGroup ToWire(FakeNodeGroup const& group) const;
  Node ToWire(NodeState const& node) const;

  std::vector<FakeNodeGroup> groups_;
  std::vector<FakeShape> shapes_;
  std::vector<FakeReservation> reservations_;
  std::vector<NodeState> nodes_;
  std::unordered_map<std::string, std::size_t> node_index_;
  std::unordered_map<std::string, Holding> holdings_;  // By job id.
  std::vector<GroupRoom> room_;                         // By group index.
  Amount used_;
  std::uint64_t version_ = 0;
};

}  // namespace lepton::fake

#endif  // LEPTONKIT_FAKE_LEPTON_SRC_CLUSTER_H_
