#ifndef LEPTONKIT_SCHEDULER_TEST_CLIENT_CLIENT_FIXTURE_H_
#define LEPTONKIT_SCHEDULER_TEST_CLIENT_CLIENT_FIXTURE_H_

// A production Client connected over loopback HTTP to a fresh in-process fake on a manual
// clock, for the client's tests.

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "lepton/client.h"
#include "lepton/fake/fake_lepton.h"

namespace lepton {

class ClientTest : public ::testing::Test {
 protected:
  void SetUp() override {
    fake::FakeLeptonOptions options;
    options.clock = clock_;
    auto fake = fake::FakeLepton::Start(options);
    ASSERT_TRUE(fake.ok()) << fake.status();
    fake_ = *std::move(fake);
    client_ = MakeClient(fake_->client_options());
  }

  static std::unique_ptr<Client> MakeClient(ClientOptions options) {
    auto connection = MakeConnection(std::move(options));
    EXPECT_TRUE(connection.ok()) << connection.status();
    return std::make_unique<Client>(*connection);
  }

  static Job EchoJob(std::string const& name, std::string const& script = "echo hi") {
    Job job;
    job.metadata.name = name;
    auto& spec = job.spec.emplace();
    spec.resource_shape = "cpu.small";
    spec.container.emplace().command = {"/bin/sh", "-c", script};
    return job;
  }

  std::string Create(std::string const& name, std::string const& script = "echo hi") {
    auto created = client_->CreateJob(EchoJob(name, script));
    EXPECT_TRUE(created.ok()) << created.status();
    return created.ok() ? *created->metadata.id : std::string();
  }

  std::shared_ptr<ManualClock> clock_ = std::make_shared<ManualClock>();
  std::unique_ptr<fake::FakeLepton> fake_;
  std::unique_ptr<Client> client_;
};

}  // namespace lepton

#endif  // LEPTONKIT_SCHEDULER_TEST_CLIENT_CLIENT_FIXTURE_H_
