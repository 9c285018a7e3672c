#ifndef LEPTONKIT_SCHEDULER_INCLUDE_LEPTON_NODE_H_
#define LEPTONKIT_SCHEDULER_INCLUDE_LEPTON_NODE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "lepton/metadata.h"
#include "lepton/raw_json.h"

namespace lepton {

/// `spec.resource.cpu` of a node; counts may be fractional cores.
struct NodeCpu {
  std::optional<std::string> type;
  std::optional<double> allocated;
  std::optional<double> total;
  UnknownFields unknown_fields;
  friend bool operator==(NodeCpu const&, NodeCpu const&) = default;
};

struct NodeGpu {
  std::optional<std::string> product;
  std::optional<std::int64_t> allocated;
  std::optional<std::int64_t> total;
  UnknownFields unknown_fields;
  friend bool operator==(NodeGpu const&, NodeGpu const&) = default;
};

struct NodeMemory {
  std::optional<std::int64_t> allocated;  ///< MiB (inferred unit).
  std::optional<std::int64_t> total;
  UnknownFields unknown_fields;
  friend bool operator==(NodeMemory const&, NodeMemory const&) = default;
};

struct NodeDisk {
  std::optional<std::int64_t> total_bytes;
  std::optional<std::int64_t> used_bytes;
  UnknownFields unknown_fields;
  friend bool operator==(NodeDisk const&, NodeDisk const&) = default;
};

struct NodeSystem {
  std::optional<std::string> os;
  std::optional<std::string> kernel_version;
  std::optional<std::string> cuda_version;
  std::optional<std::string> cuda_driver_version;
  UnknownFields unknown_fields;
  friend bool operator==(NodeSystem const&, NodeSystem const&) = default;
};

struct NodeResource {
  std::optional<NodeCpu> cpu;
  std::optional<NodeGpu> gpu;
  std::optional<NodeMemory> memory;
  std::optional<NodeDisk> disk;
  std::optional<NodeSystem> system;
  UnknownFields unknown_fields;
  friend bool operator==(NodeResource const&, NodeResource const&) = default;
};

struct NodeSpec {
  bool unschedulable = false;  ///< Required on the wire; always written.
  std::optional<NodeResource> resource;
  UnknownFields unknown_fields;
  friend bool operator==(NodeSpec const&, NodeSpec const&) = default;
};

/// `status.workloads[]`: a replica placed on the node.
struct NodeWorkload {
  std::optional<std::string> type;
  std::optional<std::string> name;
  std::optional<std::string> id;
  std::optional<std::string> replica_id;
  std::optional<std::string> workspace;
  std::optional<double> cpu;
  std::optional<std::int64_t> memory;
  std::optional<std::int64_t> gpu_count;
  UnknownFields unknown_fields;
  friend bool operator==(NodeWorkload const&, NodeWorkload const&) = default;
};

struct NodeStatus {
  /// Conditions such as "Ready", "NotReady", "Healthy", "Unhealthy".
  std::optional<std::vector<std::string>> status;
  std::optional<std::vector<NodeWorkload>> workloads;
  UnknownFields unknown_fields;
  friend bool operator==(NodeStatus const&, NodeStatus const&) = default;
};

/// One element of `GET /dedicated-node-groups/{id}/nodes`.
struct Node {
  Metadata metadata;
  NodeSpec spec;
  std::optional<NodeStatus> status;
  UnknownFields unknown_fields;
  friend bool operator==(Node const&, Node const&) = default;
};

}  // namespace lepton

#endif  // LEPTONKIT_SCHEDULER_INCLUDE_LEPTON_NODE_H_
