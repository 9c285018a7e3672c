#ifndef LEPTONKIT_BENCH_BENCH_HTTP_H_
#define LEPTONKIT_BENCH_BENCH_HTTP_H_

// What the HTTP benchmarks share: the jobs path, a create body, a kept-alive raw client, and
// the id a create answered with.

#include <httplib.h>

#include <memory>
#include <string>

namespace lepton::bench {

inline constexpr char kJobsPath[] = "/api/v2/workspaces/fake-ws/jobs";
inline constexpr char kCreateBody[] =
    R"({"metadata":{"name":"bench"},"spec":{"resource_shape":"cpu.small",)"
    R"("container":{"image":"busybox","command":["sh","-c","echo hi; sleep 5"]}}})";

/// A cpp-httplib client to `base_url` with TCP_NODELAY, keep-alive and the bearer `token`.
inline std::unique_ptr<httplib::Client> KeptAliveClient(std::string const& base_url,
                                                        std::string const& token = "fake-token") {
  auto client = std::make_unique<httplib::Client>(base_url);
  client->set_tcp_nodelay(true);
  client->set_keep_alive(true);
  client->set_bearer_token_auth(token);
  return client;
}

/// The "id" of the job a POST /jobs answered with (the first "id" in the body).
inline std::string CreatedId(std::string const& body) {
  auto const start = body.find("\"id\":\"") + 6;
  return body.substr(start, body.find('"', start) - start);
}

}  // namespace lepton::bench

#endif  // LEPTONKIT_BENCH_BENCH_HTTP_H_
