#ifndef LEPTONKIT_SCHEDULER_INCLUDE_LEPTON_WORKSPACE_INFO_H_
#define LEPTONKIT_SCHEDULER_INCLUDE_LEPTON_WORKSPACE_INFO_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>

#include "lepton/raw_json.h"

namespace lepton {

struct WorkspaceWorkloads {
  std::optional<std::int64_t> num_photons;  ///< Required by the SDK's 0.27 release only.
  std::optional<std::int64_t> num_deployments;
  std::optional<std::int64_t> num_jobs;
  std::optional<std::int64_t> num_pods;
  std::optional<std::int64_t> num_secrets;
  std::optional<std::int64_t> num_image_pull_secrets;
  UnknownFields unknown_fields;
  friend bool operator==(WorkspaceWorkloads const&, WorkspaceWorkloads const&) = default;
};

/// One side of `resource_quota`: CPUs (fractional), memory in MiB (an integer) and GPUs.
struct ResourceAmount {
  std::optional<double> cpu;
  std::optional<std::int64_t> memory;
  std::optional<double> accelerator_num;
  UnknownFields unknown_fields;
  friend bool operator==(ResourceAmount const&, ResourceAmount const&) = default;
};

struct ResourceQuota {
  std::optional<ResourceAmount> limit;
  std::optional<ResourceAmount> used;
  UnknownFields unknown_fields;
  friend bool operator==(ResourceQuota const&, ResourceQuota const&) = default;
};

/// One side of `service_quota` (required by the SDK's 0.27 release, absent from the newer one).
struct ServiceAmount {
  std::optional<std::int64_t> kv_store_num;
  std::optional<std::int64_t> queue_num;
  UnknownFields unknown_fields;
  friend bool operator==(ServiceAmount const&, ServiceAmount const&) = default;
};

struct ServiceQuota {
  std::optional<ServiceAmount> limit;
  std::optional<ServiceAmount> used;
  UnknownFields unknown_fields;
  friend bool operator==(ServiceQuota const&, ServiceQuota const&) = default;
};

/// A value of `supported_shapes` (the SDK's workspace ResourceShape); every field is optional.
/// `memory` is in MiB (the 0.27 release's name), `memory_in_mb` the newer SDK's name for it.
struct WorkspaceShape {
  std::optional<std::string> description;
  std::optional<double> cpu;
  std::optional<std::int64_t> memory;
  std::optional<std::int64_t> memory_in_mb;
  std::optional<std::string> accelerator_type;
  std::optional<double> accelerator_num;
  std::optional<double> accelerator_fraction;
  UnknownFields unknown_fields;
  friend bool operator==(WorkspaceShape const&, WorkspaceShape const&) = default;
};

/// `GET /workspace`. The SDK requires every field below but `service_quota` (which only its
/// 0.27 release requires); the fake always emits all of them.
struct WorkspaceInfo {
  std::optional<std::string> build_time;
  std::optional<std::string> git_commit;  ///< Parsed by the SDK as a semantic version.
  std::optional<std::string> workspace_name;
  std::optional<std::string> workspace_tier;
  /// normal, paused, all-pods-terminated, terminated or unknown.
  std::optional<std::string> workspace_state;
  /// Shape name -> what the shape gives a replica.
  std::optional<std::map<std::string, WorkspaceShape>> supported_shapes;
  std::optional<std::int64_t> workspace_disk_usage_bytes;
  std::optional<WorkspaceWorkloads> workloads;
  std::optional<ResourceQuota> resource_quota;
  std::optional<ServiceQuota> service_quota;
  UnknownFields unknown_fields;
  friend bool operator==(WorkspaceInfo const&, WorkspaceInfo const&) = default;
};

}  // namespace lepton

#endif  // LEPTONKIT_SCHEDULER_INCLUDE_LEPTON_WORKSPACE_INFO_H_
