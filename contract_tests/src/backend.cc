#include "lepton/contract/backend.h"

#include <cstdlib>
#include <string_view>

#include <fmt/format.h>

#include "lepton/connection.h"
#include "lepton/fake/fake_lepton.h"

namespace lepton::contract {
namespace {

class InProcessBackend final : public Backend {
 public:
  InProcessBackend(std::shared_ptr<ManualClock> clock, std::unique_ptr<fake::FakeLepton> fake,
                   Client client)
      : clock_(std::move(clock)), fake_(std::move(fake)), client_(std::move(client)) {}

  std::string name() const override { return "inprocess"; }
  Capabilities capabilities() const override { return {.controls_time = true}; }
  Client client() const override { return client_; }
  std::string test_shape() const override { return "cpu.small"; }
  std::string test_image() const override { return "busybox:1.37.0"; }
  Status AdvanceTime(Duration by) override {
    clock_->Advance(by);
    return Status();
  }

 private:
  std::shared_ptr<ManualClock> clock_;
  std::unique_ptr<fake::FakeLepton> fake_;
  Client client_;
};

class LiveBackend final : public Backend {
 public:
  LiveBackend(Client client, std::string shape, std::string image)
      : client_(std::move(client)), shape_(std::move(shape)), image_(std::move(image)) {}

  std::string name() const override { return "live"; }
  Capabilities capabilities() const override { return {}; }
  Client client() const override { return client_; }
  std::string test_shape() const override { return shape_; }
  std::string test_image() const override { return image_; }
  Status AdvanceTime(Duration) override {
    return Status(StatusCode::kUnimplemented, "live Lepton runs on real time");
  }

 private:
  Client client_;
  std::string shape_;
  std::string image_;
};

std::string Env(char const* name, char const* fallback = "") {
  char const* value = std::getenv(name);
  return value != nullptr && *value != '\0' ? value : fallback;
}

StatusOr<std::unique_ptr<Backend>> MakeLiveBackend() {
  auto options = ClientOptionsFromEnvironment();
  if (!options) return std::move(options).status();
  auto connection = MakeConnection(*std::move(options));
  if (!connection) return std::move(connection).status();
  return std::unique_ptr<Backend>(std::make_unique<LiveBackend>(
      Client(*std::move(connection)), Env("LEPTONKIT_CONTRACT_SHAPE", "cpu.small"),
      Env("LEPTONKIT_CONTRACT_IMAGE", "busybox:1.37.0")));
}

}  // namespace

StatusOr<std::unique_ptr<Backend>> MakeInProcessBackend() {
  auto clock = std::make_shared<ManualClock>();
  fake::FakeLeptonOptions options;
  options.clock = clock;
  auto fake = fake::FakeLepton::Start(std::move(options));
  if (!fake) return std::move(fake).status();
  auto connection = MakeConnection((*fake)->client_options());
  if (!connection) return std::move(connection).status();
  return std::unique_ptr<Backend>(std::make_unique<InProcessBackend>(
      std::move(clock), *std::move(fake), Client(*std::move(connection))));
}

StatusOr<std::unique_ptr<Backend>> MakeBackendFromEnvironment() {
  std::string const name = Env(kBackendEnv, "inprocess");
  if (name == "inprocess") return MakeInProcessBackend();
  if (name == "live") return MakeLiveBackend();
  return Status(StatusCode::kInvalidArgument,
                fmt::format("{}='{}': expected 'inprocess' or 'live'", kBackendEnv, name));
}

}  // namespace lepton::contract
