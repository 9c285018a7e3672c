// Job create and read: the path every launcher takes first. Runs unchanged against every backend.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <memory>
#include <random>
#include <string>

#include "lepton/client.h"
#include "lepton/contract/backend.h"

namespace lepton::contract {
namespace {

using ::testing::Optional;

class JobCrudTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto backend = MakeBackendFromEnvironment();
    ASSERT_TRUE(backend.ok()) << backend.status();
    backend_ = *std::move(backend);
  }

  void TearDown() override {
    // Clean up what the test created, also when it failed.
    if (!created_id_.empty()) (void)backend_->client().DeleteJob(created_id_);
  }

  // A job that prints one line and succeeds, the same on every backend.
  Job EchoJob(std::string const& name) const {
    Job job;
    job.metadata.name = name;
    job.metadata.labels = std::map<std::string, std::string>{{"leptonkit-contract", "true"}};
    auto& spec = job.spec.emplace();
    spec.resource_shape = backend_->test_shape();
    spec.container.emplace().image = backend_->test_image();
    spec.container->command = {"/bin/sh", "-c", "echo hello from the contract suite"};
    spec.completions = 1;
    spec.parallelism = 1;
    spec.envs.emplace();
    spec.mounts.emplace();
    spec.image_pull_secrets.emplace();
    return job;
  }

  static std::string UniqueName(std::string const& prefix) {
    static std::mt19937_64 rng{std::random_device{}()};
    return prefix + "-" + std::to_string(rng() % 1'000'000'000);
  }

  std::unique_ptr<Backend> backend_;
  std::string created_id_;
};

TEST_F(JobCrudTest, CreateThenGetReturnsTheSameJob) {
  std::string const name = UniqueName("ctr-crud");
  auto created = backend_->client().CreateJob(EchoJob(name));
  ASSERT_TRUE(created.ok()) << created.status();
  ASSERT_TRUE(created->metadata.id.has_value());
  created_id_ = *created->metadata.id;

  auto read = backend_->client().GetJob(created_id_);
  ASSERT_TRUE(read.ok()) << read.status();
  EXPECT_EQ(read->metadata.id, created->metadata.id);
  EXPECT_THAT(read->metadata.name, Optional(name));
  ASSERT_TRUE(read->spec.has_value());
  EXPECT_THAT(read->spec->resource_shape, Optional(backend_->test_shape()));
  ASSERT_TRUE(read->status.has_value()) << "Lepton always answers with a status object";
  EXPECT_TRUE(read->status->state.has_value());
}

}  // namespace
}  // namespace lepton::contract
