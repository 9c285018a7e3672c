#include "lepton/fake/cluster_config.h"

#include <set>

#include <fmt/format.h>

#include "internal/json_codec.h"

namespace lepton::fake {

std::vector<FakeNodeGroup> DefaultNodeGroups() {
  FakeNodeGroup group;
  group.id = "ng-h100-pool";
  group.name = "h100-pool";
  for (int i = 0; i < 4; ++i) {
    FakeNode node;
    node.id = fmt::format("fake-node-{}", i);
    group.nodes.push_back(node);
  }
  return {group};
}

std::vector<FakeShape> DefaultShapes() {
  std::vector<FakeShape> shapes = {
      {"cpu.small", "1 CPU, 4 GiB", 1, 4 * 1024, "", 0},
      {"cpu.medium", "2 CPUs, 8 GiB", 2, 8 * 1024, "", 0},
      {"cpu.large", "4 CPUs, 16 GiB", 4, 16 * 1024, "", 0},
  };
  for (int gpus : {1, 2, 4, 8}) {
    shapes.push_back({fmt::format("gpu.{}xh100", gpus),
                      fmt::format("{} x NVIDIA H100 80GB", gpus), 24.0 * gpus,
                      256LL * 1024 * gpus, "NVIDIA-H100-80GB-HBM3", gpus});
  }
  return shapes;
}

namespace {

using internal::Json;

Status Bad(std::string const& path, std::string_view expected) {
  return Status(StatusCode::kInvalidArgument, fmt::format("node groups {}: expected {}", path, expected));
}

// Reads an optional field of type T; false (with `error` set) when present with the wrong type.
template <typename T>
bool Optional(Json const& object, char const* key, std::string const& path, T& out, Status& error) {
  auto it = object.find(key);
  if (it == object.end()) return true;
  bool ok = false;
  if constexpr (std::is_same_v<T, bool>) {
    ok = it->is_boolean();
  } else if constexpr (std::is_same_v<T, std::string>) {
    ok = it->is_string();
  } else if constexpr (std::is_same_v<T, double>) {
    ok = it->is_number() && it->template get<double>() >= 0;
  } else {
    ok = it->is_number_integer() && it->template get<std::int64_t>() >= 0 &&
         it->template get<std::int64_t>() <= (std::int64_t{1} << 40);
  }
  if (!ok) {
    error = Bad(path + "/" + key, "a non-negative value of the right type");
    return false;
  }
  out = it->template get<T>();
  return true;
}

}  // namespace

StatusOr<std::vector<FakeNodeGroup>> ParseNodeGroups(std::string_view json) {
  auto parsed = internal::ParseJson(json);
  if (!parsed) return std::move(parsed).status();
  if (!parsed->is_array()) return Bad("/", "an array of node groups");
  std::vector<FakeNodeGroup> groups;
  std::set<std::string> group_ids;
  std::set<std::string> node_ids;
  Status error;
  for (std::size_t g = 0; g < parsed->size(); ++g) {
    Json const& in = (*parsed)[g];
    std::string const path = fmt::format("/{}", g);
    if (!in.is_object()) return Bad(path, "an object");
    FakeNodeGroup group;
    group.nodes.clear();
    if (!Optional(in, "id", path, group.id, error) || !Optional(in, "name", path, group.name, error) ||
        !Optional(in, "gpu_product", path, group.gpu_product, error) ||
        !Optional(in, "quota_enabled", path, group.quota_enabled, error)) {
      return error;
    }
    if (group.id.empty()) return Bad(path + "/id", "a non-empty id");
    if (!group_ids.insert(group.id).second) return Bad(path + "/id", "a unique id");
    if (group.name.empty()) group.name = group.id;
    auto const nodes = in.find("nodes");
    if (nodes == in.end() || !nodes->is_array()) return Bad(path + "/nodes", "an array of nodes");
    for (std::size_t n = 0; n < nodes->size(); ++n) {
      Json const& node_in = (*nodes)[n];
      std::string const node_path = fmt::format("{}/nodes/{}", path, n);
      if (!node_in.is_object()) return Bad(node_path, "an object");
      FakeNode node;
      node.gpu_product = group.gpu_product;
      std::int64_t gpus = node.gpus;
      if (!Optional(node_in, "id", node_path, node.id, error) ||
          !Optional(node_in, "gpus", node_path, gpus, error) ||
          !Optional(node_in, "cpus", node_path, node.cpus, error) ||
          !Optional(node_in, "memory_mib", node_path, node.memory_mib, error) ||
          !Optional(node_in, "gpu_product", node_path, node.gpu_product, error) ||
          !Optional(node_in, "unschedulable", node_path, node.unschedulable, error) ||
          !Optional(node_in, "ready", node_path, node.ready, error)) {
        return error;
      }
      if (gpus > 1024) return Bad(node_path + "/gpus", "at most 1024 GPUs");
      node.gpus = static_cast<int>(gpus);
      if (node.id.empty()) return Bad(node_path + "/id", "a non-empty id");
      if (!node_ids.insert(node.id).second) return Bad(node_path + "/id", "a unique node id");
      group.nodes.push_back(std::move(node));
    }
    groups.push_back(std::move(group));
  }
  return groups;
}

}  // namespace lepton::fake
