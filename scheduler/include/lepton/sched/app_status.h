#ifndef LEPTONKIT_SCHEDULER_INCLUDE_LEPTON_SCHED_APP_STATUS_H_
#define LEPTONKIT_SCHEDULER_INCLUDE_LEPTON_SCHED_APP_STATUS_H_

#include <map>
#include <string>
#include <vector>

#include "lepton/sched/app_state.h"

namespace lepton::sched {

/// One replica (node) of a role, as torchx reports it.
struct ReplicaStatus {
  int id = 0;  ///< The node rank (Lepton's worker index).
  AppState state = AppState::kUnknown;
  std::string role;
  std::string hostname;  ///< The node the replica runs on, when placed.
  /// Why the replica is not ready, as JSON (`{"reason": ..., "message": ...}`), or "<NONE>".
  std::string structured_error_msg = "<NONE>";
};

struct RoleStatus {
  std::string role;
  std::vector<ReplicaStatus> replicas;
};

/// torchx's DescribeAppResponse.
struct DescribeAppResponse {
  std::string app_id;
  AppState state = AppState::kUnsubmitted;
  /// Earlier attempts of the job (its job_history).
  int num_restarts = 0;
  /// "Lepton state Running, 3/4 replicas ready" and the like.
  std::string msg;
  std::vector<RoleStatus> roles_statuses;
  std::map<std::string, std::string> metadata;
};

/// torchx's ListAppResponse.
struct ListAppResponse {
  std::string app_id;
  AppState state = AppState::kUnknown;
  std::string app_handle;
  std::string name;
};

}  // namespace lepton::sched

#endif  // LEPTONKIT_SCHEDULER_INCLUDE_LEPTON_SCHED_APP_STATUS_H_
