// Listing jobs: the label, name and state filters, paging and job_query_mode of GET /jobs.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "lepton/client.h"
#include "lepton/clock.h"
#include "lepton/contract/contract_test.h"
#include "lepton/list_jobs_request.h"
#include "suite_anchor.h"

LEPTON_CONTRACT_SUITE(list)

namespace lepton::contract {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::Optional;
using ::testing::SizeIs;
using ::testing::UnorderedElementsAreArray;

// Long enough that the job is still alive whenever the test lists; TearDown deletes it.
constexpr int kLongSleepSeconds = 3600;
// A finished job stays in the live view this long, whatever the workspace's default TTL.
constexpr std::int64_t kKeepFinishedSeconds = 3600;

std::vector<std::string> IdsOf(std::vector<Job> const& jobs) {
  std::vector<std::string> ids;
  for (auto const& job : jobs) ids.push_back(job.metadata.id.value_or("<no id>"));
  return ids;
}

class ListJobsTest : public ContractTest {
 protected:
  // Only this test's jobs: other tests may share a live workspace.
  ListJobsRequest Tagged(JobQueryMode mode = JobQueryMode::kAliveOnly) const {
    ListJobsRequest request;
    request.mode = mode;
    request.label_selector = std::string(kContractLabel) + "=" + tag();
    return request;
  }

  // Creates `count` tagged jobs that keep running; their ids.
  std::vector<std::string> CreateSleepers(std::string_view stem, int count) {
    std::vector<std::string> ids;
    for (int i = 0; i < count; ++i) {
      auto id = CreateShellJob(stem, scripts::SleepThenSucceed(kLongSleepSeconds));
      EXPECT_TRUE(id.ok()) << id.status();
      if (id.ok()) ids.push_back(*id);
    }
    return ids;
  }

  // Creates a tagged job that prints a line and completes, kept `ttl_seconds` after finishing,
  // and waits until it is Completed; its id, or empty after a failure.
  std::string CreateCompletedJob(std::string_view stem, std::int64_t ttl_seconds) {
    Job job = ShellJob(stem, scripts::Echo({"done"}));
    job.spec->ttl_seconds_after_finished = ttl_seconds;
    auto created = CreateJob(job);
    EXPECT_TRUE(created.ok()) << created.status();
    if (!created.ok() || !created->metadata.id) return {};
    std::string const id = *created->metadata.id;
    auto const done = WaitForState(id, {JobState::kCompleted});
    EXPECT_TRUE(done);
    return done ? id : std::string();
  }
};

TEST_F(ListJobsTest, CreatedJobIsListed) {
  Job const job = ShellJob("listed", scripts::SleepThenSucceed(kLongSleepSeconds));
  auto created = CreateJob(job);
  ASSERT_TRUE(created.ok()) << created.status();

  auto listed = client().ListJobs(Tagged());
  ASSERT_TRUE(listed.ok()) << listed.status();
  ASSERT_THAT(IdsOf(*listed), ElementsAre(*created->metadata.id));
  Job const& seen = listed->front();
  EXPECT_EQ(seen.metadata.name, job.metadata.name);
  ASSERT_TRUE(seen.spec.has_value());
  EXPECT_THAT(seen.spec->resource_shape, Optional(backend().test_shape()));
  ASSERT_TRUE(seen.status.has_value()) << "Lepton always lists a job with its status";
  EXPECT_TRUE(seen.status->state.has_value());
}

TEST_F(ListJobsTest, LabelSelectorFindsOnlyTheLabelledJobs) {
  std::vector<std::string> const mine = CreateSleepers("mine", 2);
  ASSERT_THAT(mine, SizeIs(2));
  // Same label key, another value: it must not match. CreateJob cleans it up all the same.
  Job other = ShellJob("other", scripts::SleepThenSucceed(kLongSleepSeconds));
  (*other.metadata.labels)[kContractLabel] = tag() + "-other";
  auto created_other = CreateJob(other);
  ASSERT_TRUE(created_other.ok()) << created_other.status();

  auto listed = client().ListJobs(Tagged());
  ASSERT_TRUE(listed.ok()) << listed.status();
  EXPECT_THAT(IdsOf(*listed), UnorderedElementsAreArray(mine));
}

// `q` matches part of the name (or id), as the `lep job list` help says (SDK leptonai/cli/job.py).
TEST_F(ListJobsTest, NameContainsFindsJobsWhoseNameHasThePart) {
  // The tag's random part makes the names unique in the workspace, so `q` alone is enough.
  std::string const part = "match-" + tag().substr(3);
  std::vector<std::string> matching;
  for (std::string const suffix : {"-1", "-2"}) {
    Job job = ShellJob("match", scripts::SleepThenSucceed(kLongSleepSeconds));
    job.metadata.name = part + suffix;
    auto created = CreateJob(job);
    ASSERT_TRUE(created.ok()) << created.status();
    matching.push_back(*created->metadata.id);
  }
  Job other = ShellJob("other", scripts::SleepThenSucceed(kLongSleepSeconds));
  other.metadata.name = "other-" + tag().substr(3);
  auto created_other = CreateJob(other);
  ASSERT_TRUE(created_other.ok()) << created_other.status();

  ListJobsRequest request;
  request.name_contains = part;
  auto listed = client().ListJobs(request);
  ASSERT_TRUE(listed.ok()) << listed.status();
  EXPECT_THAT(IdsOf(*listed), UnorderedElementsAreArray(matching));
}

// With `page` set the client asks for that page only; pages are 1-based and a page past the
// end is empty (the SDK's leptonai/api/v2/job.py pages from 1 until the first empty page).
TEST_F(ListJobsTest, RequestedPageReturnsOnlyThatPage) {
  std::vector<std::string> const ids = CreateSleepers("paged", 7);
  ASSERT_THAT(ids, SizeIs(7));

  ListJobsRequest request = Tagged();
  request.page_size = 3;
  std::vector<std::string> seen;
  for (int page = 1; page <= 4; ++page) {
    SCOPED_TRACE("page " + std::to_string(page));
    request.page = page;
    auto listed = client().ListJobs(request);
    ASSERT_TRUE(listed.ok()) << listed.status();
    std::size_t const expected = page <= 2 ? 3 : (page == 3 ? 1 : 0);
    EXPECT_THAT(*listed, SizeIs(expected));
    for (auto const& id : IdsOf(*listed)) seen.push_back(id);
  }
  EXPECT_THAT(seen, UnorderedElementsAreArray(ids)) << "the pages together are every job, once";
}

// Without `page` the client fetches pages until the first empty one, as the SDK does.
TEST_F(ListJobsTest, WithoutPageEveryJobIsListedAcrossPages) {
  std::vector<std::string> const ids = CreateSleepers("all", 7);
  ASSERT_THAT(ids, SizeIs(7));

  ListJobsRequest request = Tagged();
  request.page_size = 2;
  auto listed = client().ListJobs(request);
  ASSERT_TRUE(listed.ok()) << listed.status();
  EXPECT_THAT(IdsOf(*listed), UnorderedElementsAreArray(ids));
}

TEST_F(ListJobsTest, FinishedJobIsListedWithItsState) {
  std::string const id = CreateCompletedJob("finished", kKeepFinishedSeconds);
  ASSERT_FALSE(id.empty());

  auto listed = client().ListJobs(Tagged());
  ASSERT_TRUE(listed.ok()) << listed.status();
  ASSERT_THAT(IdsOf(*listed), ElementsAre(id));
  ASSERT_TRUE(listed->front().status.has_value());
  EXPECT_THAT(listed->front().status->state, Optional(JobState::kCompleted));
}

// `status` filters on the state (`lep job list --state`, SDK leptonai/cli/job.py).
TEST_F(ListJobsTest, StateFilterListsOnlyJobsInThatState) {
  std::string const done = CreateCompletedJob("done", kKeepFinishedSeconds);
  ASSERT_FALSE(done.empty());
  std::vector<std::string> const sleeping = CreateSleepers("sleeping", 1);
  ASSERT_THAT(sleeping, SizeIs(1));

  ListJobsRequest request = Tagged();
  request.states = {"Completed"};
  auto listed = client().ListJobs(request);
  ASSERT_TRUE(listed.ok()) << listed.status();
  EXPECT_THAT(IdsOf(*listed), ElementsAre(done));
}

// After ttl_seconds_after_finished a finished job leaves the live view and stays readable as
// Archived through archive_only and alive_and_archive (the SDK's LeptonJobQueryMode in
// leptonai/api/v2/types/job.py; `ttl_seconds_after_finished` "limits lifetime of a finished job").
TEST_F(ListJobsTest, ArchivedJobIsListedOnlyInArchiveModes) {
  LEPTON_CONTRACT_REQUIRE(kControlsTime);
  constexpr std::int64_t kTtlSeconds = 30;
  std::string const id = CreateCompletedJob("archived", kTtlSeconds);
  ASSERT_FALSE(id.empty());
  LetTimePass(std::chrono::seconds(kTtlSeconds + 1));
  ASSERT_TRUE(WaitForState(id, {JobState::kArchived}));

  auto alive = client().ListJobs(Tagged(JobQueryMode::kAliveOnly));
  ASSERT_TRUE(alive.ok()) << alive.status();
  EXPECT_THAT(*alive, IsEmpty());

  auto archive = client().ListJobs(Tagged(JobQueryMode::kArchiveOnly));
  ASSERT_TRUE(archive.ok()) << archive.status();
  ASSERT_THAT(IdsOf(*archive), ElementsAre(id));
  ASSERT_TRUE(archive->front().status.has_value());
  EXPECT_THAT(archive->front().status->state, Optional(JobState::kArchived));

  auto both = client().ListJobs(Tagged(JobQueryMode::kAliveAndArchive));
  ASSERT_TRUE(both.ok()) << both.status();
  EXPECT_THAT(IdsOf(*both), ElementsAre(id));
}

// An empty result is `{"jobs": []}`: an empty list, not an error (the SDK iterates the list, so
// `null` would break it).
TEST_F(ListJobsTest, NoMatchingJobIsAnEmptyList) {
  auto every_page = client().ListJobs(Tagged());
  ASSERT_TRUE(every_page.ok()) << every_page.status();
  EXPECT_THAT(*every_page, IsEmpty());

  ListJobsRequest first_page = Tagged();
  first_page.page = 1;
  auto one_page = client().ListJobs(first_page);
  ASSERT_TRUE(one_page.ok()) << one_page.status();
  EXPECT_THAT(*one_page, IsEmpty());
}

}  // namespace
}  // namespace lepton::contract
