// Job create, read, update and delete, and the server's refusal of invalid jobs: the path every
// launcher takes first. Runs unchanged against every backend.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "lepton/client.h"
#include "lepton/clock.h"
#include "lepton/contract/contract_test.h"
#include "lepton/env_var.h"
#include "lepton/list_jobs_request.h"
#include "suite_anchor.h"

LEPTON_CONTRACT_SUITE(job_crud)

namespace lepton::contract {
namespace {

using ::testing::AnyOf;
using ::testing::Contains;
using ::testing::Gt;
using ::testing::IsEmpty;
using ::testing::Optional;
using ::testing::Pair;

// Long enough that the job is still alive whenever the test looks at it; TearDown deletes it.
constexpr int kLongSleepSeconds = 3600;

class JobCrudTest : public ContractTest {
 protected:
  // Every job of this test, archived ones included.
  StatusOr<std::vector<Job>> TaggedJobs() {
    ListJobsRequest request;
    request.mode = JobQueryMode::kAliveAndArchive;
    request.label_selector = std::string(kContractLabel) + "=" + tag();
    return client().ListJobs(request);
  }

  // Submits `job`, which the server must refuse as invalid without creating anything.
  // Neither the SDK nor the CLI shows whether an invalid spec is answered 400 or 422; both are
  // kInvalidArgument.
  void ExpectRefusedAsInvalid(Job const& job) {
    auto created = CreateJob(job);
    ASSERT_FALSE(created.ok()) << "the invalid job was accepted, as "
                               << created->metadata.id.value_or("<no id>");
    EXPECT_EQ(created.status().code(), StatusCode::kInvalidArgument) << created.status();
    EXPECT_THAT(created.status().error_info().http_status, AnyOf(400, 422)) << created.status();
    auto tagged = TaggedJobs();
    ASSERT_TRUE(tagged.ok()) << tagged.status();
    EXPECT_THAT(*tagged, IsEmpty()) << "a refused create left a job behind";
  }
};

TEST_F(JobCrudTest, CreateThenGetReturnsTheSameJob) {
  Job const job = ShellJob("crud", scripts::Echo({"hello from the contract suite"}));
  std::string const name = *job.metadata.name;
  auto created = CreateJob(job);
  ASSERT_TRUE(created.ok()) << created.status();
  ASSERT_TRUE(created->metadata.id.has_value());

  auto read = client().GetJob(*created->metadata.id);
  ASSERT_TRUE(read.ok()) << read.status();
  EXPECT_EQ(read->metadata.id, created->metadata.id);
  EXPECT_THAT(read->metadata.name, Optional(name));
  ASSERT_TRUE(read->spec.has_value());
  EXPECT_THAT(read->spec->resource_shape, Optional(backend().test_shape()));
  ASSERT_TRUE(read->status.has_value()) << "Lepton always answers with a status object";
  EXPECT_TRUE(read->status->state.has_value());
}

// The answer is the full job with a generated id (the CLI prints it next to the name, SDK
// leptonai/cli/job.py), the requested name, the creation time, the creator and a status.
TEST_F(JobCrudTest, CreateAnswersWithIdNameCreatorAndStatus) {
  Job const job = ShellJob("answer", scripts::SleepThenSucceed(kLongSleepSeconds));
  auto created = CreateJob(job);
  ASSERT_TRUE(created.ok()) << created.status();

  Metadata const& metadata = created->metadata;
  ASSERT_TRUE(metadata.id.has_value());
  EXPECT_FALSE(metadata.id->empty());
  EXPECT_EQ(metadata.name, job.metadata.name);
  EXPECT_THAT(metadata.created_at, Optional(Gt(0)));
  EXPECT_TRUE(metadata.owner.value_or("") != "" || metadata.created_by.value_or("") != "")
      << "the created job names no owner or creator";
  ASSERT_TRUE(metadata.labels.has_value());
  EXPECT_THAT(*metadata.labels, Contains(Pair(kContractLabel, tag())));
  EXPECT_TRUE(created->status.has_value()) << "Lepton always answers with a status object";
}

TEST_F(JobCrudTest, GetOfUnknownIdIsNotFound) {
  auto read = client().GetJob(UniqueName("no-such-job"));
  ASSERT_FALSE(read.ok()) << "got a job that was never created";
  EXPECT_EQ(read.status().code(), StatusCode::kNotFound) << read.status();
}

// The name rules of the newer SDK's leptonai/api/v2/job_validation.py: [a-z0-9-], starting
// with a letter, at most 36 characters.
TEST_F(JobCrudTest, InvalidJobNamesAreRefusedAndCreateNothing) {
  {
    SCOPED_TRACE("uppercase letters");
    Job job = ShellJob("upper", scripts::Echo({"never runs"}));
    job.metadata.name = "Upper-" + UniqueName("case");
    ExpectRefusedAsInvalid(job);
  }
  {
    SCOPED_TRACE("37 characters");
    Job job = ShellJob("long", scripts::Echo({"never runs"}));
    std::string name = UniqueName("toolong");
    name += std::string(37 - name.size(), 'x');
    job.metadata.name = name;
    ExpectRefusedAsInvalid(job);
  }
}

// completions must be positive (the newer SDK's leptonai/api/v2/job_validation.py).
TEST_F(JobCrudTest, NonPositiveCompletionsAreRefusedAndCreateNothing) {
  for (std::int64_t const completions : {0, -1}) {
    SCOPED_TRACE("completions " + std::to_string(completions));
    Job job = ShellJob("completions", scripts::Echo({"never runs"}));
    job.spec->completions = completions;
    job.spec->parallelism = 1;
    ExpectRefusedAsInvalid(job);
  }
}

TEST_F(JobCrudTest, UnknownResourceShapeIsRefusedAndCreatesNothing) {
  Job job = ShellJob("shape", scripts::Echo({"never runs"}));
  job.spec->resource_shape = "cpu.no-such-shape";
  ExpectRefusedAsInvalid(job);
}

// The platform sets these itself (LEPTON_RESERVED_ENV_NAMES in the SDK's leptonai/config.py).
TEST_F(JobCrudTest, ReservedEnvNameIsRefusedAndCreatesNothing) {
  Job job = ShellJob("env", scripts::Echo({"never runs"}));
  EnvVar env;
  env.name = "LEPTON_WORKSPACE_ID";
  env.value = "not-mine-to-set";
  job.spec->envs = std::vector<EnvVar>{env};
  ExpectRefusedAsInvalid(job);
}

// PATCH merges a partial spec (the SDK sends a partial job, leptonai/api/v2/job.py); `stopped` is
// the field `lep job stop` and `lep job start` patch and read back (leptonai/cli/job.py).
TEST_F(JobCrudTest, UpdatedSpecFieldIsVisibleOnTheNextGet) {
  auto id = CreateShellJob("update", scripts::SleepThenSucceed(kLongSleepSeconds));
  ASSERT_TRUE(id.ok()) << id.status();

  Job patch;
  patch.spec.emplace().stopped = true;
  Status const updated = client().UpdateJob(*id, patch);
  ASSERT_TRUE(updated.ok()) << updated;

  auto read = client().GetJob(*id);
  ASSERT_TRUE(read.ok()) << read.status();
  ASSERT_TRUE(read->spec.has_value());
  EXPECT_THAT(read->spec->stopped, Optional(true));
  EXPECT_THAT(read->spec->resource_shape, Optional(backend().test_shape()))
      << "a partial update must keep the fields it does not name";
}

// Lepton deletes asynchronously: Deleting, then gone from the live view. [INF] from the SDK's
// Deleting state (leptonai/api/v2/types/job.py); contract_tests/README.md lists it.
TEST_F(JobCrudTest, DeletedJobBecomesNotFound) {
  auto id = CreateShellJob("delete", scripts::SleepThenSucceed(kLongSleepSeconds));
  ASSERT_TRUE(id.ok()) << id.status();

  Status const deleted = client().DeleteJob(*id);
  ASSERT_TRUE(deleted.ok()) << deleted;

  EXPECT_TRUE(WaitUntil(
      [&]() -> StatusOr<bool> {
        auto read = client().GetJob(*id, JobQueryMode::kAliveOnly);
        if (read.ok()) return false;
        if (read.status().code() == StatusCode::kNotFound) return true;
        return read.status();
      },
      "the deleted job to be gone from the live view"));
}

TEST_F(JobCrudTest, DeleteOfUnknownIdIsNotFound) {
  Status const deleted = client().DeleteJob(UniqueName("no-such-job"));
  ASSERT_FALSE(deleted.ok()) << "deleted a job that was never created";
  EXPECT_EQ(deleted.code(), StatusCode::kNotFound) << deleted;
}

// Names are not unique: a second create with the same name makes a second job with its own id
// (SDK commit fccec54a "support duplicate job name"; the CLI resolves a name to the newest job).
TEST_F(JobCrudTest, SameNameTwiceMakesTwoJobsWithDistinctIds) {
  Job const job = ShellJob("twice", scripts::SleepThenSucceed(kLongSleepSeconds));
  auto first = CreateJob(job);
  ASSERT_TRUE(first.ok()) << first.status();
  auto second = CreateJob(job);
  ASSERT_TRUE(second.ok()) << second.status();

  ASSERT_TRUE(first->metadata.id.has_value());
  ASSERT_TRUE(second->metadata.id.has_value());
  EXPECT_NE(*first->metadata.id, *second->metadata.id);
  for (auto const* created : {&*first, &*second}) {
    auto read = client().GetJob(*created->metadata.id);
    ASSERT_TRUE(read.ok()) << read.status();
    EXPECT_EQ(read->metadata.name, job.metadata.name);
  }
}

}  // namespace
}  // namespace lepton::contract
