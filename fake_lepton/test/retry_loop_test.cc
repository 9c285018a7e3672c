// A plain HTTP client's retry loop driven through throttling and an outage: the fake's faults
// make the errors, its manual clock stands in for the sleeps, and the journal shows the exact
// sequence of requests the loop made.

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <httplib.h>

#include <chrono>
#include <string>
#include <vector>

#include "fake_http_test.h"
#include "lepton/fake/journal_matchers.h"

namespace lepton::fake {
namespace {

using ::testing::AllOf;
using ::testing::ElementsAre;
using std::chrono::seconds;

// The loop under test: retries 429 and 503, waiting Retry-After when the server gives one and
// an exponential backoff (1 s, 2 s, 4 s...) otherwise; "waiting" advances the manual clock.
httplib::Result GetWithRetries(httplib::Client& client, std::string const& path,
                               ManualClock& clock, int max_attempts) {
  Duration backoff = seconds(1);
  for (int attempt = 1;; ++attempt) {
    httplib::Result result = client.Get(path);
    bool const retryable = result && (result->status == 429 || result->status == 503);
    if (!retryable || attempt == max_attempts) return result;
    if (result->has_header("Retry-After")) {
      clock.Advance(seconds(std::stoi(result->get_header_value("Retry-After"))));
    } else {
      clock.Advance(backoff);
      backoff *= 2;
    }
  }
}

class RetryLoopTest : public FakeHttpTest {
 protected:
  void AddFault(std::string const& json) {
    auto rule = ParseFaultRule(json);
    ASSERT_TRUE(rule.ok()) << rule.status();
    ASSERT_TRUE(fake_->AddFault(*rule).ok());
  }
};

TEST_F(RetryLoopTest, RidesOutThrottlingAndAnOutageWithTheExactRequestSequence) {
  std::string const path = std::string(kWorkspace) + "/jobs";
  AddFault(R"({"name": "throttle", "status": 429, "retry_after": "3s", "times": 2})");
  // Rules are consulted in order, so the outage takes over once the throttle is used up.
  AddFault(R"({"name": "outage", "status": 503, "times": 2})");
  TimePoint const start = clock_->Now();

  auto result = GetWithRetries(*http_, path, *clock_, 10);

  ASSERT_TRUE(result);
  EXPECT_EQ(result->status, 200);
  auto const journal = fake_->Journal();
  EXPECT_THAT(journal, ElementsAre(AllOf(AnsweredWith(429), FaultIs("throttle")),
                                   AllOf(AnsweredWith(429), FaultIs("throttle")),
                                   AllOf(AnsweredWith(503), FaultIs("outage")),
                                   AllOf(AnsweredWith(503), FaultIs("outage")),
                                   AllOf(AnsweredWith(200), FaultIs(""))));
  // Each retry came exactly as long after the previous one as the loop promised.
  std::vector<Duration> offsets;
  for (auto const& entry : journal) offsets.push_back(entry.received_at - start);
  EXPECT_EQ(offsets, (std::vector<Duration>{seconds(0), seconds(3), seconds(6), seconds(7),
                                            seconds(9)}));
  for (auto const& entry : journal) EXPECT_EQ(entry.method, "GET");
}

TEST_F(RetryLoopTest, StopsAtItsAttemptLimitDuringALongOutage) {
  AddFault(R"({"name": "down", "for": "1h"})");
  auto result = GetWithRetries(*http_, std::string(kWorkspace) + "/jobs", *clock_, 4);
  ASSERT_TRUE(result);
  EXPECT_EQ(result->status, 503);
  EXPECT_THAT(fake_->Journal(), ReceivedExactly(4, MethodIs("GET"), AnsweredWith(503)));
  EXPECT_EQ(fake_->Faults()[0].fired, 4);
}

TEST_F(RetryLoopTest, AThirtySecondOutageEndsWhileTheLoopBacksOff) {
  AddFault(R"({"name": "down", "for": "30s"})");
  auto result = GetWithRetries(*http_, std::string(kWorkspace) + "/jobs", *clock_, 10);
  ASSERT_TRUE(result);
  EXPECT_EQ(result->status, 200);
  // Backoffs of 1, 2, 4, 8 and 16 s: the sixth attempt, at 31 s, is past the outage.
  EXPECT_THAT(fake_->Journal(), ReceivedExactly(5, AnsweredWith(503), FaultIs("down")));
  EXPECT_THAT(fake_->Journal(), ReceivedExactly(1, AnsweredWith(200)));
}

}  // namespace
}  // namespace lepton::fake
