#ifndef LEPTONKIT_SCHEDULER_SRC_INTERNAL_REST_HTTP_STATUS_H_
#define LEPTONKIT_SCHEDULER_SRC_INTERNAL_REST_HTTP_STATUS_H_

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include <httplib.h>

#include "lepton/status.h"

namespace lepton::internal {

/// The one mapping from a server answer to a Status. `what` names the call ("GET /jobs/x") and
/// starts the message. Below 400 is OK. The body's `code` and `message` are used when it is
/// Lepton-shaped JSON; otherwise the (bounded) raw text is the message. Every occurrence of
/// `secret` (the token, when a server or proxy echoes it) in the message and the kept raw body
/// is replaced by "<redacted>".
Status AsStatus(std::string_view what, int http_status, std::string_view body,
                std::optional<int> retry_after_seconds = std::nullopt,
                std::string_view secret = {});

/// `text` with every occurrence of `secret` replaced by "<redacted>"; unchanged when `secret`
/// is empty.
std::string WithoutSecret(std::string text, std::string_view secret);

/// The most of an answer's body that a Status keeps (ErrorInfo::raw_body).
inline constexpr std::size_t kMaxRawBody = 4096;

/// How many bytes of an answer's body to collect, when it arrives in pieces, so that none of
/// `secret` is left once it is redacted and the result cut to kMaxRawBody: an occurrence that
/// starts within the kept part is then collected whole.
[[nodiscard]] inline std::size_t RawBodyCollectLimit(std::string_view secret) {
  return kMaxRawBody + secret.size();
}

/// `body` as ErrorInfo::raw_body keeps it: `secret` redacted, then cut to kMaxRawBody.
[[nodiscard]] std::string RawBodyWithoutSecret(std::string_view body, std::string_view secret);

/// The Status for a request that got no answer (connection refused, reset, timeout, TLS).
Status TransportStatus(std::string_view what, httplib::Error error);

/// The StatusCode for an HTTP status (documented in http_status.cc).
StatusCode CodeForHttpStatus(int http_status);

/// `Retry-After` as whole seconds, when it is a number (HTTP dates are not used by Lepton).
std::optional<int> ParseRetryAfter(std::string_view header_value);

}  // namespace lepton::internal

#endif  // LEPTONKIT_SCHEDULER_SRC_INTERNAL_REST_HTTP_STATUS_H_
