#ifndef LEPTONKIT_CONTRACT_TESTS_SRC_CONTROL_PLANE_H_
#define LEPTONKIT_CONTRACT_TESTS_SRC_CONTROL_PLANE_H_

#include <string>

#include "lepton/clock.h"
#include "lepton/status.h"

namespace lepton::contract {

/// The standalone fake's control plane (/fake/v1, fake_lepton/README.md), reached over HTTP.
class ControlPlane {
 public:
  /// `workspace_url` as the fake printed it; the control plane is on the same origin.
  explicit ControlPlane(std::string const& workspace_url);

  /// POST /fake/v1/clock/advance.
  [[nodiscard]] Status AdvanceClock(Duration by) const;
  /// POST /fake/v1/faults; the rule's name.
  [[nodiscard]] StatusOr<std::string> AddFault(std::string const& rule_json) const;
  /// DELETE /fake/v1/faults.
  [[nodiscard]] Status ClearFaults() const;
  /// PUT /fake/v1/cluster.
  [[nodiscard]] Status SetCluster(std::string const& cluster_json) const;

 private:
  /// The answer's body, or an error naming the call and the fake's message.
  [[nodiscard]] StatusOr<std::string> Call(char const* method, std::string const& path,
                                           std::string const& body) const;
  std::string origin_;
};

}  // namespace lepton::contract

#endif  // LEPTONKIT_CONTRACT_TESTS_SRC_CONTROL_PLANE_H_
