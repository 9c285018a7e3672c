// The request journal: what it records, its bound, that it never holds a token, its control
// plane, and the GoogleMock matchers over it.

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <httplib.h>

#include <string>

#include "fake_http_test.h"
#include "lepton/fake/journal_matchers.h"

namespace lepton::fake {
namespace {

using internal::Json;
using ::testing::AllOf;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;

class JournalTest : public FakeHttpTest {
 protected:
  FakeLeptonOptions Options() override {
    FakeLeptonOptions options;
    options.journal_capacity = capacity_;
    options.max_body_bytes = max_body_bytes_;
    return options;
  }

  static std::string Path(std::string const& rest) { return std::string(kWorkspace) + rest; }

  static std::string JobBody(int completions, std::string const& extra_env = "none") {
    return Json{{"metadata", {{"name", "train"}}},
                {"spec",
                 {{"resource_shape", "cpu.small"},
                  {"completions", completions},
                  {"parallelism", completions},
                  {"envs", {{{"name", "NOTE"}, {"value", extra_env}}}},
                  {"container", {{"image", "busybox"}, {"command", {"true"}}}}}}}
        .dump();
  }

  std::size_t capacity_ = 1000;
  std::size_t max_body_bytes_ = 4096;
};

// Accepts bodies past the journal's body limit.
class LargeBodyJournalTest : public JournalTest {
 protected:
  LargeBodyJournalTest() { max_body_bytes_ = 2 * kJournalBodyLimit; }
};

class SmallJournalTest : public JournalTest {
 protected:
  SmallJournalTest() { capacity_ = 5; }
};

class NoJournalTest : public JournalTest {
 protected:
  NoJournalTest() { capacity_ = 0; }
};

TEST_F(JournalTest, RecordsTheRequestAndItsAnswer) {
  clock_->Advance(std::chrono::seconds(3));
  auto result = http_->Post(Path("/jobs?dry=1"), {{"X-Trace", "t-1"}}, JobBody(2),
                            "application/json");
  ASSERT_TRUE(result);
  auto const journal = fake_->Journal();
  ASSERT_EQ(journal.size(), 1u);
  RecordedRequest const& entry = journal[0];
  EXPECT_EQ(entry.sequence, 1u);
  EXPECT_EQ(entry.received_at, clock_->Now());
  EXPECT_EQ(entry.method, "POST");
  EXPECT_EQ(entry.path, Path("/jobs"));
  EXPECT_EQ(entry.query, "dry=1");
  EXPECT_EQ(entry.Header("x-trace"), "t-1");
  EXPECT_EQ(entry.body, JobBody(2));
  EXPECT_FALSE(entry.body_truncated);
  EXPECT_EQ(entry.status, 200);
  EXPECT_EQ(entry.latency, Duration::zero());
  EXPECT_GT(entry.wall_latency.count(), 0);
  EXPECT_EQ(entry.fault, "");
  EXPECT_EQ(entry.BodyField("spec.completions"), "2");
  EXPECT_EQ(entry.BodyField("spec.envs.0.name"), "\"NOTE\"");
  EXPECT_EQ(entry.BodyField("spec.nothing"), std::nullopt);
}

TEST_F(SmallJournalTest, NeverHoldsMoreThanItsCapacityAndKeepsTheNewest) {
  for (int i = 0; i < 20; ++i) ASSERT_TRUE(http_->Get(Path("/jobs")));
  auto const journal = fake_->Journal();
  ASSERT_EQ(journal.size(), 5u);
  EXPECT_EQ(journal.front().sequence, 16u);
  EXPECT_EQ(journal.back().sequence, 20u);
  EXPECT_EQ(fake_->journal_total(), 20u);
}

TEST_F(NoJournalTest, KeepsNothingButCounts) {
  ASSERT_TRUE(http_->Get(Path("/jobs")));
  EXPECT_TRUE(fake_->Journal().empty());
  EXPECT_EQ(fake_->journal_total(), 1u);
}

TEST_F(JournalTest, NeverHoldsATokenRightOrWrong) {
  ASSERT_TRUE(http_->Post(Path("/jobs?token=fake-token&t2=fake%2Dtoken"), JobBody(1, "key=fake-token"),
                          "application/json"));
  httplib::Client wrong(fake_->base_url());
  wrong.set_bearer_token_auth("guessed-secret-123");
  ASSERT_TRUE(wrong.Get(Path("/jobs")));
  ASSERT_TRUE(http_->Get(Path("/jobs"), {{"X-Echo", "Bearer fake-token"}}));
  std::string everything;
  for (auto const& entry : fake_->Journal()) {
    everything += entry.path + entry.query + entry.body;
    for (auto const& [name, value] : entry.headers) everything += name + ": " + value + "\n";
    EXPECT_EQ(entry.Header("Authorization"), "<redacted>");
  }
  everything += http_->Get("/fake/v1/journal")->body;
  EXPECT_THAT(everything, Not(HasSubstr("fake-token")));
  EXPECT_THAT(everything, Not(HasSubstr("guessed-secret-123")));
  EXPECT_THAT(everything, HasSubstr("key=<redacted>"));
}

TEST_F(JournalTest, NeverHoldsSecretValues) {
  ASSERT_TRUE(http_->Post(Path("/usersecrets"), R"([{"name": "hf", "value": "hf_s3cr3t"}])",
                          "application/json"));
  ASSERT_EQ(fake_->Journal().size(), 1u);
  EXPECT_THAT(fake_->Journal()[0].body, Not(HasSubstr("hf_s3cr3t")));
}

TEST_F(LargeBodyJournalTest, NeverHoldsPartOfATokenAcrossTheBodyLimit) {
  std::string const body = std::string(kJournalBodyLimit - 4, 'x') + "fake-token" + "xxxx";
  ASSERT_TRUE(http_->Post(Path("/jobs"), body, "application/json"));
  auto const journal = fake_->Journal();
  ASSERT_EQ(journal.size(), 1u);
  EXPECT_THAT(journal[0].body, Not(::testing::EndsWith("fake")));
  EXPECT_THAT(journal[0].body, ::testing::EndsWith("<red"));
}

TEST_F(LargeBodyJournalTest, KeepsAtMostTheBodyLimit) {
  std::string const big(kJournalBodyLimit + 10, 'x');
  ASSERT_TRUE(http_->Post(Path("/jobs"), big, "application/json"));
  auto const journal = fake_->Journal();
  ASSERT_EQ(journal.size(), 1u);
  EXPECT_EQ(journal[0].body.size(), kJournalBodyLimit);
  EXPECT_TRUE(journal[0].body_truncated);
  EXPECT_EQ(journal[0].status, 400);
}

TEST_F(JournalTest, RecordsARequestRefusedBeforeRouting) {
  ASSERT_TRUE(http_->Post(Path("/jobs"), std::string(8192, 'x'), "application/json"));
  EXPECT_THAT(fake_->Journal(), ReceivedExactly(1, MethodIs("POST"), AnsweredWith(413)));
}

TEST_F(JournalTest, LeavesOutTheControlPlane) {
  Call("GET", "/fake/v1/faults");
  Call("POST", "/fake/v1/clock/advance", R"({"by": "1s"})");
  EXPECT_TRUE(fake_->Journal().empty());
}

TEST_F(JournalTest, TheEndpointFiltersByMethodAndPathAndKeepsTheNewest) {
  CreateJob(JobBody(1));
  CreateJob(JobBody(2));
  Get("/jobs");
  Json const posts = Call("GET", "/fake/v1/journal?method=POST&limit=1");
  ASSERT_EQ(posts["requests"].size(), 1u);
  EXPECT_EQ(posts["requests"][0]["sequence"], 2);
  EXPECT_EQ(posts["total"], 3);
  EXPECT_EQ(posts["capacity"], 1000);
  Json const lists = Call("GET", "/fake/v1/journal?path=.*/jobs");
  EXPECT_EQ(lists["requests"].size(), 3u);
  Call("GET", "/fake/v1/journal?path=(", "", 400);
}

TEST_F(JournalTest, TheEndpointClearsTheJournal) {
  Get("/jobs");
  Call("DELETE", "/fake/v1/journal");
  EXPECT_TRUE(fake_->Journal().empty());
  EXPECT_EQ(fake_->journal_total(), 1u);
}

TEST_F(JournalTest, ReceivedExactlyFindsTheOneMatchingPost) {
  CreateJob(JobBody(4));
  Get("/jobs");
  EXPECT_THAT(fake_->Journal(), ReceivedExactly(1, MethodIs("POST"), PathIs("/jobs"),
                                                BodyFieldIs("spec.completions", 4)));
}

TEST_F(JournalTest, ReceivedExactlyExplainsTheNearMisses) {
  CreateJob(JobBody(2));
  Get("/jobs");
  auto const matcher = ReceivedExactly(1, MethodIs("POST"), PathIs("/jobs"),
                                       BodyFieldIs("spec.completions", 4));
  ::testing::StringMatchResultListener why;
  EXPECT_FALSE(matcher.MatchAndExplain(fake_->Journal(), &why));
  EXPECT_THAT(why.str(), HasSubstr("received 0 matching requests among 2"));
  EXPECT_THAT(why.str(), HasSubstr("near miss: #1 POST /api/v2/workspaces/fake-ws/jobs -> 200"));
  EXPECT_THAT(why.str(), HasSubstr("spec.completions is 2"));
  EXPECT_THAT(::testing::DescribeMatcher<std::vector<RecordedRequest> const&>(matcher),
              HasSubstr("has exactly 1 request that is a POST"));
}

TEST_F(JournalTest, MatchersComposeWithElementsAre) {
  CreateJob(JobBody(1));
  Get("/jobs", 200);
  http_->Get(Path("/nowhere"));
  EXPECT_THAT(fake_->Journal(),
              ElementsAre(AllOf(MethodIs("POST"), AnsweredWith(200)),
                          AllOf(MethodIs("GET"), PathMatches("/jobs"), FaultIs("")),
                          AllOf(PathIs("/nowhere"), AnsweredWith(404))));
}

TEST_F(JournalTest, QueryAndHeaderMatchers) {
  http_->Get(Path("/jobs?page=2&q=train"), {{"X-Team", "vision"}});
  EXPECT_THAT(fake_->Journal(),
              ReceivedExactly(1, QueryHas("q", "train"), HeaderIs("x-team", "vision")));
  EXPECT_THAT(fake_->Journal(), ReceivedExactly(0, QueryHas("q", "eval")));
}

}  // namespace
}  // namespace lepton::fake
