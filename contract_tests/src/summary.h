#ifndef LEPTONKIT_CONTRACT_TESTS_SRC_SUMMARY_H_
#define LEPTONKIT_CONTRACT_TESTS_SRC_SUMMARY_H_

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "lepton/status.h"

namespace lepton::contract {

/// How one backend's run went: each test's name, outcome and why (first failure, skip reason).
struct BackendSummary {
  struct Outcome {
    std::string test;
    std::string result;  ///< "passed", "failed" or "skipped".
    std::string why;
  };
  std::string backend;
  std::vector<Outcome> outcomes;
  /// Set when the run could not report (the child crashed, say).
  std::string error;

  [[nodiscard]] int Count(std::string const& result) const;
};

/// Collects a BackendSummary as the tests run.
class SummaryListener : public ::testing::EmptyTestEventListener {
 public:
  explicit SummaryListener(BackendSummary& summary) : summary_(summary) {}
  void OnTestEnd(::testing::TestInfo const& info) override;

 private:
  BackendSummary& summary_;
};

[[nodiscard]] Status WriteSummary(BackendSummary const& summary, std::string const& file);
[[nodiscard]] StatusOr<BackendSummary> ReadSummary(std::string const& file);

/// The summary block: per backend, counts, every failure with its reason, and the skips grouped
/// by reason.
[[nodiscard]] std::string FormatSummaries(std::vector<BackendSummary> const& summaries);

}  // namespace lepton::contract

#endif  // LEPTONKIT_CONTRACT_TESTS_SRC_SUMMARY_H_
