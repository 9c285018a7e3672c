#ifndef LEPTONKIT_SCHEDULER_INCLUDE_LEPTON_STATUS_H_
#define LEPTONKIT_SCHEDULER_INCLUDE_LEPTON_STATUS_H_

#include <optional>
#include <ostream>
#include <string>
#include <utility>

namespace lepton {

/// Canonical error categories. Every failure leptonkit reports carries one of these; the HTTP
/// details (when a server answered) are in ErrorInfo.
enum class StatusCode {
  kOk = 0,
  kCancelled,           ///< The caller gave up (for example a stream was closed on purpose).
  kUnknown,             ///< An answer leptonkit cannot classify.
  kInvalidArgument,     ///< The request is wrong and retrying it will not help (HTTP 400, 405, 413, 422).
  kDeadlineExceeded,    ///< A timeout or a wait deadline ran out.
  kNotFound,            ///< The job, replica, node group or workspace does not exist (HTTP 404).
  kAlreadyExists,       ///< The id is taken (HTTP 409 on create).
  kPermissionDenied,    ///< The token is valid but may not do this (HTTP 403).
  kResourceExhausted,   ///< Rate limited (HTTP 429); ErrorInfo::retry_after_seconds may say when to retry.
  kFailedPrecondition,  ///< The object is in a state that does not allow the call.
  kAborted,             ///< A conflict (HTTP 409 other than on create).
  kOutOfRange,          ///< Past the end of a range.
  kUnimplemented,       ///< The backend does not offer this (for example a fake-only control on live Lepton).
  kInternal,            ///< The server failed (HTTP 500 and other 5xx), or a response could not be decoded.
  kUnavailable,         ///< Transient: connection failure, HTTP 502/503/504. Safe to retry idempotent calls.
  kDataLoss,            ///< A response was cut short or corrupted.
  kUnauthenticated,     ///< No token, or a wrong one (HTTP 401).
};

/// The name of a code, e.g. "NOT_FOUND".
std::string StatusCodeName(StatusCode code);

/// Details of a failure that came from a server answer. All fields are empty for local errors.
struct ErrorInfo {
  int http_status = 0;                ///< The HTTP status code, 0 when no answer was received.
  std::string error_code;             ///< The server's `code` field, when the body was Lepton-shaped JSON.
  std::string raw_body;               ///< The body as received (bounded to a few KiB).
  std::optional<int> retry_after_seconds;  ///< From a `Retry-After` header, when present.

  friend bool operator==(ErrorInfo const&, ErrorInfo const&) = default;
};

/// The result of an operation: OK, or a code with a message and optional server details.
///
/// @par Thread Safety
/// A Status is a value; distinct objects may be used from distinct threads.
class Status {
 public:
  /// An OK status.
  Status() = default;
  Status(StatusCode code, std::string message, ErrorInfo info = {})
      : code_(code), message_(std::move(message)), info_(std::move(info)) {}

  [[nodiscard]] bool ok() const { return code_ == StatusCode::kOk; }
  [[nodiscard]] StatusCode code() const { return code_; }
  [[nodiscard]] std::string const& message() const { return message_; }
  [[nodiscard]] ErrorInfo const& error_info() const { return info_; }

  /// "NOT_FOUND: job x does not exist [HTTP 404, code JobNotFound]".
  [[nodiscard]] std::string ToString() const;

  friend bool operator==(Status const&, Status const&) = default;

 private:
  StatusCode code_ = StatusCode::kOk;
  std::string message_;
  ErrorInfo info_;
};

std::ostream& operator<<(std::ostream& os, Status const& status);
std::ostream& operator<<(std::ostream& os, StatusCode code);

/// A value or the Status that explains why there is none. Default construction is not OK
/// (code kUnknown), so `return {};` can never be mistaken for success.
template <typename T>
class [[nodiscard]] StatusOr {
 public:
  StatusOr() : status_(StatusCode::kUnknown, "default-constructed StatusOr") {}
  /// A failure. Passing an OK status is a programming error and becomes kInternal.
  StatusOr(Status status) : status_(std::move(status)) {  // NOLINT: implicit by design
    if (status_.ok()) status_ = Status(StatusCode::kInternal, "StatusOr built from an OK status");
  }
  StatusOr(T value) : value_(std::move(value)) {}  // NOLINT: implicit by design

  [[nodiscard]] bool ok() const { return value_.has_value(); }
  explicit operator bool() const { return ok(); }
  [[nodiscard]] Status const& status() const& { return status_; }
  [[nodiscard]] Status status() && { return std::move(status_); }

  /// The value. Calling these on a failed StatusOr is a programming error (it aborts).
  T& value() & { return *checked(); }
  T const& value() const& { return *checked(); }
  T&& value() && { return std::move(*checked()); }
  T& operator*() & { return value(); }
  T const& operator*() const& { return value(); }
  T&& operator*() && { return std::move(*this).value(); }
  T* operator->() { return &value(); }
  T const* operator->() const { return &value(); }

 private:
  std::optional<T>& checked() {
    if (!value_) AbortOnBadAccess();
    return value_;
  }
  std::optional<T> const& checked() const {
    if (!value_) AbortOnBadAccess();
    return value_;
  }
  [[noreturn]] void AbortOnBadAccess() const;

  Status status_;
  std::optional<T> value_;
};

namespace internal {
[[noreturn]] void AbortWithStatus(char const* what, Status const& status);
}  // namespace internal

template <typename T>
void StatusOr<T>::AbortOnBadAccess() const {
  internal::AbortWithStatus("value() called on a failed StatusOr", status_);
}

}  // namespace lepton

#endif  // LEPTONKIT_SCHEDULER_INCLUDE_LEPTON_STATUS_H_
