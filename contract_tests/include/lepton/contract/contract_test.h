#ifndef LEPTONKIT_CONTRACT_TESTS_INCLUDE_LEPTON_CONTRACT_CONTRACT_TEST_H_
#define LEPTONKIT_CONTRACT_TESTS_INCLUDE_LEPTON_CONTRACT_CONTRACT_TEST_H_

// The fixture of every contract suite: a fresh backend per test (CurrentBackendSettings()),
// names and tags unique to the test, waits bounded by the backend's patience, and clean-up of
// every job the test made, also when it failed.

#include <gtest/gtest.h>

#include <functional>
#include <initializer_list>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "lepton/client.h"
#include "lepton/contract/backend.h"
#include "lepton/contract/test_jobs.h"
#include "lepton/job_state.h"
#include "lepton/sched/lepton_executor.h"
#include "lepton/sched/lepton_scheduler.h"
#include "lepton/status.h"

namespace lepton::contract {

/// Skips the test, saying why, when the backend lacks `capability` (a Capability enumerator).
#define LEPTON_CONTRACT_REQUIRE(capability)                                                   \
  do {                                                                                        \
    if (!backend().Has(::lepton::contract::Capability::capability)) {                         \
      GTEST_SKIP() << "the " << backend().name() << " backend cannot: "                       \
                   << ::lepton::contract::CapabilityName(::lepton::contract::Capability::capability); \
    }                                                                                         \
  } while (false)

class ContractTest : public ::testing::Test {
 protected:
  /// Makes the backend; skips the test (with the reason) when the backend is not configured,
  /// fails it when the backend cannot start.
  void SetUp() override;
  /// Deletes every job labelled with tag(), and every job CreateJob made.
  void TearDown() override;

  Backend& backend() { return *backend_; }
  Client& client() { return *client_; }

  /// Unique to this test in this run; the value of kContractLabel on its jobs, and the session
  /// of MakeScheduler().
  [[nodiscard]] std::string const& tag() const { return tag_; }
  /// A valid, unique job name: `stem` (lowercase letters, digits, '-'; at most 20 characters)
  /// and a random suffix.
  [[nodiscard]] std::string UniqueName(std::string_view stem) const;

  /// ShellJob with this test's tag and a UniqueName(stem).
  [[nodiscard]] Job ShellJob(std::string_view stem, std::string const& script, int replicas = 1);
  /// Creates `job`, remembering its id for clean-up; the created job.
  [[nodiscard]] StatusOr<Job> CreateJob(Job const& job);
  /// Creates ShellJob(stem, script, replicas); its id, or the failure.
  [[nodiscard]] StatusOr<std::string> CreateShellJob(std::string_view stem,
                                                     std::string const& script, int replicas = 1);

  /// The job's state (kUnknown when it has no status yet).
  [[nodiscard]] StatusOr<JobState> StateOf(std::string const& job_id);
  /// Waits until `done` is true (an error from it ends the wait and fails), looking every
  /// poll_interval() and advancing the backend's clock by `step` between looks when it controls
  /// time; fails after patience() with `what` and the last error.
  [[nodiscard]] ::testing::AssertionResult WaitUntil(std::function<StatusOr<bool>()> const& done,
                                                     std::string_view what,
                                                     Duration step = std::chrono::milliseconds(250));
  /// WaitUntil the job is in one of `states`; the failure names the last state seen.
  [[nodiscard]] ::testing::AssertionResult WaitForState(std::string const& job_id,
                                                        std::initializer_list<JobState> states);
  /// Lets `by` pass on the backend: AdvanceTime when it controls time, a real sleep otherwise
  /// (live backends run on real time; keep `by` short).
  void LetTimePass(Duration by);

  /// A scheduler for this test's session (tag()) on the backend's clock and sleeper, polling
  /// every poll_interval().
  [[nodiscard]] sched::LeptonScheduler MakeScheduler();
  /// An executor config for the backend's test image, shape and node group, one node, no
  /// rendezvous prelude, labelled with this test's tag.
  [[nodiscard]] sched::LeptonExecutorConfig ExecutorConfig() const;
  /// A one-role app running `script` with /bin/sh -c.
  [[nodiscard]] sched::AppDef ShellApp(std::string_view stem, std::string const& script,
                                       int replicas = 1) const;
  /// A deadline patience() from now on the backend's clock.
  [[nodiscard]] TimePoint Deadline() const;

 private:
  std::unique_ptr<Backend> backend_;
  std::unique_ptr<Client> client_;
  std::string tag_;
  std::vector<std::string> created_;
};

}  // namespace lepton::contract

#endif  // LEPTONKIT_CONTRACT_TESTS_INCLUDE_LEPTON_CONTRACT_CONTRACT_TEST_H_
