#ifndef LEPTONKIT_FAKE_LEPTON_INCLUDE_LEPTON_FAKE_FAULT_H_
#define LEPTONKIT_FAKE_LEPTON_INCLUDE_LEPTON_FAKE_FAULT_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "lepton/clock.h"
#include "lepton/status.h"

namespace lepton::fake {

/// What a fault does to the request it fires on. "Not handled" means the fake changes no state,
/// as when a gateway in front of Lepton refuses a request; "handled" means the request takes
/// effect and only its answer is damaged, so the client cannot tell whether it happened (the
/// case that makes a retried create dangerous).
enum class FaultKind {
  kError,            ///< Not handled: `status` with a Lepton-shaped body (and Retry-After if set).
  kDelay,            ///< Waits `delay`, then handles the request normally.
  kCloseConnection,  ///< Not handled: the connection is closed with no answer at all.
  kDropResponse,     ///< Handled, then the connection is closed with no answer.
  kResetMidBody,     ///< Handled; headers and half the body are sent, then a TCP reset.
  kTruncatedBody,    ///< Handled; a complete answer carrying only the first half of the body.
  kMalformedBody,    ///< Handled; 200 with a body that is not JSON. These three never match a
                     ///< log stream, whose body is not JSON.
  kLogStall,  ///< A replica log stream sends `after_lines` lines, then nothing for `delay`
              ///< (until the client or the server gives up when `delay` is zero).
  kLogBreak,  ///< A replica log stream sends `after_lines` lines, then the connection breaks.
};

/// The name used in JSON ("error", "delay", "close", "drop_response", "reset", "truncate",
/// "malformed", "log_stall", "log_break").
[[nodiscard]] std::string_view FaultKindName(FaultKind kind);

/// Which requests a rule considers. Every non-empty criterion must hold. Requests to the
/// control plane (/fake/v1) never match.
struct FaultMatch {
  /// HTTP method, compared case-insensitively.
  std::string method;
  /// ECMAScript regular expression that must match the whole path below
  /// `/api/v2/workspaces/<id>` (e.g. `/jobs` or `/jobs/[^/]+/replicas`); a path outside the
  /// workspace API is matched whole.
  std::string path;
  /// `metadata.name` of the job the request is about: the body of a create, or the job whose
  /// id is in the path.
  std::string job_name;
  /// A header that must be present, and its exact value when `header_value` is set.
  std::string header;
  std::optional<std::string> header_value;
};

/// A fault rule (fake_lepton/README.md, "Fault rules"): which requests it matches, what it does,
/// and when it fires. Each rule counts its own matching requests; a rule fires on match number
/// `nth`, then on following matches while `times` allows, each time with `probability` drawn from
/// its own generator seeded with `seed`, so a run is the same for the same seed and request
/// sequence.
///
/// Rules are consulted in the order they were added. Delays add up; of the other kinds the
/// first rule that fires decides and later rules do not see the request. Faults act before the
/// token check, as a gateway in front of the API would: a request with a bad token can meet one.
struct FaultRule {
  /// Unique among the fake's rules; "fault-<n>" when left empty.
  std::string name;
  FaultMatch match;
  FaultKind kind = FaultKind::kError;

  /// kError: the HTTP status, the Lepton error code (derived from the status when empty) and
  /// message, and the Retry-After header in whole seconds, rounded up.
  int status = 503;
  std::string code;
  std::string message;
  std::optional<Duration> retry_after;

  /// kDelay: how long to wait; kLogStall: how long the stream stalls (zero: until it is
  /// abandoned). Measured on the fake's clock, so a test on a manual clock releases the request
  /// by advancing it; with `real_time` the fake sleeps instead.
  Duration delay{};
  bool real_time = false;
  /// kLogStall, kLogBreak: lines sent before the fault.
  int after_lines = 0;

  /// The first matching request that fires (1 = the first one).
  int nth = 1;
  /// How many times the rule fires; unlimited when empty.
  std::optional<int> times;
  /// The chance that an eligible match fires, in [0, 1].
  double probability = 1;
  /// Seeds the rule's generator; when empty, the fake's seed mixed with the rule's name (so two
  /// rules do not draw the same sequence).
  std::optional<std::uint64_t> seed;
  /// When set, the rule fires only during this much clock time from when it was added (a
  /// scripted outage: "the API is down for 30 s").
  std::optional<Duration> active_for;
};

/// A rule and how it has fared so far.
struct FaultStats {
  FaultRule rule;
  int matched = 0;  ///< Requests that matched the rule.
  int fired = 0;    ///< Times it fired.
  /// False once `times` is used up or `active_for` has passed: the rule fires no more.
  bool active = true;
};

/// Parses a rule from its JSON form (fake_lepton/README.md documents it; durations are strings
/// such as "500ms" or "2s"). kInvalidArgument names the JSON path of the first problem, also for
/// an unknown key, so a misspelt field never silently means "any".
[[nodiscard]] StatusOr<FaultRule> ParseFaultRule(std::string_view json);

/// Checks a rule: a name of at most 128 characters, a valid regular expression, a status in
/// [100, 599], nth >= 1, times >= 0, probability in [0, 1], after_lines >= 0, and delay,
/// retry_after and active_for between 0 and 1e9 seconds.
[[nodiscard]] Status ValidateFaultRule(FaultRule const& rule);

}  // namespace lepton::fake

#endif  // LEPTONKIT_FAKE_LEPTON_INCLUDE_LEPTON_FAKE_FAULT_H_
