#ifndef LEPTONKIT_FAKE_LEPTON_SRC_API_ERROR_H_
#define LEPTONKIT_FAKE_LEPTON_SRC_API_ERROR_H_

#include <string>

namespace lepton::fake {

/// An error the fake answers with: an HTTP status and the Lepton-shaped body
/// `{"code": code, "message": message}`. The code strings are leptonkit's inference (the real
/// ones are not documented; see fixtures/README.md).
struct HttpError {
  int http_status = 500;
  std::string code;
  std::string message;
};

inline HttpError BadRequest(std::string message) { return {400, "BadRequest", std::move(message)}; }
inline HttpError Unauthorized(std::string message) {
  return {401, "Unauthorized", std::move(message)};
}
inline HttpError NotFound(std::string message) { return {404, "NotFound", std::move(message)}; }
inline HttpError MethodNotAllowed(std::string message) {
  return {405, "MethodNotAllowed", std::move(message)};
}
inline HttpError Conflict(std::string message) { return {409, "Conflict", std::move(message)}; }
inline HttpError PayloadTooLarge(std::string message) {
  return {413, "PayloadTooLarge", std::move(message)};
}
inline HttpError InternalError(std::string message) {
  return {500, "InternalError", std::move(message)};
}

}  // namespace lepton::fake

#endif  // LEPTONKIT_FAKE_LEPTON_SRC_API_ERROR_H_
