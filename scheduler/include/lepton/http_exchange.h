#ifndef LEPTONKIT_SCHEDULER_INCLUDE_LEPTON_HTTP_EXCHANGE_H_
#define LEPTONKIT_SCHEDULER_INCLUDE_LEPTON_HTTP_EXCHANGE_H_

#include <functional>
#include <string>

namespace lepton {

/// One request the client sent and the answer it read, as ClientOptions::exchange_observer is
/// told of it. Headers are not included, so the token never is.
struct HttpExchange {
  std::string method;  ///< "GET", "POST", ...
  /// Relative to the workspace URL, with its query: "/jobs/j-1?job_query_mode=alive_and_archive".
  std::string path;
  std::string request_body;
  int status = 0;  ///< The HTTP status of the answer.
  std::string response_body;
};

/// Called on the thread that made the request, after the answer is read and before it is
/// decoded; must not throw.
using ExchangeObserver = std::function<void(HttpExchange const&)>;

}  // namespace lepton

#endif  // LEPTONKIT_SCHEDULER_INCLUDE_LEPTON_HTTP_EXCHANGE_H_
