#ifndef LEPTONKIT_FAKE_LEPTON_INCLUDE_LEPTON_FAKE_TESTING_H_
#define LEPTONKIT_FAKE_LEPTON_INCLUDE_LEPTON_FAKE_TESTING_H_

// GoogleTest support for code that talks to Lepton: a fixture that gives each test a fresh fake
// workspace on a manual clock and a production Client connected to it over loopback HTTP.
// Link leptonkit::fake_testing.

#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <optional>
#include <string>

#include "lepton/client.h"
#include "lepton/clock.h"
#include "lepton/connection.h"
#include "lepton/fake/fake_lepton.h"

namespace lepton::fake {

/// Each test gets its own FakeLepton (127.0.0.1, kernel-chosen port, so tests may run in
/// parallel) whose time moves only through Advance(); override FakeOptions() to configure it.
class FakeLeptonTest : public ::testing::Test {
 protected:
  void SetUp() override {
    clock_ = std::make_shared<ManualClock>();
    FakeLeptonOptions options = FakeOptions();
    options.clock = clock_;
    auto fake = FakeLepton::Start(std::move(options));
    ASSERT_TRUE(fake.ok()) << fake.status();
    fake_ = *std::move(fake);
    auto connection = MakeConnection(fake_->client_options());
    ASSERT_TRUE(connection.ok()) << connection.status();
    client_.emplace(*std::move(connection));
  }

  /// The options of the fake; the fixture sets the clock.
  virtual FakeLeptonOptions FakeOptions() { return {}; }

  FakeLepton& fake() { return *fake_; }
  Client& client() { return *client_; }
  ManualClock& clock() { return *clock_; }
  void Advance(Duration by) { clock_->Advance(by); }

  /// Advances the clock `step` at a time until the job is in `state`, for at most `limit` of
  /// clock time. Fails (with the last state seen) instead of waiting forever.
  ::testing::AssertionResult AdvanceUntilState(std::string const& job_id, JobState state,
                                               Duration limit = std::chrono::minutes(10),
                                               Duration step = std::chrono::milliseconds(100)) {
    std::string last = "(never read)";
    for (Duration spent{}; spent <= limit; spent += step) {
      auto job = client_->GetJob(job_id);
      if (!job) return ::testing::AssertionFailure() << job.status();
      JobState const now =
          job->status && job->status->state ? *job->status->state : JobState::kUnknown;
      if (now == state) return ::testing::AssertionSuccess();
      last = std::string(JobStateName(now));
      clock_->Advance(step);
    }
    return ::testing::AssertionFailure()
           << "job " << job_id << " did not reach " << JobStateName(state) << " within "
           << std::chrono::duration_cast<std::chrono::milliseconds>(limit).count()
           << " ms of clock time; last state " << last;
  }

 private:
  std::shared_ptr<ManualClock> clock_;
  std::unique_ptr<FakeLepton> fake_;
  std::optional<Client> client_;
};

}  // namespace lepton::fake

#endif  // LEPTONKIT_FAKE_LEPTON_INCLUDE_LEPTON_FAKE_TESTING_H_
