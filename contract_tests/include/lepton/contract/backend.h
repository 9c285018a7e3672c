#ifndef LEPTONKIT_CONTRACT_TESTS_INCLUDE_LEPTON_CONTRACT_BACKEND_H_
#define LEPTONKIT_CONTRACT_TESTS_INCLUDE_LEPTON_CONTRACT_BACKEND_H_

#include <memory>
#include <string>

#include "lepton/clock.h"
#include "lepton/client.h"
#include "lepton/status.h"

namespace lepton::contract {

/// What a backend can do beyond the workspace API. A test that needs a capability the backend
/// lacks is skipped with a message that says so.
struct Capabilities {
  bool controls_time = false;  ///< AdvanceTime moves the backend's clock.
};

/// Where the contract suite runs: the in-process fake or a live Lepton workspace. The same
/// tests run unchanged against each.
class Backend {
 public:
  virtual ~Backend() = default;
  /// "inprocess" or "live".
  [[nodiscard]] virtual std::string name() const = 0;
  [[nodiscard]] virtual Capabilities capabilities() const = 0;
  /// A client for the backend's workspace.
  [[nodiscard]] virtual Client client() const = 0;
  /// The resource shape test jobs ask for (cheap on live Lepton).
  [[nodiscard]] virtual std::string test_shape() const = 0;
  /// The image test jobs run.
  [[nodiscard]] virtual std::string test_image() const = 0;
  /// Moves the backend's clock forward; kUnimplemented unless capabilities().controls_time.
  virtual Status AdvanceTime(Duration by) = 0;
};

/// Environment variable that selects the backend: "inprocess" (the default) or "live".
inline constexpr char kBackendEnv[] = "LEPTONKIT_CONTRACT_BACKEND";

/// The backend named by LEPTONKIT_CONTRACT_BACKEND. "live" reads the SDK's variables
/// (LEPTON_WORKSPACE_ID, LEPTON_WORKSPACE_TOKEN, LEPTON_WORKSPACE_URL) and
/// LEPTONKIT_CONTRACT_SHAPE / LEPTONKIT_CONTRACT_IMAGE; a missing setting is an error.
[[nodiscard]] StatusOr<std::unique_ptr<Backend>> MakeBackendFromEnvironment();

/// A fresh in-process fake on a manual clock.
[[nodiscard]] StatusOr<std::unique_ptr<Backend>> MakeInProcessBackend();

}  // namespace lepton::contract

#endif  // LEPTONKIT_CONTRACT_TESTS_INCLUDE_LEPTON_CONTRACT_BACKEND_H_
