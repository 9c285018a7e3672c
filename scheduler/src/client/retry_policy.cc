#include "lepton/retry_policy.h"

#include <algorithm>
#include <utility>

namespace lepton {

bool IsTransientFailure(Status const& status) {
  switch (status.code()) {
    case StatusCode::kResourceExhausted:
    case StatusCode::kUnavailable:
    case StatusCode::kDeadlineExceeded:
      return true;
    default:
      return false;
  }
}

bool LimitedErrorCountRetryPolicy::OnFailure(Status const& status) {
  if (!IsTransientFailure(status)) return false;
  ++failures_;
  return !IsExhausted();
}

LimitedTimeRetryPolicy::LimitedTimeRetryPolicy(Duration max_duration,
                                               std::shared_ptr<Clock> clock)
    : max_duration_(max_duration),
      clock_(clock ? std::move(clock) : std::make_shared<SystemClock>()) {}

bool LimitedTimeRetryPolicy::OnFailure(Status const& status) {
  if (!deadline_) deadline_ = clock_->Now() + max_duration_;
  if (!IsTransientFailure(status)) return false;
  return !IsExhausted();
}

bool LimitedTimeRetryPolicy::IsExhausted() const {
  return deadline_ && clock_->Now() >= *deadline_;
}

std::optional<Duration> LimitedTimeRetryPolicy::TimeLeft() const {
  if (!deadline_) return max_duration_;
  return std::max(Duration::zero(), *deadline_ - clock_->Now());
}

DeadlineRetryPolicy::DeadlineRetryPolicy(TimePoint deadline, std::shared_ptr<Clock> clock)
    : deadline_(deadline), clock_(clock ? std::move(clock) : std::make_shared<SystemClock>()) {}

bool DeadlineRetryPolicy::OnFailure(Status const& status) {
  return IsTransientFailure(status) && !IsExhausted();
}

bool DeadlineRetryPolicy::IsExhausted() const { return clock_->Now() >= deadline_; }

std::optional<Duration> DeadlineRetryPolicy::TimeLeft() const {
  return std::max(Duration::zero(), deadline_ - clock_->Now());
}

}  // namespace lepton
