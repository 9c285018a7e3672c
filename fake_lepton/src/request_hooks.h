#ifndef LEPTONKIT_FAKE_LEPTON_SRC_REQUEST_HOOKS_H_
#define LEPTONKIT_FAKE_LEPTON_SRC_REQUEST_HOOKS_H_

// What happens around every request to the workspace API: fault rules and the per-request fault
// header fire before routing (errors, delays, closed connections) or after it (damaged answers),
// and the answered request goes into the journal. Control-plane requests (/fake/v1) are never
// faulted nor journaled.

#include <optional>
#include <string>

#include <httplib.h>

#include "lepton/fake/fault.h"

namespace lepton::fake {

struct RouteContext;

/// The header a test in any language sends to make one request fail; its value is a fault rule
/// in JSON (match, nth, times and the like are ignored), e.g. `{"action":"error","status":503}`.
inline constexpr char kFaultHeader[] = "X-Fake-Lepton-Fault";

/// The fault that fired on the request this thread is serving. httplib serves a request on one
/// worker thread from routing to the last byte written, so a route (the log stream) can read it.
struct RequestScope {
  bool journaled = false;
  TimePoint clock_start{};
  std::chrono::steady_clock::time_point wall_start{};
  std::optional<FaultRule> act;
  std::string fired;
  bool unanswered = false;
};
RequestScope& CurrentRequest();

/// Installs the pre-routing handler (starts the request's clock) and the post-routing handler
/// (damages the answer as a fired fault says, then journals the request); `ctx` must outlive
/// the server.
void InstallRequestHooks(httplib::Server& server, RouteContext const& ctx);

/// Runs before every workspace API handler, once httplib has read the body (its pre-routing
/// hook runs before that, so a rule could not match the job name of a create there, nor the
/// journal keep the body of a refused request): the fault header or rules, then the token and
/// workspace check. False when the answer is decided and the handler must not run.
bool BeforeHandler(RouteContext const& ctx, httplib::Request const& req, httplib::Response& res);

/// Waits until `ctx`'s clock reads `until` (polled in real time, so a test releases it by
/// advancing a manual clock) or the server stops. Deadlines are absolute so that they count from
/// the moment the client could first observe the fault, never from a later instant.
void WaitUntil(RouteContext const& ctx, TimePoint until);
/// Sleeps `delay` of real time, or less if the server stops.
void SleepReal(RouteContext const& ctx, Duration delay);

}  // namespace lepton::fake

#endif  // LEPTONKIT_FAKE_LEPTON_SRC_REQUEST_HOOKS_H_
