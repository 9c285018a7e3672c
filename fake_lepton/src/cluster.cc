#include "cluster.h"

#include <algorithm>

#include <fmt/format.h>

namespace lepton::fake {

Cluster::Cluster(std::vector<FakeNodeGroup> groups, std::vector<FakeShape> shapes)
    : groups_(std::move(groups)), shapes_(std::move(shapes)) {}

FakeShape const* Cluster::FindShape(std::string_view name) const {
  auto it = std::find_if(shapes_.begin(), shapes_.end(), [&](auto const& s) { return s.name == name; });
  return it == shapes_.end() ? nullptr : &*it;
}

FakeNodeGroup const* Cluster::FindGroup(std::string_view id_or_name) const {
  auto it = std::find_if(groups_.begin(), groups_.end(), [&](auto const& g) {
    return g.id == id_or_name || g.name == id_or_name;
  });
  return it == groups_.end() ? nullptr : &*it;
}

Status Cluster::Validate(JobSpec const& spec) const {
  if (spec.resource_shape && FindShape(*spec.resource_shape) == nullptr) {
    return Status(StatusCode::kInvalidArgument,
                  fmt::format("spec.resource_shape '{}' is not a shape of this workspace",
                              *spec.resource_shape));
  }
  if (!spec.affinity) return Status();
  auto const& affinity = *spec.affinity;
  FakeNodeGroup const* group = nullptr;
  if (affinity.allowed_dedicated_node_groups) {
    for (auto const& id : *affinity.allowed_dedicated_node_groups) {
      // The CLI resolves names to ids before sending; the API takes ids only.
      auto it = std::find_if(groups_.begin(), groups_.end(), [&](auto const& g) { return g.id == id; });
      if (it == groups_.end()) {
        return Status(StatusCode::kInvalidArgument,
                      fmt::format("spec.affinity.allowed_dedicated_node_groups: node group id '{}' "
                                  "not found", id));
      }
      if (group == nullptr) group = &*it;
    }
  }
  if (affinity.allowed_nodes_in_node_group) {
    if (group == nullptr) {
      return Status(StatusCode::kInvalidArgument,
                    "spec.affinity.allowed_nodes_in_node_group needs allowed_dedicated_node_groups");
    }
    for (auto const& id : *affinity.allowed_nodes_in_node_group) {
      bool const known = std::any_of(group->nodes.begin(), group->nodes.end(),
                                     [&](auto const& n) { return n.id == id; });
      if (!known) {
        return Status(StatusCode::kInvalidArgument,
                      fmt::format("spec.affinity.allowed_nodes_in_node_group: node '{}' is not in "
                                  "node group '{}'", id, group->id));
      }
    }
  }
  return Status();
}

std::string Cluster::Place(JobSpec const& spec, std::string const& job_id,
                           std::string const& replica_id) {
  FakeNodeGroup const* group = nullptr;
  if (spec.affinity && spec.affinity->allowed_dedicated_node_groups &&
      !spec.affinity->allowed_dedicated_node_groups->empty()) {
    group = FindGroup(spec.affinity->allowed_dedicated_node_groups->front());
  }
  if (group == nullptr && !groups_.empty()) group = &groups_.front();
  if (group == nullptr || group->nodes.empty()) return "fake-node";
  std::vector<std::string> allowed;
  if (spec.affinity && spec.affinity->allowed_nodes_in_node_group) {
    allowed = *spec.affinity->allowed_nodes_in_node_group;
  }
  auto load = [&](std::string const& node_id) {
    auto it = replicas_on_node_.find(node_id);
    return it == replicas_on_node_.end() ? 0L : static_cast<long>(it->second);
  };
  FakeNode const* best = nullptr;
  long best_load = 0;
  for (auto const& node : group->nodes) {
    if (node.unschedulable || !node.ready) continue;
    if (!allowed.empty() && std::find(allowed.begin(), allowed.end(), node.id) == allowed.end()) {
      continue;
    }
    long const l = load(node.id);
    if (best == nullptr || l < best_load) {
      best = &node;
      best_load = l;
    }
  }
  if (best == nullptr) best = &group->nodes.front();
  Workload workload;
  workload.job_id = job_id;
  workload.replica_id = replica_id;
  workload.node_id = best->id;
  if (spec.resource_shape) {
    if (auto const* shape = FindShape(*spec.resource_shape)) {
      workload.cpus = shape->cpus;
      workload.memory_mib = shape->memory_mib;
      workload.gpus = shape->accelerators;
    }
  }
  workloads_[replica_id] = workload;
  ++replicas_on_node_[best->id];
  return best->id;
}

void Cluster::Release(std::string const& replica_id) {
  auto it = workloads_.find(replica_id);
  if (it == workloads_.end()) return;
  --replicas_on_node_[it->second.node_id];
  workloads_.erase(it);
}

NodeGroup Cluster::ToWire(FakeNodeGroup const& group) const {
  NodeGroup out;
  out.metadata.id = group.id;
  out.metadata.name = group.name;
  out.spec.gpu_product = group.gpu_product;
  out.spec.desired_nodes = static_cast<std::int64_t>(group.nodes.size());
  out.spec.allocation_mode = "auto";
  out.spec.node_mode = "lepton-node";
  out.status.ready_nodes = std::count_if(group.nodes.begin(), group.nodes.end(),
                                         [](auto const& n) { return n.ready; });
  out.status.quota_enabled = group.quota_enabled;
  return out;
}

Node Cluster::ToWire(FakeNode const& node) const {
  Node out;
  out.metadata.id = node.id;
  out.metadata.name = node.id;
  out.spec.unschedulable = node.unschedulable;
  auto& resource = out.spec.resource.emplace();
  NodeCpu cpu;
  cpu.total = node.cpus;
  NodeGpu gpu;
  gpu.product = node.gpu_product;
  gpu.total = node.gpus;
  NodeMemory memory;
  memory.total = node.memory_mib;
  double cpus = 0;
  std::int64_t gpus = 0;
  std::int64_t mib = 0;
  auto& status = out.status.emplace();
  status.status = std::vector<std::string>{node.ready ? "Ready" : "NotReady"};
  status.workloads.emplace();
  for (auto const& [id, w] : workloads_) {
    if (w.node_id != node.id) continue;
    cpus += w.cpus;
    gpus += w.gpus;
    mib += w.memory_mib;
    NodeWorkload workload;
    workload.type = "job";
    workload.name = w.job_id;
    workload.id = w.job_id;
    workload.replica_id = w.replica_id;
    workload.workspace = "";
    workload.cpu = w.cpus;
    workload.memory = w.memory_mib;
    workload.gpu_count = w.gpus;
    status.workloads->push_back(std::move(workload));
  }
  cpu.allocated = cpus;
  gpu.allocated = gpus;
  memory.allocated = mib;
  resource.cpu = cpu;
  resource.gpu = gpu;
  resource.memory = memory;
  return out;
}

Cluster::Usage Cluster::usage() const {
  Usage usage;
  for (auto const& group : groups_) {
    for (auto const& node : group.nodes) {
      usage.cpus_total += node.cpus;
      usage.memory_mib_total += static_cast<double>(node.memory_mib);
      usage.gpus_total += node.gpus;
    }
  }
  for (auto const& [id, w] : workloads_) {
    usage.cpus_used += w.cpus;
    usage.memory_mib_used += static_cast<double>(w.memory_mib);
    usage.gpus_used += w.gpus;
  }
  return usage;
}

std::vector<NodeGroup> Cluster::NodeGroups() const {
  std::vector<NodeGroup> out;
  for (auto const& group : groups_) out.push_back(ToWire(group));
  return out;
}

StatusOr<NodeGroup> Cluster::GetNodeGroup(std::string const& id) const {
  for (auto const& group : groups_) {
    if (group.id == id) return ToWire(group);
  }
  return Status(StatusCode::kNotFound, fmt::format("node group '{}' not found", id));
}

StatusOr<std::vector<Node>> Cluster::Nodes(std::string const& group_id, bool idle_only) const {
  for (auto const& group : groups_) {
    if (group.id != group_id) continue;
    std::vector<Node> out;
    for (auto const& node : group.nodes) {
      Node wire = ToWire(node);
      if (idle_only && !wire.status->workloads->empty()) continue;
      out.push_back(std::move(wire));
    }
    return out;
  }
  return Status(StatusCode::kNotFound, fmt::format("node group '{}' not found", group_id));
}

std::vector<Shape> Cluster::Shapes(std::optional<std::string> const& node_group) const {
  FakeNodeGroup const* group = node_group ? FindGroup(*node_group) : nullptr;
  std::vector<Shape> out;
  if (node_group && group == nullptr) return out;
  for (auto const& shape : shapes_) {
    if (group != nullptr && shape.accelerators > 0 && !group->nodes.empty() &&
        shape.accelerators > group->nodes.front().gpus) {
      continue;
    }
    Shape wire;
    wire.metadata.name = shape.name;
    auto& spec = wire.spec.emplace();
    spec.name = shape.name;
    spec.description = shape.description;
    spec.listable_in = std::vector<std::string>{"job", "pod", "deployment"};
    spec.cpu = shape.cpus;
    spec.memory_in_mb = shape.memory_mib;
    spec.accelerator_num = shape.accelerators;
    if (!shape.accelerator_type.empty()) spec.accelerator_type = shape.accelerator_type;
    if (group != nullptr) spec.node_group_id = group->id;
    out.push_back(std::move(wire));
  }
  return out;
}

}  // namespace lepton::fake
