#ifndef LEPTONKIT_SCHEDULER_INCLUDE_LEPTON_REPLICA_H_
#define LEPTONKIT_SCHEDULER_INCLUDE_LEPTON_REPLICA_H_

#include <optional>
#include <string>
#include <vector>

#include "lepton/metadata.h"
#include "lepton/raw_json.h"

namespace lepton {

/// `status.node` of a replica: where it runs.
struct ReplicaNode {
  std::optional<std::string> name;
  std::optional<std::string> id;
  UnknownFields unknown_fields;
  friend bool operator==(ReplicaNode const&, ReplicaNode const&) = default;
};

/// One entry of `status.domains`.
struct ReplicaDomain {
  std::optional<std::string> name;
  UnknownFields unknown_fields;
  friend bool operator==(ReplicaDomain const&, ReplicaDomain const&) = default;
};

/// `status.readiness_issue` (newer SDK): why a replica is or is not ready.
struct ReadinessIssue {
  /// Ready, Starting, InProgress, Completed, Failed, Deleted or Terminated. The last four mean
  /// the container is gone.
  std::optional<std::string> reason;
  std::optional<std::string> message;
  UnknownFields unknown_fields;
  friend bool operator==(ReadinessIssue const&, ReadinessIssue const&) = default;
};

struct ReplicaStatus {
  std::optional<std::string> public_ip;
  std::optional<ReplicaNode> node;
  std::optional<std::vector<ReplicaDomain>> domains;
  std::optional<ReadinessIssue> readiness_issue;
  UnknownFields unknown_fields;
  friend bool operator==(ReplicaStatus const&, ReplicaStatus const&) = default;
};

/// One element of `GET /jobs/{id}/replicas` (a bare list). Lepton emits the deprecated top-level
/// `id` and `metadata.id`, both `<job-id>-<index>-<random>`; the SDK drops a replica without the
/// top-level `id`.
struct Replica {
  std::optional<std::string> id;
  Metadata metadata;
  std::optional<ReplicaStatus> status;
  UnknownFields unknown_fields;
  friend bool operator==(Replica const&, Replica const&) = default;
};

}  // namespace lepton

#endif  // LEPTONKIT_SCHEDULER_INCLUDE_LEPTON_REPLICA_H_
