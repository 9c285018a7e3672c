#ifndef LEPTONKIT_FAKE_LEPTON_SRC_REQUEST_HOOKS_H_
#define LEPTONKIT_FAKE_LEPTON_SRC_REQUEST_HOOKS_H_

// What happens around every request to the workspace API: fault rules and the per-request fault
// header fire before routing (errors, delays, closed connections) or after it (damaged answers),
// and the answered request goes into the journal. Control-plane requests (/fake/v1) are never
// faulted nor journaled.

#include <functional>
#include <optional>
#include <string>

#include <httplib.h>

#include "lepton/fake/fault.h"

namespace lepton::fake {

struct RouteContext;

/// The header a test in any language sends to make one request fail; its value is a fault rule
/// in JSON (match, nth, times and the like are ignored), e.g. `{"action":"error","status":503}`.
inline constexpr char kFaultHeader[] = "X-Fake-Lepton-Fault";

/// What the hooks know of the request this thread is serving. httplib serves a request on one
/// worker thread, so the pre-routing hook sets it, the handler and its wrappers read it, and
/// the post-routing hook journals and clears it (before the body is written: a log stream's
/// provider copies what it needs while its handler runs).
struct RequestScope {
  bool journaled = false;         ///< Set by the pre-routing hook: a workspace API request.
  TimePoint clock_start{};        ///< Arrival on the fake's clock.
  std::chrono::steady_clock::time_point wall_start{};  ///< Arrival in real time.
  std::optional<FaultRule> act;   ///< The non-delay fault that fired, if any.
  std::string fired;              ///< Names of every fault that fired, for the journal.
  bool unanswered = false;        ///< The connection is closed without an answer.
  /// The connection to close once the request is journaled (close and drop_response faults):
  /// closed earlier, a client could retry and count the journal before this entry is in it.
  int close_after_journal = -1;
  /// What the journal keeps as the body when the handler read it as a stream (a storage
  /// upload: a note, never the bytes); req.body otherwise.
  std::optional<std::string> journal_body;
};
RequestScope& CurrentRequest();

/// The most bytes of multipart framing (boundaries, part headers, small fields) a storage
/// upload may carry on top of its file.
inline constexpr std::size_t kMultipartSlack = 64 * 1024;

/// Whether the request is a storage upload (`POST .../storage/...`), whose body may be as large
/// as a file; every other body is held to FakeLeptonOptions::max_body_bytes.
bool IsStorageUpload(httplib::Request const& req);

/// Installs the pre-routing handler (starts the request's clock; refuses, before it is read, a
/// body longer than the route accepts with 413, or one without a length outside uploads with
/// 411, closing the connection) and the post-routing handler
/// (damages the answer as a fired fault says, then journals the request); `ctx` must outlive
/// the server.
void InstallRequestHooks(httplib::Server& server, RouteContext const& ctx);

/// Runs before every workspace API handler, once httplib has read the body (its pre-routing
/// hook runs before that, so a rule could not match the job name of a create there, nor the
/// journal keep the body of a refused request): the fault header or rules, then the token and
/// workspace check. False when the answer is decided and the handler must not run.
bool BeforeHandler(RouteContext const& ctx, httplib::Request const& req, httplib::Response& res);

/// Runs after every workspace API handler: damages its answer as the fired fault says
/// (drop_response, reset, truncate, malformed).
void AfterHandler(httplib::Request const& req, httplib::Response& res);

/// Waits until `ctx`'s clock reads `until` (polled in real time, so a test releases it by
/// advancing a manual clock) or the server stops. Deadlines are absolute so that they count from
/// the moment the client could first observe the fault, never from a later instant.
/// With `still_wanted`, also stops as soon as it answers false (a log stream whose client left).
void WaitUntil(RouteContext const& ctx, TimePoint until,
               std::function<bool()> const& still_wanted = nullptr);
/// Sleeps `delay` of real time, or less if the server stops.
void SleepReal(RouteContext const& ctx, Duration delay);

}  // namespace lepton::fake

#endif  // LEPTONKIT_FAKE_LEPTON_SRC_REQUEST_HOOKS_H_
