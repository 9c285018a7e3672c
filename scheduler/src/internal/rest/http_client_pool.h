#ifndef LEPTONKIT_SCHEDULER_SRC_INTERNAL_REST_HTTP_CLIENT_POOL_H_
#define LEPTONKIT_SCHEDULER_SRC_INTERNAL_REST_HTTP_CLIENT_POOL_H_

#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include <httplib.h>

#include "lepton/options.h"

namespace lepton::internal {

/// Kept-alive HTTP clients, one per concurrent caller: httplib::Client is not safe for
/// concurrent requests, so each call leases one and returns it afterwards. Clients are created
/// on demand with TCP_NODELAY (without it cpp-httplib 0.11 stalls ~40 ms per small request on a
/// reused connection), the options' timeouts, TLS verification and headers.
class HttpClientPool {
 public:
  /// Returns the client to the pool when destroyed.
  class Lease {
   public:
    Lease(HttpClientPool& pool, std::unique_ptr<httplib::Client> client)
        : pool_(pool), client_(std::move(client)) {}
    Lease(Lease const&) = delete;
    Lease& operator=(Lease const&) = delete;
    ~Lease() { pool_.Return(std::move(client_)); }
    httplib::Client& operator*() { return *client_; }
    httplib::Client* operator->() { return client_.get(); }

   private:
    HttpClientPool& pool_;
    std::unique_ptr<httplib::Client> client_;
  };

  HttpClientPool(std::string origin, ClientOptions const& options);

  Lease Acquire();

 private:
  void Return(std::unique_ptr<httplib::Client> client);
  std::unique_ptr<httplib::Client> MakeClient() const;

  // At most this many idle clients are kept; more concurrent callers get fresh ones.
  static constexpr std::size_t kMaxIdle = 32;

  std::string origin_;
  ClientOptions options_;
  std::mutex mu_;
  std::vector<std::unique_ptr<httplib::Client>> idle_;
};

}  // namespace lepton::internal

#endif  // LEPTONKIT_SCHEDULER_SRC_INTERNAL_REST_HTTP_CLIENT_POOL_H_
