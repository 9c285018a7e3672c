#ifndef LEPTONKIT_FAKE_LEPTON_SRC_FAULT_ENGINE_H_
#define LEPTONKIT_FAKE_LEPTON_SRC_FAULT_ENGINE_H_

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <random>
#include <regex>
#include <string>
#include <string_view>
#include <vector>

#include "lepton/clock.h"
#include "lepton/fake/fault.h"
#include "lepton/status.h"

namespace lepton::fake {

/// What the engine needs to know of a request. `header` and `job_name` are asked only when a
/// rule needs them (the job name can cost a body parse or a store look-up).
struct FaultRequest {
  std::string_view method;
  std::string_view path;
  std::function<std::optional<std::string>(std::string const&)> header;
  std::function<std::string()> job_name;
};

/// What the fired rules do to one request.
struct FaultDecision {
  Duration clock_delay{};       ///< Sum of the fired kDelay rules on the fake's clock.
  Duration real_delay{};        ///< Sum of the fired real-time kDelay rules.
  std::optional<FaultRule> act;  ///< The one non-delay rule that fired, if any.
  std::string fired;            ///< Names of every rule that fired, comma-separated.
};

/// The fake's fault rules and their counters (FaultRule documents the semantics).
///
/// @par Thread Safety
/// All methods may be called concurrently.
class FaultEngine {
 public:
  FaultEngine(std::shared_ptr<Clock> clock, std::uint64_t seed);

  /// Validates and adds a rule; its name (generated when empty). kAlreadyExists for a name in
  /// use, kInvalidArgument for a bad rule.
  StatusOr<std::string> Add(FaultRule rule);
  /// kNotFound when no rule has this name.
  Status Remove(std::string const& name);
  void Clear();
  [[nodiscard]] std::vector<FaultStats> List() const;
  /// True when there are no rules: the fast path of every request.
  [[nodiscard]] bool empty() const { return size_.load(std::memory_order_acquire) == 0; }

  /// Counts the request against every rule it matches and returns what fires.
  FaultDecision Decide(FaultRequest const& request);

  /// Per-request header faults, counted apart from the rules.
  void CountHeaderFault() { header_fired_.fetch_add(1); }
  [[nodiscard]] int header_fired() const { return header_fired_.load(); }

 private:
  struct Entry {
    FaultStats stats;
    std::optional<std::regex> path;
    std::mt19937_64 random;
    TimePoint added_at{};
  };

  bool Matches(Entry const& entry, FaultRequest const& request,
               std::optional<std::string>& job_name) const;
  bool Active(Entry const& entry, TimePoint now) const;
  static bool Draw(Entry& entry);

  std::shared_ptr<Clock> clock_;
  std::uint64_t seed_;
  mutable std::mutex mu_;
  std::vector<Entry> entries_;
  int next_id_ = 1;
  std::atomic<std::size_t> size_{0};
  std::atomic<int> header_fired_{0};
};

/// True for the path of a replica log stream (`.../jobs/<id>/replicas/<id>/log`), the only
/// requests kLogStall and kLogBreak rules match.
bool IsLogStreamPath(std::string_view path);

}  // namespace lepton::fake

#endif  // LEPTONKIT_FAKE_LEPTON_SRC_FAULT_ENGINE_H_
