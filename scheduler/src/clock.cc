#include "lepton/clock.h"

#include <thread>

namespace lepton {

// The only clocks that read system time; everything else takes time from a Clock it is given
// (docs/architecture.md, "Decisions that shape the code").
TimePoint SystemClock::Now() const { return std::chrono::system_clock::now(); }

ScaledClock::ScaledClock(double scale)
    : scale_(scale > 0 ? scale : 1.0),
      origin_(std::chrono::system_clock::now()),
      steady_origin_(std::chrono::steady_clock::now()) {}

TimePoint ScaledClock::Now() const {
  using Nanos = std::chrono::duration<double, std::nano>;
  Nanos const real = std::chrono::steady_clock::now() - steady_origin_;
  auto const scaled = std::chrono::duration_cast<Duration>(Nanos(real.count() * scale_));
  return origin_ + scaled + Duration(skipped_.load());
}

void ScaledClock::Advance(Duration by) {
  if (by > Duration::zero()) skipped_ += by.count();
}

ManualClock::ManualClock(TimePoint start) : now_(start) {}

TimePoint ManualClock::Now() const {
  std::lock_guard lock(mu_);
  return now_;
}

void ManualClock::Advance(Duration by) {
  if (by <= Duration::zero()) return;
  std::lock_guard lock(mu_);
  now_ += by;
}

void ManualClock::AdvanceTo(TimePoint to) {
  std::lock_guard lock(mu_);
  if (to > now_) now_ = to;
}

TimePoint ManualClock::DefaultStart() {
  // 2026-01-01T00:00:00Z.
  return TimePoint(std::chrono::seconds(1767225600));
}

std::int64_t ToEpochMillis(TimePoint t) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
}

TimePoint FromEpochMillis(std::int64_t ms) {
  return TimePoint(std::chrono::duration_cast<Duration>(std::chrono::milliseconds(ms)));
}

Sleeper RealSleeper() {
  return [](Duration d) {
    if (d > Duration::zero()) std::this_thread::sleep_for(d);
  };
}

Sleeper ManualClockSleeper(std::shared_ptr<ManualClock> clock) {
  return [clock = std::move(clock)](Duration d) { clock->Advance(d); };
}

}  // namespace lepton
