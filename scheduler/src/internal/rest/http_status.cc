#include "internal/rest/http_status.h"

#include <charconv>

#include <fmt/format.h>

#include "internal/json_codec.h"

namespace lepton::internal {
namespace {

std::string Bounded(std::string_view text) {
  if (text.size() <= kMaxRawBody) return std::string(text);
  return std::string(text.substr(0, kMaxRawBody)) + "...";
}

std::string_view Trimmed(std::string_view text) {
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r' || text.back() == ' ')) {
    text.remove_suffix(1);
  }
  return text;
}

}  // namespace

// 400, 405, 413, 422 -> kInvalidArgument: the request itself is wrong, retrying cannot help.
// 401 -> kUnauthenticated; 403 -> kPermissionDenied; 404 -> kNotFound (job, replica, workspace).
// 408 -> kDeadlineExceeded. 409 -> kAlreadyExists (Lepton has no documented 409; an id clash is
// the only plausible one). 412 -> kFailedPrecondition. 429 -> kResourceExhausted (rate limit,
// with Retry-After). 502, 503, 504 -> kUnavailable (transient: gateways and restarts).
// 500 and other 5xx -> kInternal. Other 4xx -> kInvalidArgument. Anything else -> kUnknown.
StatusCode CodeForHttpStatus(int http_status) {
  switch (http_status) {
    case 400: case 405: case 413: case 422: return StatusCode::kInvalidArgument;
    case 401: return StatusCode::kUnauthenticated;
    case 403: return StatusCode::kPermissionDenied;
    case 404: return StatusCode::kNotFound;
    case 408: return StatusCode::kDeadlineExceeded;
    case 409: return StatusCode::kAlreadyExists;
    case 412: return StatusCode::kFailedPrecondition;
    case 429: return StatusCode::kResourceExhausted;
    case 502: case 503: case 504: return StatusCode::kUnavailable;
    default: break;
  }
  if (http_status < 400) return StatusCode::kOk;
  if (http_status < 500) return StatusCode::kInvalidArgument;
  if (http_status < 600) return StatusCode::kInternal;
  return StatusCode::kUnknown;
}

std::string WithoutSecret(std::string text, std::string_view secret) {
  if (secret.empty()) return text;
  constexpr std::string_view kRedacted = "<redacted>";
  for (auto at = text.find(secret); at != std::string::npos;
       at = text.find(secret, at + kRedacted.size())) {
    text.replace(at, secret.size(), kRedacted);
  }
  return text;
}

std::string RawBodyWithoutSecret(std::string_view body, std::string_view secret) {
  return WithoutSecret(std::string(body), secret).substr(0, kMaxRawBody);
}

Status AsStatus(std::string_view what, int http_status, std::string_view body,
                std::optional<int> retry_after_seconds, std::string_view secret) {
  StatusCode const code = CodeForHttpStatus(http_status);
  if (code == StatusCode::kOk) return Status();
  // Redacted before anything is cut or parsed, so no part of the secret survives in the code,
  // the message or the kept raw body.
  std::string const answer = WithoutSecret(std::string(body), secret);
  ErrorInfo info;
  info.http_status = http_status;
  info.raw_body = Bounded(answer);
  info.retry_after_seconds = retry_after_seconds;
  std::string detail;
  Json const parsed = Json::parse(answer, nullptr, /*allow_exceptions=*/false);
  if (parsed.is_object()) {
    auto const c = parsed.find("code");
    if (c != parsed.end() && c->is_string()) info.error_code = c->get<std::string>();
    auto const m = parsed.find("message");
    if (m != parsed.end() && m->is_string()) detail = m->get<std::string>();
  }
  if (detail.empty()) detail = Bounded(Trimmed(answer));
  if (detail.empty()) detail = "(empty body)";
  // JSON escapes (`\/`, `\u002d`) can hide the secret from the redaction of the raw text and
  // bring it back in the parsed code and message: those are redacted again.
  info.error_code = WithoutSecret(std::move(info.error_code), secret);
  return Status(code,
                WithoutSecret(fmt::format("{}: HTTP {}: {}", what, http_status, detail), secret),
                std::move(info));
}

Status TransportStatus(std::string_view what, httplib::Error error) {
  StatusCode code = StatusCode::kUnavailable;
  switch (error) {
    case httplib::Error::ConnectionTimeout:
      code = StatusCode::kDeadlineExceeded;
      break;
    case httplib::Error::Canceled:
      code = StatusCode::kCancelled;
      break;
    case httplib::Error::SSLServerVerification:
      code = StatusCode::kUnauthenticated;
      break;
    case httplib::Error::Read:
      // A read that fails after the request was sent may have been applied by the server: the
      // caller decides whether the call is safe to repeat.
      code = StatusCode::kUnavailable;
      break;
    default:
      break;
  }
  return Status(code, fmt::format("{}: no answer: {}", what, httplib::to_string(error)));
}

std::optional<int> ParseRetryAfter(std::string_view header_value) {
  int seconds = 0;
  auto const* end = header_value.data() + header_value.size();
  auto [ptr, ec] = std::from_chars(header_value.data(), end, seconds);
  if (ec != std::errc() || ptr != end || seconds < 0) return std::nullopt;
  return seconds;
}

}  // namespace lepton::internal
