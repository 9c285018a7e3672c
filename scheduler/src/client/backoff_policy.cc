#include "lepton/backoff_policy.h"

#include <algorithm>

namespace lepton {

ExponentialBackoffPolicy::ExponentialBackoffPolicy(Duration initial, Duration maximum,
                                                   double scaling, std::uint64_t seed)
    : initial_(std::max(initial, Duration(1))),
      maximum_(std::max(maximum, initial_)),
      scaling_(std::max(scaling, 1.0)),
      seed_(seed),
      current_(initial_),
      random_(seed) {}

Duration ExponentialBackoffPolicy::OnCompletion() {
  Duration const bound = current_;
  auto const next = std::chrono::duration_cast<Duration>(
      std::chrono::duration<double, Duration::period>(static_cast<double>(current_.count()) *
                                                      scaling_));
  current_ = std::min(next, maximum_);
  // Uniform in [bound/2, bound], computed the same way on every platform.
  double const u = static_cast<double>(random_() >> 11) * 0x1.0p-53;
  auto const half = bound.count() / 2;
  return Duration(half + static_cast<Duration::rep>(u * static_cast<double>(bound.count() - half)));
}

}  // namespace lepton
