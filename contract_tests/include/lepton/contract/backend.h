#ifndef LEPTONKIT_CONTRACT_TESTS_INCLUDE_LEPTON_CONTRACT_BACKEND_H_
#define LEPTONKIT_CONTRACT_TESTS_INCLUDE_LEPTON_CONTRACT_BACKEND_H_

#include <memory>
#include <string>
#include <string_view>

#include "lepton/client.h"
#include "lepton/clock.h"
#include "lepton/options.h"
#include "lepton/status.h"

namespace lepton::contract {

/// What a backend can do beyond the workspace API. A test that needs a capability the backend
/// lacks is skipped with a message that names it (LEPTON_CONTRACT_REQUIRE in contract_test.h).
enum class Capability {
  /// AdvanceTime jumps the workspace's clock forward.
  kControlsTime,
  /// AddFault / ClearFaults change how the workspace answers (the fake's fault rules).
  kInjectsFaults,
  /// SetCluster replaces the node groups, shapes and reservations.
  kConfiguresCluster,
};

/// "controls time", "injects faults", "configures the cluster".
[[nodiscard]] std::string_view CapabilityName(Capability capability);

/// Where the contract suite runs. The same tests run unchanged against each:
///  * `inprocess`: a fresh FakeLepton in this process on a ManualClock; time moves only when a
///    test (or the client's retry waits) advances it.
///  * `process`: a fresh standalone `fake-lepton` child process on a kernel-chosen port, its
///    clock scaled from real time; reached over HTTP exactly as a live workspace is, and
///    configured through its control plane (/fake/v1).
///  * `live`: the workspace the SDK's environment variables name; real time, no control.
///
/// @par Thread Safety
/// Every method may be called from any thread (a test may let time pass from a helper thread
/// while its main thread waits on the workspace).
class Backend {
 public:
  virtual ~Backend() = default;

  /// "inprocess", "process" or "live".
  [[nodiscard]] virtual std::string name() const = 0;
  [[nodiscard]] virtual bool Has(Capability capability) const = 0;

  /// Options that reach the backend's workspace (URL, token, clock and sleeper); a test may
  /// change a copy (timeouts, retry policy) and make its own connection with it.
  [[nodiscard]] virtual ClientOptions client_options() const = 0;
  /// A client for the workspace, made from client_options().
  [[nodiscard]] virtual Client client() const = 0;

  /// The clock that waits and deadlines are measured on: the fake's ManualClock in process,
  /// the system clock otherwise.
  [[nodiscard]] virtual std::shared_ptr<Clock> clock() const = 0;
  /// How a poll loop waits between looks: advances the manual clock in process, sleeps
  /// otherwise.
  [[nodiscard]] virtual Sleeper sleeper() const = 0;
  /// The pause between two looks of a poll loop.
  [[nodiscard]] virtual Duration poll_interval() const = 0;
  /// How long, on clock(), a test waits for a job to get where it should before failing.
  [[nodiscard]] virtual Duration patience() const = 0;

  /// The resource shape test jobs ask for (cheap on live Lepton: cpu.small).
  [[nodiscard]] virtual std::string test_shape() const = 0;
  /// The image test jobs run; it must have /bin/sh.
  [[nodiscard]] virtual std::string test_image() const = 0;
  /// The dedicated node group test jobs are placed in; empty lets the workspace choose.
  [[nodiscard]] virtual std::string test_node_group() const = 0;

  /// Moves the workspace's clock forward by `by`; kUnimplemented without kControlsTime.
  virtual Status AdvanceTime(Duration by) = 0;
  /// Adds a fault rule in its JSON form (fake_lepton/README.md, "Fault rules"); the rule's
  /// name. kUnimplemented without kInjectsFaults.
  virtual StatusOr<std::string> AddFault(std::string_view rule_json) = 0;
  /// Removes every fault rule; kUnimplemented without kInjectsFaults.
  virtual Status ClearFaults() = 0;
  /// Replaces the cluster with a cluster file's JSON (fixtures/clusters/README.md);
  /// kUnimplemented without kConfiguresCluster.
  virtual Status SetCluster(std::string_view cluster_json) = 0;
};

/// The backend names MakeBackend knows.
inline constexpr char kInProcessBackend[] = "inprocess";
inline constexpr char kProcessBackend[] = "process";
inline constexpr char kLiveBackend[] = "live";

/// Environment variable that selects the backend when the runner is not told (`inprocess` by
/// default).
inline constexpr char kBackendEnv[] = "LEPTONKIT_CONTRACT_BACKEND";
/// Environment variable naming the standalone fake-lepton binary of the `process` backend.
inline constexpr char kFakeBinaryEnv[] = "LEPTONKIT_FAKE_LEPTON";

/// How backends are made; the runner fills it from its flags, a bare test binary from the
/// environment (BackendSettingsFromEnvironment).
struct BackendSettings {
  /// "inprocess", "process" or "live".
  std::string name = kInProcessBackend;
  /// `process`: the fake-lepton executable; empty looks next to this executable
  /// (`fake-lepton`, `../tools/fake-lepton`, `../bin/fake-lepton`), then on PATH.
  std::string fake_binary;
  /// `process`: the child's clock speed relative to real time.
  double time_scale = 50.0;
  /// When set, every JSON answer a test's client receives is recorded here (scrubbed) for the
  /// drift guard (drift.h).
  std::string record_dir;
  /// With record_dir: the recording's file name, `<record_dir>/<recording_name>.jsonl`
  /// (ContractTest uses `<suite>.<test>`).
  std::string recording_name = "recording";
};

/// Settings from LEPTONKIT_CONTRACT_BACKEND, LEPTONKIT_FAKE_LEPTON and
/// LEPTONKIT_CONTRACT_RECORD_DIR.
[[nodiscard]] BackendSettings BackendSettingsFromEnvironment();

/// The settings tests use (ContractTest::SetUp): what SetBackendSettings stored, else the
/// environment's.
[[nodiscard]] BackendSettings const& CurrentBackendSettings();
void SetBackendSettings(BackendSettings settings);

/// A fresh backend. kFailedPrecondition when `live` is not configured: the SDK's variables
/// (LEPTON_WORKSPACE_ID, LEPTON_WORKSPACE_TOKEN, LEPTON_WORKSPACE_URL) are missing; the live
/// test settings come from LEPTONKIT_CONTRACT_SHAPE (cpu.small), LEPTONKIT_CONTRACT_IMAGE
/// (ubuntu:24.04, which has bash for the scheduler's command), LEPTONKIT_CONTRACT_NODE_GROUP
/// (none), LEPTONKIT_CONTRACT_PATIENCE_SECONDS (1200) and LEPTONKIT_CONTRACT_POLL_MS (2000).
/// kInvalidArgument for an unknown name; kUnavailable when a fake cannot start.
[[nodiscard]] StatusOr<std::unique_ptr<Backend>> MakeBackend(BackendSettings const& settings);

}  // namespace lepton::contract

#endif  // LEPTONKIT_CONTRACT_TESTS_INCLUDE_LEPTON_CONTRACT_BACKEND_H_
