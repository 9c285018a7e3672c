#ifndef LEPTONKIT_FAKE_LEPTON_INCLUDE_LEPTON_FAKE_CLUSTER_CONFIG_H_
#define LEPTONKIT_FAKE_LEPTON_INCLUDE_LEPTON_FAKE_CLUSTER_CONFIG_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "lepton/status.h"

namespace lepton::fake {

/// One node of a dedicated node group.
struct FakeNode {
  std::string id;
  std::string gpu_product = "NVIDIA-H100-80GB-HBM3";
  int gpus = 8;
  double cpus = 192;
  std::int64_t memory_mib = 2 * 1024 * 1024;
  bool unschedulable = false;
  bool ready = true;
};

/// A dedicated node group: what `GET /dedicated-node-groups` lists and jobs name by id in
/// `spec.affinity.allowed_dedicated_node_groups`.
struct FakeNodeGroup {
  std::string id;
  std::string name;
  std::string gpu_product = "NVIDIA-H100-80GB-HBM3";
  bool quota_enabled = true;
  std::vector<FakeNode> nodes;
};

/// A resource shape a job may ask for in `spec.resource_shape`.
struct FakeShape {
  std::string name;
  std::string description;
  double cpus = 1;
  std::int64_t memory_mib = 4096;
  std::string accelerator_type;  ///< Empty for CPU shapes.
  int accelerators = 0;
};

/// A node reservation of a node group (`GET /dedicated-node-groups/{id}/reservations`): its
/// nodes are held for jobs naming it in `spec.reservation_config.reservation_id` while it is in
/// effect, from `start` to `end` (Unix seconds; 0 = no bound).
///
/// [INF] The SDK describes the object (leptonai/api/v2/types/node_reservation.py), not the
/// placement rules; the fake's reading is: while in effect, reserved nodes take only jobs of the
/// reservation and those jobs take only reserved nodes; before `start` such a job is Awaiting
/// (one reading of a state the SDK does not explain: a future start time or a reservation not
/// yet active); after `end` it stays Queueing with an event saying the reservation expired.
struct FakeReservation {
  std::string id;
  std::string name;           ///< metadata.name (the display name); the id when empty.
  std::string node_group_id;  ///< The group whose nodes it holds.
  std::vector<std::string> node_ids;
  std::int64_t start = 0;  ///< Unix seconds; 0: in effect from the start.
  std::int64_t end = 0;    ///< Unix seconds; 0: never expires.
};

/// Everything the fake's cluster model is configured with. Each part left out of a cluster
/// file keeps its default (DefaultNodeGroups, DefaultShapes, no reservations).
struct FakeClusterConfig {
  std::vector<FakeNodeGroup> node_groups;
  std::vector<FakeShape> shapes;
  std::vector<FakeReservation> reservations;
};

/// Parses node groups from JSON: `[{"id", "name", "gpu_product"?, "quota_enabled"?, "nodes":
/// [{"id", "gpus"?, "cpus"?, "memory_mib"?, "gpu_product"?, "unschedulable"?, "ready"?}]}]`;
/// omitted fields keep FakeNode's and FakeNodeGroup's defaults. kInvalidArgument names the JSON
/// path of the first problem (including duplicate group or node ids).
StatusOr<std::vector<FakeNodeGroup>> ParseNodeGroups(std::string_view json);

/// Parses a cluster file (fixtures/scenarios/README.md): `{"node_groups": [...] (as
/// ParseNodeGroups), "shapes": [{"name", "description"?, "cpus"?, "memory_mib"?,
/// "accelerator_type"?, "accelerators"?}], "reservations": [{"id", "name"?, "node_group",
/// "nodes": [ids], "start"?, "end"?}]}`. Parts left out get the defaults. kInvalidArgument names
/// the JSON path of the first problem, including reservations of unknown groups or nodes.
StatusOr<FakeClusterConfig> ParseClusterConfig(std::string_view json);

/// Reads and parses a cluster file.
StatusOr<FakeClusterConfig> LoadClusterFile(std::string const& path);

/// The cluster the fake simulates when nothing else is configured, small but realistic so that a
/// client works against an unconfigured fake at once: one node group `h100-pool` (id
/// `ng-h100-pool`) of four 8-GPU H100 nodes.
std::vector<FakeNodeGroup> DefaultNodeGroups();

/// cpu.small, cpu.medium, cpu.large, gpu.1xh100, gpu.2xh100, gpu.4xh100 and gpu.8xh100.
std::vector<FakeShape> DefaultShapes();

}  // namespace lepton::fake

#endif  // LEPTONKIT_FAKE_LEPTON_INCLUDE_LEPTON_FAKE_CLUSTER_CONFIG_H_
