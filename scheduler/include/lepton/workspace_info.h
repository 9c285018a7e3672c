#ifndef LEPTONKIT_SCHEDULER_INCLUDE_LEPTON_WORKSPACE_INFO_H_
#define LEPTONKIT_SCHEDULER_INCLUDE_LEPTON_WORKSPACE_INFO_H_

#include <cstdint>
#include <optional>
#include <string>

#include "lepton/raw_json.h"

namespace lepton {

struct WorkspaceWorkloads {
  std::optional<std::int64_t> num_deployments;
  std::optional<std::int64_t> num_jobs;
  std::optional<std::int64_t> num_pods;
  std::optional<std::int64_t> num_secrets;
  std::optional<std::int64_t> num_image_pull_secrets;
  UnknownFields unknown_fields;
  friend bool operator==(WorkspaceWorkloads const&, WorkspaceWorkloads const&) = default;
};

struct ResourceAmount {
  std::optional<double> cpu;
  std::optional<double> memory;
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

/// `GET /workspace`. The SDK requires every field below; the fake always emits all of them.
struct WorkspaceInfo {
  std::optional<std::string> build_time;
  std::optional<std::string> git_commit;  ///< Parsed by the SDK as a semantic version.
  std::optional<std::string> workspace_name;
  std::optional<std::string> workspace_tier;
  /// normal, paused, all-pods-terminated or terminated.
  std::optional<std::string> workspace_state;
  std::optional<RawJson> supported_shapes;  ///< A map, kept as is.
  std::optional<std::int64_t> workspace_disk_usage_bytes;
  std::optional<WorkspaceWorkloads> workloads;
  std::optional<ResourceQuota> resource_quota;
  UnknownFields unknown_fields;
  friend bool operator==(WorkspaceInfo const&, WorkspaceInfo const&) = default;
};

}  // namespace lepton

#endif  // LEPTONKIT_SCHEDULER_INCLUDE_LEPTON_WORKSPACE_INFO_H_
