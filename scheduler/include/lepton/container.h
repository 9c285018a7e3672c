#ifndef LEPTONKIT_SCHEDULER_INCLUDE_LEPTON_CONTAINER_H_
#define LEPTONKIT_SCHEDULER_INCLUDE_LEPTON_CONTAINER_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "lepton/raw_json.h"

namespace lepton {

/// `spec.container.ports[]` (the SDK's ContainerPort).
struct ContainerPort {
  std::optional<std::string> name;
  std::optional<std::int64_t> container_port;  ///< Required by the SDK, 1..65535.
  std::optional<std::string> protocol;         ///< TCP, UDP or SCTP.
  std::optional<std::int64_t> host_port;
  std::optional<bool> enable_load_balancer;
  /// Each of "HostPortMapping", "IngressProxy"; the job CLI sends [].
  std::optional<std::vector<std::string>> expose_strategies;
  UnknownFields unknown_fields;

  friend bool operator==(ContainerPort const&, ContainerPort const&) = default;
};

/// `spec.container`: the image and the command each replica runs.
struct Container {
  std::optional<std::string> image;
  /// argv of the container, e.g. {"/bin/bash", "-c", "echo hi"}.
  std::optional<std::vector<std::string>> command;
  std::optional<std::vector<ContainerPort>> ports;
  UnknownFields unknown_fields;

  friend bool operator==(Container const&, Container const&) = default;
};

}  // namespace lepton

#endif  // LEPTONKIT_SCHEDULER_INCLUDE_LEPTON_CONTAINER_H_
