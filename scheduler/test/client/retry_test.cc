// The client's retry, backoff and idempotent-create policies, against the in-process fake over
// real HTTP, with the fake's faults making the failures and its manual clock taking the waits.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fmt/format.h>

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "client_fixture.h"
#include "lepton/backoff_policy.h"
#include "lepton/clock.h"
#include "lepton/fake/fault.h"
#include "lepton/retry_policy.h"

namespace lepton {
namespace {

using std::chrono::seconds;

class RetryTest : public ClientTest {
 protected:
  // A client whose waits are recorded (and advance the fake's clock).
  Client RecordingClient(std::shared_ptr<RetryPolicy const> retry = nullptr) {
    ClientOptions options = fake_->client_options();
    options.retry_policy = std::move(retry);
    options.backoff_policy = std::make_shared<ExponentialBackoffPolicy>(seconds(1), seconds(8));
    options.sleeper = [this](Duration d) {
      waits_.push_back(d);
      clock_->Advance(d);
    };
    auto connection = MakeConnection(options);
    EXPECT_TRUE(connection.ok()) << connection.status();
    return Client(*std::move(connection));
  }

  void AddFault(std::string const& json) {
    auto rule = fake::ParseFaultRule(json);
    ASSERT_TRUE(rule.ok()) << rule.status();
    ASSERT_TRUE(fake_->AddFault(*rule).ok());
  }

  int RequestsTo(std::string const& method) {
    int n = 0;
    for (auto const& entry : fake_->Journal()) n += entry.method == method;
    return n;
  }

  std::vector<Duration> waits_;
};

TEST_F(RetryTest, RidesOutA429StormHonouringRetryAfter) {
  AddFault(R"({"status": 429, "retry_after": "5s", "times": 3})");
  Client client = RecordingClient();
  auto jobs = client.ListJobs();
  ASSERT_TRUE(jobs.ok()) << jobs.status();
  EXPECT_EQ(RequestsTo("GET"), 4);  // Three refused, then page 1 (empty: the listing ends).
  ASSERT_EQ(waits_.size(), 3u);
  for (Duration wait : waits_) EXPECT_GE(wait, seconds(5));
}

TEST_F(RetryTest, Retries503WithGrowingBackoff) {
  AddFault(R"({"status": 503, "times": 3, "match": {"method": "GET"}})");
  Client client = RecordingClient();
  ListJobsRequest first_page;
  first_page.page = 1;
  ASSERT_TRUE(client.ListJobs(first_page).ok());
  ASSERT_EQ(waits_.size(), 3u);
  // Jittered within [d/2, d] for d = 1, 2, 4 s.
  EXPECT_GE(waits_[0], std::chrono::milliseconds(500));
  EXPECT_LE(waits_[0], seconds(1));
  EXPECT_GE(waits_[2], seconds(2));
  EXPECT_LE(waits_[2], seconds(4));
}

TEST_F(RetryTest, GivesUpAfterThePolicyAndSaysSo) {
  AddFault(R"({"status": 503})");
  Client client = RecordingClient(std::make_shared<LimitedErrorCountRetryPolicy>(2));
  auto job = client.GetJob("nope-12345");
  ASSERT_FALSE(job.ok());
  EXPECT_EQ(job.status().code(), StatusCode::kUnavailable);
  EXPECT_THAT(job.status().message(), ::testing::HasSubstr("gave up after 3 attempts"));
  EXPECT_EQ(RequestsTo("GET"), 3);
}

TEST_F(RetryTest, ATimeLimitedPolicysLastFailureCountsEveryAttempt) {
  AddFault(R"({"status": 503})");
  Client client = RecordingClient(std::make_shared<LimitedTimeRetryPolicy>(seconds(10), clock_));
  auto job = client.GetJob("nope-12345");
  EXPECT_EQ(job.status().code(), StatusCode::kUnavailable);
  // Every failure but the last was waited out; the message counts the attempts.
  EXPECT_GE(RequestsTo("GET"), 2);
  EXPECT_EQ(static_cast<std::size_t>(RequestsTo("GET")), waits_.size() + 1);
  EXPECT_THAT(job.status().message(),
              ::testing::HasSubstr(fmt::format("gave up after {} attempts", RequestsTo("GET"))));
}

TEST_F(RetryTest, ATimeLimitedPolicyNeverWaitsPastItsTime) {
  AddFault(R"({"status": 503})");
  Client client = RecordingClient(std::make_shared<LimitedTimeRetryPolicy>(seconds(10), clock_));
  EXPECT_FALSE(client.GetJob("nope-12345").ok());
  Duration total{};
  for (Duration wait : waits_) total += wait;
  // The jittered backoff (1, 2, 4, 8, 8 s, each cut to between half and all of it) would pass
  // 10 s; the wait that would is cut so that the last attempt is made at the limit, not after.
  EXPECT_EQ(total, seconds(10));
}

TEST_F(RetryTest, ARetryAfterPastThePolicysTimeGivesUpWithoutWaiting) {
  AddFault(R"({"status": 429, "retry_after": "30s"})");
  Client client = RecordingClient(std::make_shared<LimitedTimeRetryPolicy>(seconds(10), clock_));
  auto job = client.GetJob("nope-12345");
  EXPECT_EQ(job.status().code(), StatusCode::kResourceExhausted);
  EXPECT_THAT(job.status().message(), ::testing::HasSubstr("Retry-After of 30 s"));
  EXPECT_TRUE(waits_.empty());
  EXPECT_EQ(RequestsTo("GET"), 1);
}

TEST_F(RetryTest, ARetryAfterWithinThePolicysTimeIsWaitedOut) {
  AddFault(R"({"status": 429, "retry_after": "4s", "times": 1})");
  Client client = RecordingClient(std::make_shared<LimitedTimeRetryPolicy>(seconds(10), clock_));
  ListJobsRequest first_page;
  first_page.page = 1;
  ASSERT_TRUE(client.ListJobs(first_page).ok());
  EXPECT_THAT(waits_, ::testing::ElementsAre(seconds(4)));
}

TEST_F(RetryTest, ARetryAfterLongerThanTheCapIsComparedUncapped) {
  // The client waits at most 10 minutes for a Retry-After; one of an hour still ends after the
  // 30 minutes left, so the call gives up rather than retry 50 minutes early.
  AddFault(R"({"status": 429, "retry_after": "3600s"})");
  Client client =
      RecordingClient(std::make_shared<LimitedTimeRetryPolicy>(std::chrono::minutes(30), clock_));
  auto job = client.GetJob("nope-12345");
  EXPECT_EQ(job.status().code(), StatusCode::kResourceExhausted);
  EXPECT_TRUE(waits_.empty());
}

TEST_F(RetryTest, ACountingPolicyStillWaitsOutALongRetryAfterUpToTheCap) {
  AddFault(R"({"status": 429, "retry_after": "3600s", "times": 1})");
  Client client = RecordingClient(std::make_shared<LimitedErrorCountRetryPolicy>(5));
  ListJobsRequest first_page;
  first_page.page = 1;
  ASSERT_TRUE(client.ListJobs(first_page).ok());
  EXPECT_THAT(waits_, ::testing::ElementsAre(std::chrono::minutes(10)));
}

TEST_F(RetryTest, ACreateGivesUpAtOnceOnARetryAfterPastThePolicysTime) {
  AddFault(R"({"status": 429, "retry_after": "30s", "match": {"method": "POST"}})");
  Client client = RecordingClient(std::make_shared<LimitedTimeRetryPolicy>(seconds(10), clock_));
  auto created = client.CreateJob(EchoJob("train"));
  EXPECT_EQ(created.status().code(), StatusCode::kResourceExhausted);
  EXPECT_THAT(created.status().message(), ::testing::HasSubstr("Retry-After of 30 s"));
  EXPECT_TRUE(waits_.empty());
  EXPECT_EQ(RequestsTo("POST"), 1);
}

TEST_F(RetryTest, ADeadlinePolicysTimeIsSharedByTheCallsItBounds) {
  AddFault(R"({"status": 503})");
  Client client =
      RecordingClient(std::make_shared<DeadlineRetryPolicy>(clock_->Now() + seconds(10), clock_));
  EXPECT_FALSE(client.GetJob("nope-12345").ok());
  int const first_call = RequestsTo("GET");
  // The deadline has passed: a second call is tried once and not retried.
  EXPECT_FALSE(client.GetJob("nope-12345").ok());
  EXPECT_EQ(RequestsTo("GET"), first_call + 1);
  Duration total{};
  for (Duration wait : waits_) total += wait;
  EXPECT_EQ(total, seconds(10));
}

TEST_F(RetryTest, DoesNotRetryAPermanentError) {
  Client client = RecordingClient();
  auto job = client.GetJob("nope-12345");
  EXPECT_EQ(job.status().code(), StatusCode::kNotFound);
  EXPECT_EQ(RequestsTo("GET"), 1);
  EXPECT_TRUE(waits_.empty());
}

TEST_F(RetryTest, ACreateWhoseAnswerIsLostMakesOneJob) {
  AddFault(R"({"action": "drop_response", "times": 1, "match": {"method": "POST"}})");
  Client client = RecordingClient();
  auto job = client.CreateJob(EchoJob("train"));
  ASSERT_TRUE(job.ok()) << job.status();
  EXPECT_EQ(fake_->job_count(), 1u);
  EXPECT_EQ(RequestsTo("POST"), 1);  // Found by its create token: no second POST.
  EXPECT_TRUE(fake_->PeekJob(*job->metadata.id).ok());
}

TEST_F(RetryTest, ACreateResetMidAnswerMakesOneJob) {
  AddFault(R"({"action": "reset", "times": 2, "match": {"method": "POST"}})");
  Client client = RecordingClient();
  auto job = client.CreateJob(EchoJob("train"));
  ASSERT_TRUE(job.ok()) << job.status();
  EXPECT_EQ(fake_->job_count(), 1u);
}

TEST_F(RetryTest, ACreateRefusedByTheGatewayIsSentAgain) {
  AddFault(R"({"status": 503, "times": 2, "match": {"method": "POST"}})");
  Client client = RecordingClient();
  auto job = client.CreateJob(EchoJob("train"));
  ASSERT_TRUE(job.ok()) << job.status();
  EXPECT_EQ(fake_->job_count(), 1u);
  EXPECT_EQ(RequestsTo("POST"), 3);
}

TEST_F(RetryTest, AStormOf429And503DuringACreateNeverMakesTwoJobs) {
  AddFault(R"({"status": 429, "retry_after": "2s", "times": 2, "match": {"method": "POST"}})");
  AddFault(R"({"action": "drop_response", "times": 1, "match": {"method": "POST"}})");
  AddFault(R"({"status": 503, "times": 2, "match": {"method": "GET"}})");
  Client client = RecordingClient();
  auto job = client.CreateJob(EchoJob("train"));
  ASSERT_TRUE(job.ok()) << job.status();
  EXPECT_EQ(fake_->job_count(), 1u);
}

TEST_F(RetryTest, ADeleteWhoseAnswerIsLostSucceeds) {
  Client client = RecordingClient();
  auto job = client.CreateJob(EchoJob("train"));
  ASSERT_TRUE(job.ok()) << job.status();
  AddFault(R"({"action": "drop_response", "times": 1, "match": {"method": "DELETE"}})");
  EXPECT_TRUE(client.DeleteJob(*job->metadata.id).ok());
  EXPECT_EQ(RequestsTo("DELETE"), 2);
}

TEST(ExponentialBackoffPolicyTest, DoublesUpToTheMaximumWithinJitterBounds) {
  ExponentialBackoffPolicy policy(seconds(1), seconds(4));
  std::vector<Duration> const bounds = {seconds(1), seconds(2), seconds(4), seconds(4)};
  for (Duration bound : bounds) {
    Duration const wait = policy.OnCompletion();
    EXPECT_GE(wait, bound / 2);
    EXPECT_LE(wait, bound);
  }
}

TEST(ExponentialBackoffPolicyTest, AClonesWaitsAreTheSameForTheSameSeed) {
  ExponentialBackoffPolicy policy(seconds(1), seconds(30), 2.0, 99);
  auto clone = policy.clone();
  for (int i = 0; i < 6; ++i) EXPECT_EQ(policy.OnCompletion(), clone->OnCompletion());
}

TEST(RetryPolicyTest, OnlyTransientFailuresAreRetried) {
  LimitedErrorCountRetryPolicy policy(3);
  EXPECT_TRUE(policy.OnFailure(Status(StatusCode::kUnavailable, "503")));
  EXPECT_TRUE(policy.OnFailure(Status(StatusCode::kResourceExhausted, "429")));
  EXPECT_TRUE(policy.OnFailure(Status(StatusCode::kDeadlineExceeded, "timeout")));
  EXPECT_FALSE(policy.OnFailure(Status(StatusCode::kInvalidArgument, "400")));
  EXPECT_FALSE(policy.OnFailure(Status(StatusCode::kUnauthenticated, "401")));
}

TEST(RetryPolicyTest, ATimeLimitedPolicysTimeLeftRunsFromTheFirstFailure) {
  auto clock = std::make_shared<ManualClock>();
  LimitedTimeRetryPolicy policy(seconds(10), clock);
  clock->Advance(seconds(100));  // Before any failure the whole time is left.
  EXPECT_EQ(policy.TimeLeft(), seconds(10));
  EXPECT_TRUE(policy.OnFailure(Status(StatusCode::kUnavailable, "503")));
  clock->Advance(seconds(4));
  EXPECT_EQ(policy.TimeLeft(), seconds(6));
  clock->Advance(seconds(7));
  EXPECT_EQ(policy.TimeLeft(), Duration::zero());
  EXPECT_TRUE(policy.IsExhausted());
}

TEST(RetryPolicyTest, ADeadlinePolicysTimeIsSharedByEveryCall) {
  auto clock = std::make_shared<ManualClock>();
  DeadlineRetryPolicy const prototype(clock->Now() + seconds(10), clock);
  clock->Advance(seconds(4));
  auto first_call = prototype.clone();
  EXPECT_EQ(first_call->TimeLeft(), seconds(6));
  clock->Advance(seconds(6));
  auto later_call = prototype.clone();  // A fresh call does not get its own 10 s.
  EXPECT_TRUE(later_call->IsExhausted());
  EXPECT_FALSE(later_call->OnFailure(Status(StatusCode::kUnavailable, "503")));
}

TEST(RetryPolicyTest, ADeadlinePolicyDoesNotRetryAPermanentError) {
  auto clock = std::make_shared<ManualClock>();
  DeadlineRetryPolicy policy(clock->Now() + seconds(10), clock);
  EXPECT_FALSE(policy.OnFailure(Status(StatusCode::kNotFound, "404")));
  EXPECT_TRUE(policy.OnFailure(Status(StatusCode::kResourceExhausted, "429")));
}

TEST(RetryPolicyTest, ACountingPolicyIsNotBoundedByTime) {
  EXPECT_EQ(LimitedErrorCountRetryPolicy(3).TimeLeft(), std::nullopt);
}

}  // namespace
}  // namespace lepton
