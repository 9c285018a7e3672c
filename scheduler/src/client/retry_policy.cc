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

namespace {

std::shared_ptr<Clock> OrSystemClock(std::shared_ptr<Clock> clock) {
  return clock ? std::move(clock) : std::make_shared<SystemClock>();
}

}  // namespace

DeadlineRetryPolicy::DeadlineRetryPolicy(TimePoint deadline, std::shared_ptr<Clock> clock)
    : deadline_(deadline), clock_(OrSystemClock(std::move(clock))) {}

bool DeadlineRetryPolicy::OnFailure(Status const& status) {
  return IsTransientFailure(status) && !IsExhausted();
}

bool DeadlineRetryPolicy::IsExhausted() const { return clock_->Now() >= deadline_; }

std::optional<Duration> DeadlineRetryPolicy::TimeLeft() const {
  return std::max(Duration::zero(), deadline_ - clock_->Now());
}

LimitedTimeRetryPolicy::LimitedTimeRetryPolicy(Duration max_duration,
                                               std::shared_ptr<Clock> clock)
    : max_duration_(max_duration), clock_(OrSystemClock(std::move(clock))) {}

bool LimitedTimeRetryPolicy::OnFailure(Status const& status) {
  if (!started_) started_.emplace(clock_->Now() + max_duration_, clock_);
  return started_->OnFailure(status);
}

bool LimitedTimeRetryPolicy::IsExhausted() const { return started_ && started_->IsExhausted(); }

std::optional<Duration> LimitedTimeRetryPolicy::TimeLeft() const {
  return started_ ? started_->TimeLeft() : max_duration_;
}

}  // namespace lepton
