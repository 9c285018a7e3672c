#include "internal/rest/http_client_pool.h"

namespace lepton::internal {

HttpClientPool::HttpClientPool(std::string origin, ClientOptions const& options)
    : origin_(std::move(origin)), options_(options) {}

HttpClientPool::Lease HttpClientPool::Acquire() {
  {
    std::lock_guard lock(mu_);
    if (!idle_.empty()) {
      auto client = std::move(idle_.back());
      idle_.pop_back();
      return Lease(*this, std::move(client));
    }
  }
  return Lease(*this, MakeClient());
}

void HttpClientPool::Return(std::unique_ptr<httplib::Client> client) {
  if (!client) return;
  std::lock_guard lock(mu_);
  if (idle_.size() < kMaxIdle) idle_.push_back(std::move(client));
}

std::unique_ptr<httplib::Client> HttpClientPool::MakeClient() const {
  auto client = std::make_unique<httplib::Client>(origin_);
  client->set_tcp_nodelay(true);
  client->set_keep_alive(true);
  client->set_connection_timeout(options_.connect_timeout);
  client->set_read_timeout(options_.request_timeout);
  client->set_write_timeout(options_.request_timeout);
  client->enable_server_certificate_verification(options_.verify_tls);
  if (!options_.ca_cert_file.empty()) client->set_ca_cert_path(options_.ca_cert_file);
  if (!options_.token.empty()) client->set_bearer_token_auth(options_.token);
  httplib::Headers headers;
  for (auto const& [key, value] : options_.extra_headers) headers.emplace(key, value);
  client->set_default_headers(std::move(headers));
  return client;
}

}  // namespace lepton::internal
