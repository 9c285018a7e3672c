#ifndef LEPTONKIT_SCHEDULER_INCLUDE_LEPTON_MOUNT_H_
#define LEPTONKIT_SCHEDULER_INCLUDE_LEPTON_MOUNT_H_

#include <cstdint>
#include <optional>
#include <string>

#include "lepton/raw_json.h"

namespace lepton {

/// `spec.mounts[].mount_options`.
struct MountOptions {
  std::optional<std::int64_t> local_cache_size_mib;
  std::optional<bool> read_only;
  UnknownFields unknown_fields;

  friend bool operator==(MountOptions const&, MountOptions const&) = default;
};

/// `spec.mounts[]`: a volume path made visible inside the container.
struct Mount {
  std::optional<std::string> path;        ///< Source path inside the volume.
  std::optional<std::string> mount_path;  ///< Path in the container (required by the SDK).
  /// The volume, JSON key `from`: "node-local", "node-nfs:<storage name>", or a storage name.
  std::optional<std::string> from;
  std::optional<MountOptions> mount_options;
  UnknownFields unknown_fields;

  friend bool operator==(Mount const&, Mount const&) = default;
};

}  // namespace lepton

#endif  // LEPTONKIT_SCHEDULER_INCLUDE_LEPTON_MOUNT_H_
