#include "lepton/contract/backend.h"

#include <cstdlib>
#include <mutex>
#include <optional>
#include <random>

#include <fmt/format.h>

#include "control_plane.h"
#include "fake_process.h"
#include "lepton/connection.h"
#include "lepton/fake/cluster_config.h"
#include "lepton/fake/fake_lepton.h"
#include "lepton/fake/fault.h"
#include "recording.h"

namespace lepton::contract {
namespace {

std::string Env(char const* name, char const* fallback = "") {
  char const* value = std::getenv(name);
  return value != nullptr && *value != '\0' ? value : fallback;
}

Status Lacks(std::string const& backend, Capability capability) {
  return Status(StatusCode::kUnimplemented,
                fmt::format("the {} backend cannot: {}", backend, CapabilityName(capability)));
}

// Adds the drift guard's recorder to `options` when the settings ask for one.
void MaybeRecord(BackendSettings const& settings, ClientOptions& options) {
  if (settings.record_dir.empty()) return;
  auto recorder = std::make_shared<ExchangeRecorder>(settings.record_dir, settings.recording_name,
                                                     options.token);
  options.exchange_observer = [recorder](HttpExchange const& e) { recorder->Record(e); };
}

StatusOr<Client> ClientFor(ClientOptions const& options) {
  auto connection = MakeConnection(options);
  if (!connection) return std::move(connection).status();
  return Client(*std::move(connection));
}

class InProcessBackend final : public Backend {
 public:
  InProcessBackend(std::shared_ptr<ManualClock> clock, std::unique_ptr<fake::FakeLepton> fake,
                   ClientOptions options, Client client)
      : clock_(std::move(clock)),
        fake_(std::move(fake)),
        options_(std::move(options)),
        client_(std::move(client)) {}

  std::string name() const override { return kInProcessBackend; }
  bool Has(Capability) const override { return true; }
  ClientOptions client_options() const override { return options_; }
  Client client() const override { return client_; }
  std::shared_ptr<Clock> clock() const override { return clock_; }
  Sleeper sleeper() const override { return ManualClockSleeper(clock_); }
  Duration poll_interval() const override { return std::chrono::milliseconds(100); }
  Duration patience() const override { return std::chrono::minutes(30); }
  std::string test_shape() const override { return "cpu.small"; }
  std::string test_image() const override { return "ubuntu:24.04"; }
  std::string test_node_group() const override { return ""; }

  Status AdvanceTime(Duration by) override {
    clock_->Advance(by);
    return Status();
  }
  StatusOr<std::string> AddFault(std::string_view rule_json) override {
    auto rule = fake::ParseFaultRule(rule_json);
    if (!rule) return std::move(rule).status();
    return fake_->AddFault(*std::move(rule));
  }
  Status ClearFaults() override {
    fake_->ClearFaults();
    return Status();
  }
  Status SetCluster(std::string_view cluster_json) override {
    auto config = fake::ParseClusterConfig(cluster_json);
    if (!config) return std::move(config).status();
    fake_->SetCluster(*std::move(config));
    return Status();
  }

 private:
  std::shared_ptr<ManualClock> clock_;
  std::unique_ptr<fake::FakeLepton> fake_;
  ClientOptions options_;
  Client client_;
};

class ProcessBackend final : public Backend {
 public:
  ProcessBackend(std::unique_ptr<FakeProcess> process, ClientOptions options, Client client)
      : process_(std::move(process)),
        control_(process_->workspace_url()),
        options_(std::move(options)),
        client_(std::move(client)) {}

  std::string name() const override { return kProcessBackend; }
  bool Has(Capability) const override { return true; }
  ClientOptions client_options() const override { return options_; }
  Client client() const override { return client_; }
  std::shared_ptr<Clock> clock() const override { return clock_; }
  Sleeper sleeper() const override { return RealSleeper(); }
  Duration poll_interval() const override { return std::chrono::milliseconds(5); }
  Duration patience() const override { return std::chrono::seconds(60); }
  std::string test_shape() const override { return "cpu.small"; }
  std::string test_image() const override { return "ubuntu:24.04"; }
  std::string test_node_group() const override { return ""; }

  Status AdvanceTime(Duration by) override { return control_.AdvanceClock(by); }
  StatusOr<std::string> AddFault(std::string_view rule_json) override {
    return control_.AddFault(std::string(rule_json));
  }
  Status ClearFaults() override { return control_.ClearFaults(); }
  Status SetCluster(std::string_view cluster_json) override {
    return control_.SetCluster(std::string(cluster_json));
  }

 private:
  std::unique_ptr<FakeProcess> process_;
  ControlPlane control_;
  ClientOptions options_;
  Client client_;
  std::shared_ptr<Clock> clock_ = std::make_shared<SystemClock>();
};

class LiveBackend final : public Backend {
 public:
  LiveBackend(ClientOptions options, Client client)
      : options_(std::move(options)), client_(std::move(client)) {}

  std::string name() const override { return kLiveBackend; }
  bool Has(Capability) const override { return false; }
  ClientOptions client_options() const override { return options_; }
  Client client() const override { return client_; }
  std::shared_ptr<Clock> clock() const override { return clock_; }
  Sleeper sleeper() const override { return RealSleeper(); }
  Duration poll_interval() const override {
    return std::chrono::milliseconds(
        std::strtol(Env("LEPTONKIT_CONTRACT_POLL_MS", "2000").c_str(), nullptr, 10));
  }
  Duration patience() const override {
    return std::chrono::seconds(
        std::strtol(Env("LEPTONKIT_CONTRACT_PATIENCE_SECONDS", "1200").c_str(), nullptr, 10));
  }
  std::string test_shape() const override { return Env("LEPTONKIT_CONTRACT_SHAPE", "cpu.small"); }
  std::string test_image() const override {
    return Env("LEPTONKIT_CONTRACT_IMAGE", "ubuntu:24.04");
  }
  std::string test_node_group() const override { return Env("LEPTONKIT_CONTRACT_NODE_GROUP"); }

  Status AdvanceTime(Duration) override { return Lacks(name(), Capability::kControlsTime); }
  StatusOr<std::string> AddFault(std::string_view) override {
    return Lacks(name(), Capability::kInjectsFaults);
  }
  Status ClearFaults() override { return Lacks(name(), Capability::kInjectsFaults); }
  Status SetCluster(std::string_view) override {
    return Lacks(name(), Capability::kConfiguresCluster);
  }

 private:
  ClientOptions options_;
  Client client_;
  std::shared_ptr<Clock> clock_ = std::make_shared<SystemClock>();
};

StatusOr<std::unique_ptr<Backend>> MakeInProcess(BackendSettings const& settings) {
  auto clock = std::make_shared<ManualClock>();
  fake::FakeLeptonOptions options;
  options.clock = clock;
  auto fake = fake::FakeLepton::Start(std::move(options));
  if (!fake) return std::move(fake).status();
  ClientOptions client_options = (*fake)->client_options();
  MaybeRecord(settings, client_options);
  auto client = ClientFor(client_options);
  if (!client) return std::move(client).status();
  return std::unique_ptr<Backend>(std::make_unique<InProcessBackend>(
      std::move(clock), *std::move(fake), std::move(client_options), *std::move(client)));
}

StatusOr<std::unique_ptr<Backend>> MakeProcess(BackendSettings const& settings) {
  static std::mt19937_64 rng{std::random_device{}()};
  static std::mutex rng_mu;
  std::string token;
  {
    std::lock_guard lock(rng_mu);
    token = fmt::format("contract-process-token-{:016x}", rng());
  }
  std::string const binary = ResolveFakeBinary(settings.fake_binary);
  auto process = FakeProcess::Start(
      binary, {"--token", token, "--time-scale", fmt::format("{}", settings.time_scale)});
  if (!process) return std::move(process).status();
  ClientOptions options;
  options.workspace_url = (*process)->workspace_url();
  options.token = token;
  options.request_timeout = std::chrono::seconds(30);
  MaybeRecord(settings, options);
  auto client = ClientFor(options);
  if (!client) return std::move(client).status();
  return std::unique_ptr<Backend>(std::make_unique<ProcessBackend>(
      *std::move(process), std::move(options), *std::move(client)));
}

StatusOr<std::unique_ptr<Backend>> MakeLive(BackendSettings const& settings) {
  if (Env("LEPTON_WORKSPACE_ID").empty() && Env("LEPTON_WORKSPACE_URL").empty()) {
    return Status(StatusCode::kFailedPrecondition,
                  "live backend not configured: set LEPTON_WORKSPACE_ID (or LEPTON_WORKSPACE_URL) "
                  "and LEPTON_WORKSPACE_TOKEN to run the contract suite against a workspace");
  }
  auto options = ClientOptionsFromEnvironment();
  if (!options) return std::move(options).status();
  MaybeRecord(settings, *options);
  auto client = ClientFor(*options);
  if (!client) return std::move(client).status();
  return std::unique_ptr<Backend>(
      std::make_unique<LiveBackend>(*std::move(options), *std::move(client)));
}

std::optional<BackendSettings>& StoredSettings() {
  static std::optional<BackendSettings> settings;
  return settings;
}

}  // namespace

std::string_view CapabilityName(Capability capability) {
  switch (capability) {
    case Capability::kControlsTime: return "control time (live Lepton runs on real time)";
    case Capability::kInjectsFaults: return "inject faults (a fake's fault rules)";
    case Capability::kConfiguresCluster: return "configure the cluster (node groups and capacity)";
  }
  return "?";
}

BackendSettings BackendSettingsFromEnvironment() {
  BackendSettings settings;
  settings.name = Env(kBackendEnv, kInProcessBackend);
  settings.fake_binary = Env(kFakeBinaryEnv);
  settings.record_dir = Env("LEPTONKIT_CONTRACT_RECORD_DIR");
  return settings;
}

BackendSettings const& CurrentBackendSettings() {
  auto& stored = StoredSettings();
  if (!stored) stored = BackendSettingsFromEnvironment();
  return *stored;
}

void SetBackendSettings(BackendSettings settings) { StoredSettings() = std::move(settings); }

StatusOr<std::unique_ptr<Backend>> MakeBackend(BackendSettings const& settings) {
  if (settings.name == kInProcessBackend) return MakeInProcess(settings);
  if (settings.name == kProcessBackend) return MakeProcess(settings);
  if (settings.name == kLiveBackend) return MakeLive(settings);
  return Status(StatusCode::kInvalidArgument,
                fmt::format("unknown contract backend '{}': expected inprocess, process or live",
                            settings.name));
}

}  // namespace lepton::contract
