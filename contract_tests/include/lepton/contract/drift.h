#ifndef LEPTONKIT_CONTRACT_TESTS_INCLUDE_LEPTON_CONTRACT_DRIFT_H_
#define LEPTONKIT_CONTRACT_TESTS_INCLUDE_LEPTON_CONTRACT_DRIFT_H_

// The drift guard: compares the shapes of the answers two recordings saw (runner --record), for
// example a live workspace's and the fake's for the same tests. A shape is what a client's
// decoding depends on: per call (method, path template, status code), every field path with the
// JSON types seen there; values are ignored (they are scrubbed when recorded).

#include <string>
#include <vector>

#include "lepton/status.h"

namespace lepton::contract {

/// One way the fake's answers differ from the recorded ones.
struct Drift {
  /// "GET /jobs/{job}?job_query_mode=alive_and_archive 200".
  std::string call;
  /// A field path such as "status.state" or "[].metadata.labels.*"; empty for the call itself.
  std::string field;
  /// What differs, in words.
  std::string what;
  /// True for a difference; false for a note that does not fail a comparison (a call only the
  /// fake's recording has: its tests may have run where the other backend skipped them).
  bool is_difference = true;
};

/// Compares the recordings in `recorded_dir` (the reference, e.g. live) with those in
/// `fake_dir` (*.jsonl, searched recursively). kNotFound when a directory holds no recording.
[[nodiscard]] StatusOr<std::vector<Drift>> CompareRecordings(std::string const& recorded_dir,
                                                             std::string const& fake_dir);

/// "GET /jobs/{job} 200: status.state: <what>".
[[nodiscard]] std::string FormatDrift(Drift const& drift);

}  // namespace lepton::contract

#endif  // LEPTONKIT_CONTRACT_TESTS_INCLUDE_LEPTON_CONTRACT_DRIFT_H_
