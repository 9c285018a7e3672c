#ifndef LEPTONKIT_SCHEDULER_INCLUDE_LEPTON_HTTP_EXCHANGE_H_
#define LEPTONKIT_SCHEDULER_INCLUDE_LEPTON_HTTP_EXCHANGE_H_

#include <functional>
#include <string>

namespace lepton {

/// One request the client sent and the answer it read, as ClientOptions::exchange_observer is
/// told of it. Headers are not included, and every occurrence of the token in the path and
/// the bodies (a server echoing it) is replaced by "<redacted>", so the token never is.
struct HttpExchange {
  std::string method;  ///< "GET", "POST", ...
  /// Relative to the workspace URL, with its query: "/jobs/j-1?job_query_mode=alive_and_archive".
  std::string path;
  /// The JSON sent; for a storage upload "<multipart upload, N bytes>" instead of the file.
  std::string request_body;
  int status = 0;  ///< The HTTP status of the answer.
  /// The answer's body; for a successful storage download "<download, N bytes>" instead of
  /// the file (an error answer's body is kept as it is).
  std::string response_body;
};

/// Called on the thread that made the request, after the answer is read and before it is
/// decoded; must not throw.
using ExchangeObserver = std::function<void(HttpExchange const&)>;

}  // namespace lepton

#endif  // LEPTONKIT_SCHEDULER_INCLUDE_LEPTON_HTTP_EXCHANGE_H_
