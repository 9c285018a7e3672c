#ifndef LEPTONKIT_SCHEDULER_INCLUDE_LEPTON_NODE_GROUP_H_
#define LEPTONKIT_SCHEDULER_INCLUDE_LEPTON_NODE_GROUP_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "lepton/metadata.h"
#include "lepton/raw_json.h"

namespace lepton {

/// `spec.volumes[]` of a node group.
struct NodeGroupVolume {
  std::optional<std::string> from;  ///< local, remote or nfs.
  std::optional<std::string> name;
  std::optional<std::int64_t> size_in_gb;
  std::optional<RawJson> mount_options;
  std::optional<std::string> creation_mode;  ///< mount, mkdir or none.
  std::optional<std::string> from_path;
  std::optional<std::string> default_mount_path;
  UnknownFields unknown_fields;
  friend bool operator==(NodeGroupVolume const&, NodeGroupVolume const&) = default;
};

struct SchedulingPolicy {
  std::optional<bool> pod_stacking_first;
  UnknownFields unknown_fields;
  friend bool operator==(SchedulingPolicy const&, SchedulingPolicy const&) = default;
};

struct NodeGroupSpec {
  std::optional<std::vector<std::string>> workspaces;
  std::optional<std::vector<NodeGroupVolume>> volumes;
  std::optional<std::string> allocation_mode;  ///< "auto" or "static".
  std::optional<bool> infini_band_enabled;
  std::optional<SchedulingPolicy> scheduling_policy;
  std::optional<std::string> owner;
  std::optional<std::string> node_mode;  ///< "lepton-node" or "customer-node".
  std::optional<RawJson> networking;
  std::optional<RawJson> alert_notification_config;
  std::optional<std::string> gpu_product;
  std::optional<std::int64_t> desired_nodes;
  UnknownFields unknown_fields;
  friend bool operator==(NodeGroupSpec const&, NodeGroupSpec const&) = default;
};

struct NodeGroupStatus {
  std::optional<std::int64_t> ready_nodes;
  /// Queue priorities are only accepted on node groups with a quota.
  std::optional<bool> quota_enabled;
  UnknownFields unknown_fields;
  friend bool operator==(NodeGroupStatus const&, NodeGroupStatus const&) = default;
};

/// A dedicated node group. `metadata`, `spec` and `status` are all required on the wire; the
/// codec always writes them (status may be `{}`).
struct NodeGroup {
  Metadata metadata;
  NodeGroupSpec spec;
  NodeGroupStatus status;
  UnknownFields unknown_fields;
  friend bool operator==(NodeGroup const&, NodeGroup const&) = default;
};

}  // namespace lepton

#endif  // LEPTONKIT_SCHEDULER_INCLUDE_LEPTON_NODE_GROUP_H_
