#include "lepton/fake/cluster_config.h"

#include <fmt/format.h>

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

}  // namespace lepton::fake
