#ifndef LEPTONKIT_CONTRACT_TESTS_INCLUDE_LEPTON_CONTRACT_RUNNER_H_
#define LEPTONKIT_CONTRACT_TESTS_INCLUDE_LEPTON_CONTRACT_RUNNER_H_

namespace lepton::contract {

/// The `lepton-contract` runner; a downstream test binary's main may return it to run the whole
/// contract suite (every suite is linked in by this call) with the same flags:
///
///   --backend=inprocess,process,live   backends to run, in order (default: inprocess, or
///                                      LEPTONKIT_CONTRACT_BACKEND); several run one child
///                                      process each
///   --fake-binary=PATH                 the fake-lepton of the process backend
///   --time-scale=N                     the process backend's clock speed (default 50)
///   --record=DIR                       record every JSON answer (scrubbed) for lepton-drift
///   --sweep-only                       delete leftover contract jobs older than an hour from
///                                      the (live) workspace, and run nothing
///   any --gtest_* flag                 e.g. --gtest_filter=JobCrud*
///
/// Ends with a summary per backend: tests passed, failed (with the first failure) and skipped
/// (with why). Returns 0 when nothing failed, 1 otherwise, 2 for bad flags.
int RunContractSuite(int argc, char** argv);

}  // namespace lepton::contract

#endif  // LEPTONKIT_CONTRACT_TESTS_INCLUDE_LEPTON_CONTRACT_RUNNER_H_
