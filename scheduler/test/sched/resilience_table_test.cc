// The scheduler against the fake's fault rules (issue #10, point 5), one table row per
// operation and fault: a transient fault is ridden out within the client's retry budget, a
// permanent one is reported with a Status that says what failed, no operation hangs, and an
// ambiguous create never leaves a second job.
//
// Every row runs its operation on a worker thread while the test thread moves the manual
// clock. The client's and the scheduler's waits block until the test thread advances the clock
// past them (ClockGate), and a request the fake delays is released the same way, so each clock
// step is a wait the operation asked for and the steps are counted: a row that has not returned
// after kMaxClockSteps fails, naming itself. No result depends on real time: the only real-time
// limit is a backstop (kRowBackstop) against a row that blocks on anything but the clock.
//
// The semantics pinned here are the ones the code documents: the default retry policy
// (lepton/options.h: at most 5 transient failures per call, so 6 attempts), the transient
// failures of lepton/retry_policy.h (429 kResourceExhausted; 502, 503, 504 and no answer
// kUnavailable; 500 is kInternal and, like 400, 401, 403 and 404, not retried, nor is an answer
// that is not the JSON expected), a create made safe by its token
// (lepton/connection.h), and the scheduler's contract (lepton/sched/lepton_scheduler.h: Describe
// reports a missing app as nothing, Cancel and Remove leave a missing app as it is).

#include "lepton/sched/lepton_scheduler.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <future>
#include <memory>
#include <mutex>
#include <optional>
#include <ostream>
#include <regex>
#include <set>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "lepton/clock.h"
#include "lepton/connection.h"
#include "lepton/fake/fake_lepton.h"
#include "lepton/fake/fault.h"
#include "lepton/retry_policy.h"
#include "test_apps.h"

namespace lepton::sched {
namespace {

using ::testing::Each;
using ::testing::ElementsAre;
using ::testing::Ge;
using ::testing::HasSubstr;
using ::testing::IsSubsetOf;
using ::testing::UnorderedElementsAreArray;
using std::chrono::hours;
using std::chrono::milliseconds;
using std::chrono::seconds;

// ---------------------------------------------------------------------------------------------
// The table.

/// The scheduler operations, each with the one request its rows fault.
enum class Op {
  kSchedule,  ///< Schedule of a prepared dry run: POST /jobs.
  kDescribe,  ///< Describe of a running app: GET /jobs/{id}.
  kList,      ///< List of a session holding two apps: GET /jobs (two pages).
  kLogLines,  ///< LogLines of an ended app (historical API): GET /logs.
  kTailLog,   ///< LogLines with should_tail of an ended app: the replica's log stream.
  kCancel,    ///< Cancel of a running app: PATCH /jobs/{id}.
  kRemove,    ///< Remove of a running app: DELETE /jobs/{id}.
};

std::string_view OpName(Op op) {
  switch (op) {
    case Op::kSchedule: return "Schedule";
    case Op::kDescribe: return "Describe";
    case Op::kList: return "List";
    case Op::kLogLines: return "LogLines";
    case Op::kTailLog: return "TailLog";
    case Op::kCancel: return "Cancel";
    case Op::kRemove: return "Remove";
  }
  return "?";
}

/// A fault the fake injects (lepton/fake/fault.h).
struct Fault {
  char const* label;  ///< For the row's name.
  fake::FaultKind kind;
  int http_status = 0;  ///< kError only.
};

/// A 429's Retry-After, and the delay of a kDelay fault, both on the fake's clock.
constexpr Duration kRetryAfter = seconds(3);
constexpr Duration kDelay = seconds(5);

constexpr Fault k429{"Http429RetryAfter3s", fake::FaultKind::kError, 429};
constexpr Fault k500{"Http500", fake::FaultKind::kError, 500};
constexpr Fault k502{"Http502", fake::FaultKind::kError, 502};
constexpr Fault k503{"Http503", fake::FaultKind::kError, 503};
constexpr Fault k504{"Http504", fake::FaultKind::kError, 504};
constexpr Fault kClose{"ConnectionClosed", fake::FaultKind::kCloseConnection};
constexpr Fault kDrop{"ResponseDropped", fake::FaultKind::kDropResponse};
constexpr Fault kReset{"ResetMidBody", fake::FaultKind::kResetMidBody};
constexpr Fault kTruncate{"TruncatedBody", fake::FaultKind::kTruncatedBody};
constexpr Fault kMalformed{"MalformedBody", fake::FaultKind::kMalformedBody};
constexpr Fault kDelayed{"Delayed5s", fake::FaultKind::kDelay};
constexpr Fault k400{"Http400", fake::FaultKind::kError, 400};
constexpr Fault k401{"Http401", fake::FaultKind::kError, 401};
constexpr Fault k403{"Http403", fake::FaultKind::kError, 403};
constexpr Fault k404{"Http404", fake::FaultKind::kError, 404};
constexpr Fault kLogBreak{"LogBreakAfter1Line", fake::FaultKind::kLogBreak};

/// How often the fault fires: a number of times (transient), or on every matching request.
constexpr std::optional<int> kOnce{1};
constexpr std::optional<int> kTwice{2};
constexpr std::optional<int> kAlways{};

/// Attempts of one call under the default retry policy: the first and 5 retries.
constexpr int kAttempts = 6;
/// A tail of an ended app whose stream keeps failing transiently: one read, then 3 more for
/// its last lines (StreamLog's final reads), each a call of kAttempts attempts.
constexpr int kTailAttempts = 4 * kAttempts;

/// How the operation ends.
enum class Outcome {
  /// OK with the right result; a write (create, stop, delete) is in the fake, exactly once.
  kDone,
  /// OK, because the fault's 404 says the app is gone: Describe reports no app, Cancel and
  /// Remove leave it as it is (their documented idempotency). Nothing changes.
  kTakenAsGone,
  /// A Status with the row's code that names the failed request; nothing changes.
  kFailed,
  /// Likewise, but the server applied the write and only its answers were lost.
  kFailedAfterTakingEffect,
};

struct Expect {
  Outcome outcome;
  StatusCode code;
  /// Requests that reached the faulted endpoint (method and path), retries included.
  int requests;
};

constexpr Expect Done(int requests) { return {Outcome::kDone, StatusCode::kOk, requests}; }
constexpr Expect TakenAsGone(int requests) {
  return {Outcome::kTakenAsGone, StatusCode::kOk, requests};
}
constexpr Expect Fails(StatusCode code, int requests) { return {Outcome::kFailed, code, requests}; }
constexpr Expect FailsAfterTakingEffect(StatusCode code, int requests) {
  return {Outcome::kFailedAfterTakingEffect, code, requests};
}

/// One behaviour: an operation meets a fault that fires `times` times (every time when empty).
/// The fault fires on min(times, requests) of the requests.
struct Row {
  Op op;
  Fault fault;
  std::optional<int> times;
  Expect expect;
};

std::string RowName(Row const& row) {
  std::string firing = "Always";
  if (row.times == 1) firing = "Once";
  if (row.times == 2) firing = "Twice";
  return std::string(OpName(row.op)) + "_" + row.fault.label + "_" + firing;
}

void PrintTo(Row const& row, std::ostream* os) { *os << RowName(row); }

constexpr StatusCode kUnavailable = StatusCode::kUnavailable;
constexpr StatusCode kInternal = StatusCode::kInternal;

// clang-format off
std::vector<Row> const& Rows() {
  static std::vector<Row> const rows = {
    // Schedule: POST /jobs carries a create token; after a failure that may have taken effect
    // (no answer, 502-504) the client looks the job up by it before trying again.
    {Op::kSchedule, k429,      kTwice,  Done(3)},
    {Op::kSchedule, k429,      kAlways, Fails(StatusCode::kResourceExhausted, kAttempts)},
    {Op::kSchedule, k500,      kOnce,   Fails(kInternal, 1)},
    {Op::kSchedule, k502,      kTwice,  Done(3)},
    {Op::kSchedule, k502,      kAlways, Fails(kUnavailable, kAttempts)},
    {Op::kSchedule, k503,      kTwice,  Done(3)},
    {Op::kSchedule, k503,      kAlways, Fails(kUnavailable, kAttempts)},
    {Op::kSchedule, k504,      kTwice,  Done(3)},
    {Op::kSchedule, k504,      kAlways, Fails(kUnavailable, kAttempts)},
    {Op::kSchedule, kClose,    kTwice,  Done(3)},
    {Op::kSchedule, kClose,    kAlways, Fails(kUnavailable, kAttempts)},
    // The ambiguous creates: the job is made, its answer lost; the look-up finds it, so one
    // POST and one job, however often the answer would be lost.
    {Op::kSchedule, kDrop,     kOnce,   Done(1)},
    {Op::kSchedule, kDrop,     kAlways, Done(1)},
    {Op::kSchedule, kReset,    kOnce,   Done(1)},
    {Op::kSchedule, kReset,    kAlways, Done(1)},
    // A 200 whose body cannot be read also made the job: it is found by its token as well.
    {Op::kSchedule, kTruncate, kOnce,   Done(1)},
    {Op::kSchedule, kMalformed, kOnce,  Done(1)},
    {Op::kSchedule, kDelayed,  kAlways, Done(1)},
    {Op::kSchedule, k400,      kAlways, Fails(StatusCode::kInvalidArgument, 1)},
    {Op::kSchedule, k401,      kAlways, Fails(StatusCode::kUnauthenticated, 1)},
    {Op::kSchedule, k403,      kAlways, Fails(StatusCode::kPermissionDenied, 1)},
    {Op::kSchedule, k404,      kAlways, Fails(StatusCode::kNotFound, 1)},

    // Describe: GET /jobs/{id} (its replicas are read alongside, unfaulted). A read is repeated
    // as it is; an answer that is not the job's JSON is kInternal and not retried.
    {Op::kDescribe, k429,      kTwice,  Done(3)},
    {Op::kDescribe, k429,      kAlways, Fails(StatusCode::kResourceExhausted, kAttempts)},
    {Op::kDescribe, k500,      kOnce,   Fails(kInternal, 1)},
    {Op::kDescribe, k502,      kTwice,  Done(3)},
    {Op::kDescribe, k502,      kAlways, Fails(kUnavailable, kAttempts)},
    {Op::kDescribe, k503,      kTwice,  Done(3)},
    {Op::kDescribe, k503,      kAlways, Fails(kUnavailable, kAttempts)},
    {Op::kDescribe, k504,      kTwice,  Done(3)},
    {Op::kDescribe, k504,      kAlways, Fails(kUnavailable, kAttempts)},
    {Op::kDescribe, kClose,    kTwice,  Done(3)},
    {Op::kDescribe, kClose,    kAlways, Fails(kUnavailable, kAttempts)},
    {Op::kDescribe, kDrop,     kOnce,   Done(2)},
    {Op::kDescribe, kDrop,     kAlways, Fails(kUnavailable, kAttempts)},
    {Op::kDescribe, kReset,    kOnce,   Done(2)},
    {Op::kDescribe, kReset,    kAlways, Fails(kUnavailable, kAttempts)},
    {Op::kDescribe, kTruncate, kOnce,   Fails(kInternal, 1)},
    {Op::kDescribe, kMalformed, kOnce,  Fails(kInternal, 1)},
    {Op::kDescribe, kDelayed,  kAlways, Done(1)},
    {Op::kDescribe, k400,      kAlways, Fails(StatusCode::kInvalidArgument, 1)},
    {Op::kDescribe, k401,      kAlways, Fails(StatusCode::kUnauthenticated, 1)},
    {Op::kDescribe, k403,      kAlways, Fails(StatusCode::kPermissionDenied, 1)},
    {Op::kDescribe, k404,      kAlways, TakenAsGone(1)},

    // List: GET /jobs, page 1 (both apps) then page 2 (empty); each page is one call.
    {Op::kList, k429,      kTwice,  Done(4)},
    {Op::kList, k429,      kAlways, Fails(StatusCode::kResourceExhausted, kAttempts)},
    {Op::kList, k500,      kOnce,   Fails(kInternal, 1)},
    {Op::kList, k502,      kTwice,  Done(4)},
    {Op::kList, k502,      kAlways, Fails(kUnavailable, kAttempts)},
    {Op::kList, k503,      kTwice,  Done(4)},
    {Op::kList, k503,      kAlways, Fails(kUnavailable, kAttempts)},
    {Op::kList, k504,      kTwice,  Done(4)},
    {Op::kList, k504,      kAlways, Fails(kUnavailable, kAttempts)},
    {Op::kList, kClose,    kTwice,  Done(4)},
    {Op::kList, kClose,    kAlways, Fails(kUnavailable, kAttempts)},
    {Op::kList, kDrop,     kOnce,   Done(3)},
    {Op::kList, kDrop,     kAlways, Fails(kUnavailable, kAttempts)},
    {Op::kList, kReset,    kOnce,   Done(3)},
    {Op::kList, kReset,    kAlways, Fails(kUnavailable, kAttempts)},
    {Op::kList, kTruncate, kOnce,   Fails(kInternal, 1)},
    {Op::kList, kMalformed, kOnce,  Fails(kInternal, 1)},
    {Op::kList, kDelayed,  kAlways, Done(2)},
    {Op::kList, k400,      kAlways, Fails(StatusCode::kInvalidArgument, 1)},
    {Op::kList, k401,      kAlways, Fails(StatusCode::kUnauthenticated, 1)},
    {Op::kList, k403,      kAlways, Fails(StatusCode::kPermissionDenied, 1)},
    {Op::kList, k404,      kAlways, Fails(StatusCode::kNotFound, 1)},

    // LogLines: GET /logs (the replica is found first, unfaulted).
    {Op::kLogLines, k429,      kTwice,  Done(3)},
    {Op::kLogLines, k429,      kAlways, Fails(StatusCode::kResourceExhausted, kAttempts)},
    {Op::kLogLines, k500,      kOnce,   Fails(kInternal, 1)},
    {Op::kLogLines, k502,      kTwice,  Done(3)},
    {Op::kLogLines, k502,      kAlways, Fails(kUnavailable, kAttempts)},
    {Op::kLogLines, k503,      kTwice,  Done(3)},
    {Op::kLogLines, k503,      kAlways, Fails(kUnavailable, kAttempts)},
    {Op::kLogLines, k504,      kTwice,  Done(3)},
    {Op::kLogLines, k504,      kAlways, Fails(kUnavailable, kAttempts)},
    {Op::kLogLines, kClose,    kTwice,  Done(3)},
    {Op::kLogLines, kClose,    kAlways, Fails(kUnavailable, kAttempts)},
    {Op::kLogLines, kDrop,     kOnce,   Done(2)},
    {Op::kLogLines, kDrop,     kAlways, Fails(kUnavailable, kAttempts)},
    {Op::kLogLines, kReset,    kOnce,   Done(2)},
    {Op::kLogLines, kReset,    kAlways, Fails(kUnavailable, kAttempts)},
    {Op::kLogLines, kTruncate, kOnce,   Fails(kInternal, 1)},
    {Op::kLogLines, kMalformed, kOnce,  Fails(kInternal, 1)},
    {Op::kLogLines, kDelayed,  kAlways, Done(1)},
    {Op::kLogLines, k400,      kAlways, Fails(StatusCode::kInvalidArgument, 1)},
    {Op::kLogLines, k401,      kAlways, Fails(StatusCode::kUnauthenticated, 1)},
    {Op::kLogLines, k403,      kAlways, Fails(StatusCode::kPermissionDenied, 1)},
    {Op::kLogLines, k404,      kAlways, Fails(StatusCode::kNotFound, 1)},

    // TailLog: the replica's log stream. A stream is repeated only while it delivered nothing;
    // the tail itself reads again (any transient failure) for the last lines of an ended app. The
    // body-damaging faults (reset, truncate, malformed) never match a log stream.
    {Op::kTailLog, k429,      kTwice,  Done(3)},
    {Op::kTailLog, k429,      kAlways, Fails(StatusCode::kResourceExhausted, kTailAttempts)},
    {Op::kTailLog, k500,      kOnce,   Fails(kInternal, 1)},
    {Op::kTailLog, k502,      kTwice,  Done(3)},
    {Op::kTailLog, k502,      kAlways, Fails(kUnavailable, kTailAttempts)},
    {Op::kTailLog, k503,      kTwice,  Done(3)},
    {Op::kTailLog, k503,      kAlways, Fails(kUnavailable, kTailAttempts)},
    {Op::kTailLog, k504,      kTwice,  Done(3)},
    {Op::kTailLog, k504,      kAlways, Fails(kUnavailable, kTailAttempts)},
    {Op::kTailLog, kClose,    kTwice,  Done(3)},
    {Op::kTailLog, kClose,    kAlways, Fails(kUnavailable, kTailAttempts)},
    {Op::kTailLog, kDrop,     kOnce,   Done(2)},
    {Op::kTailLog, kDrop,     kAlways, Fails(kUnavailable, kTailAttempts)},
    {Op::kTailLog, kDelayed,  kAlways, Done(1)},
    {Op::kTailLog, k400,      kAlways, Fails(StatusCode::kInvalidArgument, 1)},
    {Op::kTailLog, k401,      kAlways, Fails(StatusCode::kUnauthenticated, 1)},
    {Op::kTailLog, k403,      kAlways, Fails(StatusCode::kPermissionDenied, 1)},
    {Op::kTailLog, k404,      kAlways, Fails(StatusCode::kNotFound, 1)},
    // A stream that breaks after a line is opened again and every line arrives once; one that
    // always breaks gives up after the tail's four reads, each of which delivered a line.
    {Op::kTailLog, kLogBreak, kOnce,    Done(2)},
    {Op::kTailLog, kLogBreak, kAlways,  Fails(kUnavailable, 4)},

    // Cancel: Describe (unfaulted), then PATCH /jobs/{id} {"spec":{"stopped":true}}. A PATCH
    // is repeated as it is; its answer's body is not read.
    {Op::kCancel, k429,      kTwice,  Done(3)},
    {Op::kCancel, k429,      kAlways, Fails(StatusCode::kResourceExhausted, kAttempts)},
    {Op::kCancel, k500,      kOnce,   Fails(kInternal, 1)},
    {Op::kCancel, k502,      kTwice,  Done(3)},
    {Op::kCancel, k502,      kAlways, Fails(kUnavailable, kAttempts)},
    {Op::kCancel, k503,      kTwice,  Done(3)},
    {Op::kCancel, k503,      kAlways, Fails(kUnavailable, kAttempts)},
    {Op::kCancel, k504,      kTwice,  Done(3)},
    {Op::kCancel, k504,      kAlways, Fails(kUnavailable, kAttempts)},
    {Op::kCancel, kClose,    kTwice,  Done(3)},
    {Op::kCancel, kClose,    kAlways, Fails(kUnavailable, kAttempts)},
    {Op::kCancel, kDrop,     kOnce,   Done(2)},
    {Op::kCancel, kDrop,     kAlways, FailsAfterTakingEffect(kUnavailable, kAttempts)},
    {Op::kCancel, kReset,    kOnce,   Done(2)},
    {Op::kCancel, kReset,    kAlways, FailsAfterTakingEffect(kUnavailable, kAttempts)},
    {Op::kCancel, kTruncate, kOnce,   Done(1)},
    {Op::kCancel, kMalformed, kOnce,  Done(1)},
    {Op::kCancel, kDelayed,  kAlways, Done(1)},
    {Op::kCancel, k400,      kAlways, Fails(StatusCode::kInvalidArgument, 1)},
    {Op::kCancel, k401,      kAlways, Fails(StatusCode::kUnauthenticated, 1)},
    {Op::kCancel, k403,      kAlways, Fails(StatusCode::kPermissionDenied, 1)},
    {Op::kCancel, k404,      kAlways, TakenAsGone(1)},

    // Remove: DELETE /jobs/{id}. After an attempt that may have taken effect, a 404 is the
    // success it reports.
    {Op::kRemove, k429,      kTwice,  Done(3)},
    {Op::kRemove, k429,      kAlways, Fails(StatusCode::kResourceExhausted, kAttempts)},
    {Op::kRemove, k500,      kOnce,   Fails(kInternal, 1)},
    {Op::kRemove, k502,      kTwice,  Done(3)},
    {Op::kRemove, k502,      kAlways, Fails(kUnavailable, kAttempts)},
    {Op::kRemove, k503,      kTwice,  Done(3)},
    {Op::kRemove, k503,      kAlways, Fails(kUnavailable, kAttempts)},
    {Op::kRemove, k504,      kTwice,  Done(3)},
    {Op::kRemove, k504,      kAlways, Fails(kUnavailable, kAttempts)},
    {Op::kRemove, kClose,    kTwice,  Done(3)},
    {Op::kRemove, kClose,    kAlways, Fails(kUnavailable, kAttempts)},
    {Op::kRemove, kDrop,     kOnce,   Done(2)},
    {Op::kRemove, kDrop,     kAlways, FailsAfterTakingEffect(kUnavailable, kAttempts)},
    {Op::kRemove, kReset,    kOnce,   Done(2)},
    {Op::kRemove, kReset,    kAlways, FailsAfterTakingEffect(kUnavailable, kAttempts)},
    {Op::kRemove, kTruncate, kOnce,   Done(1)},
    {Op::kRemove, kMalformed, kOnce,  Done(1)},
    {Op::kRemove, kDelayed,  kAlways, Done(1)},
    {Op::kRemove, k400,      kAlways, Fails(StatusCode::kInvalidArgument, 1)},
    {Op::kRemove, k401,      kAlways, Fails(StatusCode::kUnauthenticated, 1)},
    {Op::kRemove, k403,      kAlways, Fails(StatusCode::kPermissionDenied, 1)},
    {Op::kRemove, k404,      kAlways, TakenAsGone(1)},
  };
  return rows;
}
// clang-format on

// ---------------------------------------------------------------------------------------------
// The figures, printed once the table has run.

struct Figures {
  int rows = 0;
  int faults_injected = 0;
};

Figures& TableFigures() {
  static Figures figures;
  return figures;
}

class PrintFigures : public ::testing::Environment {
 public:
  void TearDown() override {
    Figures const& figures = TableFigures();
    std::printf("resilience table: %d of %zu rows run, %d faults injected\n", figures.rows,
                Rows().size(), figures.faults_injected);
    std::fflush(stdout);
  }
};

[[maybe_unused]] ::testing::Environment* const kPrintFigures =
    ::testing::AddGlobalTestEnvironment(new PrintFigures);

// ---------------------------------------------------------------------------------------------
// The clock.

/// The only way a row's clock moves while its operation runs. The client's and the scheduler's
/// waits (AsSleeper) block until the test thread has advanced the clock past their end; before
/// the operation, with the gate open, a wait moves the clock itself (as ManualClockSleeper).
///
/// @par Thread Safety
/// Every method may be called from any thread.
class ClockGate {
 public:
  explicit ClockGate(std::shared_ptr<ManualClock> clock) : clock_(std::move(clock)) {}
  ClockGate(ClockGate const&) = delete;
  ClockGate& operator=(ClockGate const&) = delete;

  /// A Sleeper that waits on this gate; the gate must outlive it.
  Sleeper AsSleeper() {
    return [this](Duration wait) { Sleep(wait); };
  }

  /// Closed: waits block until the clock reaches their end. Closing forgets the waits seen.
  void Close() {
    std::lock_guard lock(mu_);
    closed_ = true;
    waits_.clear();
  }
  /// Releases every blocked wait, and lets later ones move the clock themselves.
  void Open() {
    {
      std::lock_guard lock(mu_);
      closed_ = false;
    }
    woken_.notify_all();
  }

  /// The earliest end of a blocked wait; nothing when no wait is blocked.
  [[nodiscard]] std::optional<TimePoint> EarliestWake() const {
    std::lock_guard lock(mu_);
    if (wakes_.empty()) return std::nullopt;
    return *wakes_.begin();
  }

  /// Moves the clock forward and wakes the waits that have ended.
  void AdvanceTo(TimePoint to) {
    {
      std::lock_guard lock(mu_);
      clock_->AdvanceTo(to);
    }
    woken_.notify_all();
  }
  void Advance(Duration by) { AdvanceTo(clock_->Now() + by); }

  /// Every wait asked for since Close(), in order.
  [[nodiscard]] std::vector<Duration> waits() const {
    std::lock_guard lock(mu_);
    return waits_;
  }

 private:
  void Sleep(Duration wait) {
    std::unique_lock lock(mu_);
    waits_.push_back(wait);
    if (!closed_) {
      clock_->Advance(wait);
      return;
    }
    TimePoint const wake = clock_->Now() + wait;
    auto const at = wakes_.insert(wake);
    woken_.wait(lock, [&] { return !closed_ || clock_->Now() >= wake; });
    wakes_.erase(at);
  }

  std::shared_ptr<ManualClock> clock_;
  mutable std::mutex mu_;
  std::condition_variable woken_;
  bool closed_ = false;
  std::multiset<TimePoint> wakes_;
  std::vector<Duration> waits_;
};

/// Clock steps a row may take before it counts as hung. The most a row needs is about 20 (a
/// tail whose stream always fails waits between 20 of its attempts).
constexpr int kMaxClockSteps = 200;

/// Real time a row may take before it counts as hung although it asked for no clock step (a
/// deadlock, say), and the time it is then given to end once released. Rows take milliseconds.
constexpr std::chrono::seconds kRowBackstop{120};

// ---------------------------------------------------------------------------------------------
// The fixture.

constexpr char kFaultName[] = "injected";
constexpr char kSession[] = "resilience";

/// What a row's operation works on, made before the fault is added.
struct Target {
  std::string method;  ///< Of the faulted request.
  std::string path;    ///< The faulted path below the workspace, a regular expression.
  std::string names;   ///< What a failure's message must name (method and path).
  std::string job_id;  ///< The app the operation is about (Schedule: none before it runs).
  std::string handle;
  std::vector<std::string> listed;  ///< List: the app ids it must give.
  std::optional<DryRunInfo> dry_run;
};

class ResilienceTableTest : public ::testing::TestWithParam<Row> {
 protected:
  void SetUp() override {
    fake::FakeLeptonOptions options;
    options.clock = clock_;
    options.plans = {ScriptedApps()};
    auto started = fake::FakeLepton::Start(std::move(options));
    ASSERT_TRUE(started.ok()) << started.status();
    fake_ = *std::move(started);
    ClientOptions client_options = fake_->client_options();
    client_options.sleeper = gate_.AsSleeper();  // Default retry and backoff policies.
    auto connection = MakeConnection(std::move(client_options));
    ASSERT_TRUE(connection.ok()) << connection.status();
    client_.emplace(*connection);
    SchedulerOptions scheduler_options;
    scheduler_options.session = kSession;
    scheduler_options.clock = clock_;
    scheduler_options.sleeper = gate_.AsSleeper();
    scheduler_options.seed = 7;
    scheduler_.emplace(*client_, std::move(scheduler_options));
  }

  void TearDown() override {
    gate_.Open();  // No wait outlives the row.
  }

  // Apps named "logger" write three lines and end after a second; apps named "sleeper" run
  // for ten hours, longer than any row's clock moves.
  static fake::Plan ScriptedApps() {
    fake::ReplicaScript writes;
    writes.logs = {{milliseconds(100), "a"}, {milliseconds(200), "b"}, {milliseconds(300), "c"}};
    writes.run = seconds(1);
    fake::PlanRule logger;
    logger.select.name = "logger-*";
    logger.attempts.push_back({writes, {}});
    fake::ReplicaScript idles;
    idles.run = hours(10);
    fake::PlanRule sleeper;
    sleeper.select.name = "sleeper-*";
    sleeper.attempts.push_back({idles, {}});
    return fake::Plan{"resilience-apps", "", {logger, sleeper}};
  }

  static AppDef App(std::string name) {
    return testing_util::OneRoleApp(std::move(name), "python", {"train.py"});
  }

  static LeptonExecutorConfig Executor() { return testing_util::H100Executor(); }

  // Submits an app before the fault exists; its job id.
  std::string SubmitApp(std::string const& name, Target& target) {
    auto handle = scheduler_->Submit(App(name), Executor());
    EXPECT_TRUE(handle.ok()) << handle.status();
    if (!handle.ok()) return "";
    target.handle = *handle;
    return *JobIdOf(*handle);
  }

  // Moves the clock 100 ms at a time until the job is in `state` (at most a minute of it).
  ::testing::AssertionResult AdvanceUntilState(std::string const& job_id, JobState state) {
    for (int step = 0; step < 600; ++step) {
      auto job = client_->GetJob(job_id);
      if (!job) return ::testing::AssertionFailure() << job.status();
      if (job->status && job->status->state == state) return ::testing::AssertionSuccess();
      gate_.Advance(milliseconds(100));
    }
    return ::testing::AssertionFailure()
           << "job " << job_id << " is not " << JobStateName(state) << " after a minute";
  }

  // The apps and the faulted request of `op`, made with no fault in place.
  Target Prepare(Op op) {
    Target target;
    switch (op) {
      case Op::kSchedule: {
        auto dry_run = scheduler_->SubmitDryRun(App("sleeper"), Executor());
        EXPECT_TRUE(dry_run.ok()) << dry_run.status();
        if (dry_run.ok()) target.dry_run = *std::move(dry_run);
        target.method = "POST";
        target.path = "/jobs";
        target.names = "POST /jobs";
        break;
      }
      case Op::kDescribe:
      case Op::kCancel:
      case Op::kRemove: {
        target.job_id = SubmitApp("sleeper", target);
        EXPECT_TRUE(AdvanceUntilState(target.job_id, JobState::kRunning));
        gate_.Advance(seconds(1));  // Its replica is ready.
        target.method = op == Op::kDescribe ? "GET" : op == Op::kCancel ? "PATCH" : "DELETE";
        target.path = "/jobs/" + target.job_id;
        target.names = target.method + " /jobs/" + target.job_id;
        break;
      }
      case Op::kList: {
        target.listed.push_back(SubmitApp("sleeper", target));
        target.listed.push_back(SubmitApp("sleeper", target));
        target.method = "GET";
        target.path = "/jobs";
        target.names = "GET /jobs?";
        break;
      }
      case Op::kLogLines:
      case Op::kTailLog: {
        target.job_id = SubmitApp("logger", target);
        EXPECT_TRUE(AdvanceUntilState(target.job_id, JobState::kCompleted));
        target.method = "GET";
        if (op == Op::kLogLines) {
          target.path = "/logs";
          target.names = "GET /logs?";
        } else {
          target.path = "/jobs/" + target.job_id + "/replicas/[^/]+/log";
          target.names = "GET /jobs/" + target.job_id + "/replicas/";
        }
        break;
      }
    }
    return target;
  }

  static fake::FaultRule RuleFor(Row const& row, Target const& target) {
    fake::FaultRule rule;
    rule.name = kFaultName;
    rule.match.method = target.method;
    rule.match.path = target.path;
    rule.kind = row.fault.kind;
    if (row.fault.kind == fake::FaultKind::kError) rule.status = row.fault.http_status;
    if (row.fault.http_status == 429) rule.retry_after = kRetryAfter;
    if (row.fault.kind == fake::FaultKind::kDelay) rule.delay = kDelay;
    if (row.fault.kind == fake::FaultKind::kLogBreak) rule.after_lines = 1;
    rule.times = row.times;
    return rule;
  }

  // Runs `op` (on the worker thread); what it returns goes to the members below.
  Status Run(Op op, Target const& target) {
    switch (op) {
      case Op::kSchedule: {
        auto handle = scheduler_->Schedule(*target.dry_run);
        if (!handle) return handle.status();
        scheduled_ = *handle;
        return Status();
      }
      case Op::kDescribe: {
        auto described = scheduler_->Describe(target.handle);
        if (!described) return described.status();
        described_ = *std::move(described);
        return Status();
      }
      case Op::kList: {
        auto listed = scheduler_->List();
        if (!listed) return listed.status();
        listed_ = *std::move(listed);
        return Status();
      }
      case Op::kLogLines:
      case Op::kTailLog: {
        LogOptions options;
        options.should_tail = op == Op::kTailLog;
        auto lines = scheduler_->LogLines(target.handle, 0, options);
        if (!lines) return lines.status();
        lines_ = *std::move(lines);
        return Status();
      }
      case Op::kCancel:
        return scheduler_->Cancel(target.handle);
      case Op::kRemove:
        return scheduler_->Remove(target.handle);
    }
    return Status(StatusCode::kInternal, "unknown operation");
  }

  // How often the row's rule has fired so far.
  int Fired() const {
    for (auto const& stats : fake_->Faults()) {
      if (stats.rule.name == kFaultName) return stats.fired;
    }
    return 0;
  }

  // Runs `op` on a worker thread while this thread moves the clock, one step for each wait the
  // operation blocks in and each request the fake delays; its Status. A row still running after
  // kMaxClockSteps fails; its waits are then released and its faults removed so that it ends.
  Status RunDrivingTheClock(Op op, Target const& target, bool delays) {
    gate_.Close();
    auto running = std::async(std::launch::async, [&] { return Run(op, target); });
    int steps = 0;
    int delays_released = 0;
    auto const backstop = std::chrono::steady_clock::now() + kRowBackstop;
    while (running.wait_for(std::chrono::microseconds(200)) != std::future_status::ready) {
      if (steps >= kMaxClockSteps || std::chrono::steady_clock::now() > backstop) {
        ADD_FAILURE() << RowName(GetParam()) << " has not returned after " << steps
                      << " clock steps: it hangs";
        hung_fired_ = Fired();
        fake_->ClearFaults();
        gate_.Open();
        gate_.Advance(hours(24));  // Releases any delayed request.
        if (running.wait_for(kRowBackstop) != std::future_status::ready) {
          // Blocked on something no release reaches: stop here, naming the row, rather than
          // wait for the test runner's timeout.
          std::fprintf(stderr, "%s is still blocked after its release\n",
                       RowName(GetParam()).c_str());
          std::abort();
        }
        return running.get();
      }
      if (auto wake = gate_.EarliestWake()) {
        // A wait that has ended but not yet woken needs no step, only time to run.
        if (*wake > clock_->Now()) {
          gate_.AdvanceTo(*wake);
          ++steps;
        }
      } else if (delays) {
        // Each delayed request arrived before this look at the rule, so one delay from now
        // releases it.
        if (int const fired = Fired(); fired > delays_released) {
          gate_.Advance(kDelay);
          delays_released = fired;
          ++steps;
        }
      }
    }
    return running.get();
  }

  // The requests the operation made that reached the faulted method and path, and every method
  // it used.
  int RequestsTo(Target const& target, std::set<std::string>& methods) const {
    std::string const prefix = "/api/v2/workspaces/" + fake_->options().workspace_id;
    std::regex const path(target.path);
    int count = 0;
    for (auto const& entry : fake_->Journal()) {
      methods.insert(entry.method);
      std::string const relative =
          entry.path.starts_with(prefix) ? entry.path.substr(prefix.size()) : entry.path;
      count += entry.method == target.method && std::regex_match(relative, path);
    }
    return count;
  }

  // Whether the operation's write is in the fake (reads write nothing).
  bool TookEffect(Op op, Target const& target) const {
    switch (op) {
      case Op::kSchedule:
        return fake_->job_count() > 0;
      case Op::kCancel: {
        auto job = fake_->PeekJob(target.job_id);
        return job.ok() && job->spec && job->spec->stopped.value_or(false);
      }
      case Op::kRemove: {
        auto job = fake_->PeekJob(target.job_id);
        if (!job.ok()) return true;  // Purged.
        if (!job->status || !job->status->state) return false;
        JobState const state = *job->status->state;
        return state == JobState::kDeleting || state == JobState::kDeleted;
      }
      default:
        return false;
    }
  }

  // The result of a successful operation is the right one.
  void ExpectRightResult(Op op, Outcome outcome, Target const& target) {
    switch (op) {
      case Op::kSchedule: {
        ASSERT_EQ(fake_->job_count(), 1u);
        auto job_id = JobIdOf(scheduled_);
        ASSERT_TRUE(job_id.ok()) << job_id.status();
        auto job = fake_->PeekJob(*job_id);
        ASSERT_TRUE(job.ok()) << job.status();
        EXPECT_EQ(job->metadata.name, target.dry_run->job.metadata.name);
        EXPECT_EQ(scheduled_, scheduler_->HandleOf(*job_id));
        break;
      }
      case Op::kDescribe:
        if (outcome == Outcome::kTakenAsGone) {
          EXPECT_FALSE(described_.has_value());
          break;
        }
        ASSERT_TRUE(described_.has_value());
        EXPECT_EQ(described_->app_id, target.job_id);
        EXPECT_EQ(described_->state, AppState::kRunning) << described_->msg;
        ASSERT_EQ(described_->roles_statuses.size(), 1u);
        EXPECT_EQ(described_->roles_statuses[0].replicas.size(), 1u) << described_->msg;
        break;
      case Op::kList: {
        std::vector<std::string> ids;
        for (auto const& app : listed_) ids.push_back(app.app_id);
        EXPECT_THAT(ids, UnorderedElementsAreArray(target.listed));
        break;
      }
      case Op::kLogLines:
      case Op::kTailLog:
        EXPECT_THAT(lines_, ElementsAre("a\n", "b\n", "c\n"));
        break;
      case Op::kCancel:
      case Op::kRemove:
        break;  // TookEffect says it all.
    }
  }

  std::shared_ptr<ManualClock> clock_ = std::make_shared<ManualClock>();
  ClockGate gate_{clock_};
  std::unique_ptr<fake::FakeLepton> fake_;
  std::optional<Client> client_;
  std::optional<LeptonScheduler> scheduler_;

  // What the operation returned (written by the worker before its future is ready).
  std::string scheduled_;
  std::optional<DescribeAppResponse> described_;
  std::vector<ListAppResponse> listed_;
  std::vector<std::string> lines_;
  // Set when the row was abandoned as hung: how often its fault had fired by then.
  std::optional<int> hung_fired_;
};

TEST_P(ResilienceTableTest, Row) {
  Row const& row = GetParam();
  Target const target = Prepare(row.op);
  ASSERT_FALSE(HasFailure()) << "preparing the apps failed";
  std::size_t const jobs_before = fake_->job_count();
  auto added = fake_->AddFault(RuleFor(row, target));
  ASSERT_TRUE(added.ok()) << added.status();
  fake_->ClearJournal();

  Status const status =
      RunDrivingTheClock(row.op, target, row.fault.kind == fake::FaultKind::kDelay);

  int const fired = hung_fired_.value_or(Fired());
  ++TableFigures().rows;
  TableFigures().faults_injected += fired;
  if (hung_fired_) return;  // Failed already, naming the row; the rest would only add noise.
  std::set<std::string> methods;
  int const requests = RequestsTo(target, methods);
  Expect const& expect = row.expect;

  // The Status: its code, and for a failure a message naming the request and, for a transient
  // failure, that the retries ran out.
  EXPECT_EQ(status.code(), expect.code) << status;
  if (!status.ok()) {
    EXPECT_NE(status.code(), StatusCode::kUnknown);
    EXPECT_THAT(status.message(), HasSubstr(target.names));
    // Each broken stream delivered a line, so none was repeated by the client.
    bool const retried_out =
        IsTransientFailure(status) && row.fault.kind != fake::FaultKind::kLogBreak;
    if (retried_out) {
      EXPECT_THAT(status.message(), HasSubstr("gave up after " + std::to_string(kAttempts) +
                                              " attempts"));
    }
  }

  // How many attempts reached the fault, and how often it fired.
  EXPECT_EQ(requests, expect.requests) << "requests to " << target.method << " " << target.path;
  int const expected_fired = row.times ? std::min(*row.times, expect.requests) : expect.requests;
  EXPECT_EQ(fired, expected_fired);
  if (row.fault.http_status == 429) {
    EXPECT_THAT(gate_.waits(), Each(Ge(Duration(kRetryAfter))))
        << "every wait after a 429 honours its Retry-After";
  }

  // The result, and what changed in the fake: a write exactly when it should, reads nothing.
  bool const should_take_effect =
      expect.outcome == Outcome::kDone || expect.outcome == Outcome::kFailedAfterTakingEffect;
  std::set<std::string> allowed = {"GET", target.method};
  EXPECT_THAT(methods, IsSubsetOf(allowed)) << "only the operation's own requests";
  switch (row.op) {
    case Op::kSchedule:
      EXPECT_LE(fake_->job_count(), 1u) << "a second job";
      EXPECT_EQ(TookEffect(row.op, target), should_take_effect);
      break;
    case Op::kCancel:
      EXPECT_EQ(TookEffect(row.op, target), should_take_effect);
      EXPECT_EQ(fake_->job_count(), jobs_before);
      break;
    case Op::kRemove:
      EXPECT_EQ(TookEffect(row.op, target), should_take_effect);
      break;
    default:
      EXPECT_EQ(fake_->job_count(), jobs_before);
      break;
  }
  if (status.ok()) ExpectRightResult(row.op, expect.outcome, target);
  if (HasFailure()) {
    std::string journal;
    for (auto const& entry : fake_->Journal()) {
      journal += "\n  " + entry.Summary() + (entry.fault.empty() ? "" : " [" + entry.fault + "]");
    }
    ADD_FAILURE() << RowName(row) << ": the operation's requests:" << journal;
  }
}

std::string TestNameOf(::testing::TestParamInfo<Row> const& row) { return RowName(row.param); }

INSTANTIATE_TEST_SUITE_P(Table, ResilienceTableTest, ::testing::ValuesIn(Rows()), TestNameOf);

}  // namespace
}  // namespace lepton::sched
