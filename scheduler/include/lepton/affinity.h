#ifndef LEPTONKIT_SCHEDULER_INCLUDE_LEPTON_AFFINITY_H_
#define LEPTONKIT_SCHEDULER_INCLUDE_LEPTON_AFFINITY_H_

#include <optional>
#include <string>
#include <vector>

#include "lepton/raw_json.h"

namespace lepton {

/// `spec.affinity` (the SDK's LeptonResourceAffinity): where replicas may be placed.
struct Affinity {
  std::optional<std::vector<std::string>> allowed_providers;
  /// Node group **ids** (not names); only the first is honoured by Lepton.
  std::optional<std::vector<std::string>> allowed_dedicated_node_groups;
  /// Node ids inside the node group.
  std::optional<std::vector<std::string>> allowed_nodes_in_node_group;
  /// A Kubernetes label selector (newer SDK); not combinable with allowed_nodes_in_node_group.
  std::optional<std::string> node_label_selector;
  UnknownFields unknown_fields;

  friend bool operator==(Affinity const&, Affinity const&) = default;
};

}  // namespace lepton

#endif  // LEPTONKIT_SCHEDULER_INCLUDE_LEPTON_AFFINITY_H_
