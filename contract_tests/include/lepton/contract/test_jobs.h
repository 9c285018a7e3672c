#ifndef LEPTONKIT_CONTRACT_TESTS_INCLUDE_LEPTON_CONTRACT_TEST_JOBS_H_
#define LEPTONKIT_CONTRACT_TESTS_INCLUDE_LEPTON_CONTRACT_TEST_JOBS_H_

// The jobs the contract suite runs, defined once. Each is a `/bin/sh -c` script inside the subset
// the fake simulates (fake_lepton/src/command_script.h: echo, sleep, exit, export, $VARS), so it
// behaves the same on the fake and, as a real shell script on a cheap shape, on live Lepton.

#include <string>
#include <string_view>
#include <vector>

#include "lepton/contract/backend.h"
#include "lepton/job.h"

namespace lepton::contract {

/// The label every contract-suite job carries; its value is the test's tag (unique per test
/// run), so a test deletes what it made and the sweeper finds leftovers of any run.
inline constexpr char kContractLabel[] = "leptonkit-contract";

/// Scripts for ShellJob.
namespace scripts {
/// Prints each line (in order) and exits 0.
[[nodiscard]] std::string Echo(std::vector<std::string> const& lines);
/// Prints "failing with <code>" and exits with `code` (1-255).
[[nodiscard]] std::string Fail(int code);
/// Sleeps `seconds`, then prints "slept <seconds>" and exits 0.
[[nodiscard]] std::string SleepThenSucceed(int seconds);
/// Prints "worker <index> of <total>" from LEPTON_JOB_WORKER_INDEX / LEPTON_JOB_TOTAL_WORKERS.
[[nodiscard]] std::string PrintWorker();
}  // namespace scripts

/// A job named `name` that runs `script` with `/bin/sh -c` on the backend's test image and
/// shape (and node group, when it has one), on `replicas` replicas that all must succeed, no
/// retries, labelled kContractLabel=`tag`. Every list field is present (empty), as the SDK
/// sends them.
[[nodiscard]] Job ShellJob(Backend const& backend, std::string const& name,
                           std::string const& tag, std::string const& script, int replicas = 1);

}  // namespace lepton::contract

#endif  // LEPTONKIT_CONTRACT_TESTS_INCLUDE_LEPTON_CONTRACT_TEST_JOBS_H_
