#ifndef LEPTONKIT_SCHEDULER_INCLUDE_LEPTON_RETRY_POLICY_H_
#define LEPTONKIT_SCHEDULER_INCLUDE_LEPTON_RETRY_POLICY_H_

#include <memory>
#include <optional>

#include "lepton/clock.h"
#include "lepton/status.h"

namespace lepton {

/// True for the failures worth repeating a safe call for: rate limiting (429,
/// kResourceExhausted), gateways and restarts (502, 503, 504 and no answer at all,
/// kUnavailable), and a connection that timed out (kDeadlineExceeded).
[[nodiscard]] bool IsTransientFailure(Status const& status);

/// Decides whether a failed call is tried again (the connection MakeConnection returns applies
/// it; docs/architecture.md, "The client's layers"). A policy is a prototype: every call starts
/// from a fresh clone(), so its state is per call.
class RetryPolicy {
 public:
  virtual ~RetryPolicy() = default;
  /// Records a failure; true when the call should be tried again (the failure is transient and
  /// the policy is not exhausted).
  virtual bool OnFailure(Status const& status) = 0;
  [[nodiscard]] virtual bool IsExhausted() const = 0;
  /// How much longer retries are allowed, for a policy bounded by time; nullopt when the
  /// policy does not count time. The connection never sleeps past it: a backoff wait is cut to
  /// it (one last attempt at the limit), and a server's Retry-After longer than it makes the
  /// call give up at once rather than retry before the server asked. Retry-After is whole
  /// seconds and some time has passed since the policy's time began, so a Retry-After equal to
  /// the policy's whole time gives up too.
  [[nodiscard]] virtual std::optional<Duration> TimeLeft() const { return std::nullopt; }
  [[nodiscard]] virtual std::unique_ptr<RetryPolicy> clone() const = 0;
};

/// Retries transient failures until `max_failures` of them have been seen (0: never retries).
class LimitedErrorCountRetryPolicy final : public RetryPolicy {
 public:
  explicit LimitedErrorCountRetryPolicy(int max_failures) : max_failures_(max_failures) {}
  bool OnFailure(Status const& status) override;
  [[nodiscard]] bool IsExhausted() const override { return failures_ > max_failures_; }
  [[nodiscard]] std::unique_ptr<RetryPolicy> clone() const override {
    return std::make_unique<LimitedErrorCountRetryPolicy>(max_failures_);
  }

 private:
  int max_failures_;
  int failures_ = 0;
};

/// Retries transient failures until `deadline` on `clock`, however many calls share it: for a
/// caller bound by one deadline across its calls (leptonctl's --deadline), where a per-call
/// LimitedTimeRetryPolicy would start its time again at each call's first failure. The waits
/// between attempts end by the deadline too (TimeLeft()).
class DeadlineRetryPolicy final : public RetryPolicy {
 public:
  DeadlineRetryPolicy(TimePoint deadline, std::shared_ptr<Clock> clock);
  bool OnFailure(Status const& status) override;
  [[nodiscard]] bool IsExhausted() const override;
  [[nodiscard]] std::optional<Duration> TimeLeft() const override;
  [[nodiscard]] std::unique_ptr<RetryPolicy> clone() const override {
    return std::make_unique<DeadlineRetryPolicy>(deadline_, clock_);
  }

 private:
  TimePoint deadline_;
  std::shared_ptr<Clock> clock_;
};

/// Retries transient failures until `max_duration` has passed on `clock` since the first
/// failure of the call; the waits between attempts end by then too (TimeLeft()).
class LimitedTimeRetryPolicy final : public RetryPolicy {
 public:
  LimitedTimeRetryPolicy(Duration max_duration, std::shared_ptr<Clock> clock);
  bool OnFailure(Status const& status) override;
  [[nodiscard]] bool IsExhausted() const override;
  [[nodiscard]] std::optional<Duration> TimeLeft() const override;
  [[nodiscard]] std::unique_ptr<RetryPolicy> clone() const override {
    return std::make_unique<LimitedTimeRetryPolicy>(max_duration_, clock_);
  }

 private:
  Duration max_duration_;
  std::shared_ptr<Clock> clock_;
  std::optional<DeadlineRetryPolicy> started_;  // From the call's first failure.
};

}  // namespace lepton

#endif  // LEPTONKIT_SCHEDULER_INCLUDE_LEPTON_RETRY_POLICY_H_
