#ifndef LEPTONKIT_SCHEDULER_INCLUDE_LEPTON_CLOCK_H_
#define LEPTONKIT_SCHEDULER_INCLUDE_LEPTON_CLOCK_H_

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <mutex>

namespace lepton {

/// Wall-clock time as Lepton reports it (epoch based; the wire carries milliseconds).
using TimePoint = std::chrono::system_clock::time_point;
using Duration = std::chrono::system_clock::duration;

/// The one source of time for the scheduler (deadlines, polling, backoff) and the fake
/// (lifecycle). Production code never reads the system clock directly.
///
/// @par Thread Safety
/// Implementations must be safe to call from several threads at once.
class Clock {
 public:
  virtual ~Clock() = default;
  /// The current time. Never goes backwards for a given clock.
  [[nodiscard]] virtual TimePoint Now() const = 0;
};

/// The real system clock.
class SystemClock final : public Clock {
 public:
  [[nodiscard]] TimePoint Now() const override;
};

/// Real time running `scale` times faster than the system clock from the moment of construction
/// (scale 10 turns one real second into ten clock seconds). Used by the standalone fake.
class ScaledClock final : public Clock {
 public:
  explicit ScaledClock(double scale);
  [[nodiscard]] TimePoint Now() const override;
  /// Jumps forward by `by` (the fake's control plane uses this to skip ahead in a real-time
  /// run). Negative durations are ignored.
  void Advance(Duration by);

 private:
  double scale_;
  TimePoint origin_;
  std::chrono::steady_clock::time_point steady_origin_;
  std::atomic<Duration::rep> skipped_{0};
};

/// A clock that moves only when told to. Tests advance it instead of sleeping.
class ManualClock final : public Clock {
 public:
  /// Starts at `start`; the default is a fixed, arbitrary instant (2026-01-01T00:00:00Z) so test
  /// output is reproducible.
  explicit ManualClock(TimePoint start = DefaultStart());
  [[nodiscard]] TimePoint Now() const override;
  /// Moves the clock forward. Negative durations are ignored (time never runs backwards).
  void Advance(Duration by);
  /// Sets the clock to `to` if that is later than now.
  void AdvanceTo(TimePoint to);

  static TimePoint DefaultStart();

 private:
  mutable std::mutex mu_;
  TimePoint now_;
};

/// Waits for a duration. Production sleeps; tests pass ManualClockSleeper, so that a retry loop
/// "waits" by moving the test's clock and never blocks.
using Sleeper = std::function<void(Duration)>;
/// std::this_thread::sleep_for.
[[nodiscard]] Sleeper RealSleeper();
/// Advances `clock` by each requested duration at once.
[[nodiscard]] Sleeper ManualClockSleeper(std::shared_ptr<ManualClock> clock);

/// Milliseconds since the Unix epoch, the unit of `metadata.created_at`.
[[nodiscard]] std::int64_t ToEpochMillis(TimePoint t);
[[nodiscard]] TimePoint FromEpochMillis(std::int64_t ms);

}  // namespace lepton

#endif  // LEPTONKIT_SCHEDULER_INCLUDE_LEPTON_CLOCK_H_
