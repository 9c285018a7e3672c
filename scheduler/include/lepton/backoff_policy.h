#ifndef LEPTONKIT_SCHEDULER_INCLUDE_LEPTON_BACKOFF_POLICY_H_
#define LEPTONKIT_SCHEDULER_INCLUDE_LEPTON_BACKOFF_POLICY_H_

#include <cstdint>
#include <memory>
#include <random>

#include "lepton/clock.h"

namespace lepton {

/// How long to wait before the next attempt of a call. A prototype, like RetryPolicy.
class BackoffPolicy {
 public:
  virtual ~BackoffPolicy() = default;
  /// The wait before the next attempt; each call moves the policy one step on.
  virtual Duration OnCompletion() = 0;
  [[nodiscard]] virtual std::unique_ptr<BackoffPolicy> clone() const = 0;
};

/// Exponential backoff with jitter: the n-th wait is drawn uniformly from [d/2, d] where
/// d = min(initial * scaling^(n-1), maximum). The draw comes from a generator seeded with
/// `seed`, so a test sees the same waits every run; clones start from the same seed.
class ExponentialBackoffPolicy final : public BackoffPolicy {
 public:
  ExponentialBackoffPolicy(Duration initial, Duration maximum, double scaling = 2.0,
                           std::uint64_t seed = 0x1e97);
  Duration OnCompletion() override;
  [[nodiscard]] std::unique_ptr<BackoffPolicy> clone() const override {
    return std::make_unique<ExponentialBackoffPolicy>(initial_, maximum_, scaling_, seed_);
  }

 private:
  Duration initial_;
  Duration maximum_;
  double scaling_;
  std::uint64_t seed_;
  Duration current_;
  std::mt19937_64 random_;
};

}  // namespace lepton

#endif  // LEPTONKIT_SCHEDULER_INCLUDE_LEPTON_BACKOFF_POLICY_H_
