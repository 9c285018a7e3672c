#ifndef LEPTONKIT_FAKE_LEPTON_SRC_CLUSTER_H_
#define LEPTONKIT_FAKE_LEPTON_SRC_CLUSTER_H_

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "lepton/fake/cluster_config.h"
#include "lepton/job_spec.h"
#include "lepton/node.h"
#include "lepton/node_group.h"
#include "lepton/shape.h"
#include "lepton/status.h"

namespace lepton::fake {

/// The node groups, nodes and shapes of the fake workspace, and which replica runs where.
/// No HTTP and no locking: the World owns it and calls it under its own mutex.
///
/// Placement here only spreads replicas over the allowed nodes (least-loaded first) and records
/// them as workloads; it does not refuse a replica for lack of room.
class Cluster {
 public:
  Cluster(std::vector<FakeNodeGroup> groups, std::vector<FakeShape> shapes);

  /// Replaces the node groups. Replicas already placed keep their workloads (on nodes that may
  /// no longer be listed); new replicas are placed on the new groups.
  void SetNodeGroups(std::vector<FakeNodeGroup> groups) { groups_ = std::move(groups); }

  /// kInvalidArgument when the spec names a shape or node group (or node) that does not exist.
  Status Validate(JobSpec const& spec) const;

  /// Records a replica on a node allowed by `spec`; returns the node id.
  std::string Place(JobSpec const& spec, std::string const& job_id,
                    std::string const& replica_id);
  /// Forgets the replica's workload (it ended). Unknown ids are ignored.
  void Release(std::string const& replica_id);

  /// Totals over every node, and what running replicas use of them.
  struct Usage {
    double cpus_total = 0, cpus_used = 0;
    double memory_mib_total = 0, memory_mib_used = 0;
    double gpus_total = 0, gpus_used = 0;
  };
  Usage usage() const;

  std::vector<NodeGroup> NodeGroups() const;
  StatusOr<NodeGroup> GetNodeGroup(std::string const& id) const;
  /// `idle_only`: only nodes without workloads.
  StatusOr<std::vector<Node>> Nodes(std::string const& group_id, bool idle_only) const;
  /// Shapes, optionally only those usable in node group `node_group` (id or name).
  std::vector<Shape> Shapes(std::optional<std::string> const& node_group) const;

 private:
  struct Workload {
    std::string job_id;
    std::string replica_id;
    std::string node_id;
    double cpus = 0;
    std::int64_t memory_mib = 0;
    int gpus = 0;
  };

  FakeShape const* FindShape(std::string_view name) const;
  FakeNodeGroup const* FindGroup(std::string_view id_or_name) const;
  NodeGroup ToWire(FakeNodeGroup const& group) const;
  Node ToWire(FakeNode const& node) const;

  std::vector<FakeNodeGroup> groups_;
  std::vector<FakeShape> shapes_;
  std::map<std::string, Workload> workloads_;  // By replica id.
  std::map<std::string, int> replicas_on_node_;  // Node id -> running replicas (placement).
};

}  // namespace lepton::fake

#endif  // LEPTONKIT_FAKE_LEPTON_SRC_CLUSTER_H_
