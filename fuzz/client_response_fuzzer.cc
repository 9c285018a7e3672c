// Fuzzes the client's handling of server answers (lepton/client.h): a loopback httplib::Server
// answers every request with a status, headers and body taken from the input, and a Client
// made by MakeConnection (one retry, a manual clock, short timeouts) makes one call.
//
// Input: byte 0 picks the call (its value mod 8, then mod 5: '0' GetJob, '1' ListJobsPage,
// '2' ListReplicas, '3' ReadReplicaLog, '4' ListDirectory); then a line with the status in
// decimal (clamped to 100..599), header lines up to an empty line, and the body.
// Content-Length and Transfer-Encoding from the input are dropped: the server frames the
// body itself, so that every answer is complete and a wrong length cannot stall the call
// until its timeout.
//
// Required: every call returns a Status or a value (no crash, no exception, no hang; the
// libFuzzer -timeout catches a hang).

#include <cctype>
#include <charconv>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

#include <httplib.h>

#include "fuzz_input.h"
#include "lepton/client.h"
#include "lepton/clock.h"
#include "lepton/connection.h"
#include "lepton/options.h"
#include "lepton/retry_policy.h"

namespace {

// What the server answers with; set before each call.
struct Answer {
  int status = 200;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
};

class AnsweringServer {
 public:
  AnsweringServer() {
    auto const handler = [this](httplib::Request const&, httplib::Response& res) {
      std::lock_guard<std::mutex> lock(mu_);
      res.status = answer_.status;
      for (auto const& [name, value] : answer_.headers) res.set_header(name.c_str(), value);
      res.body = answer_.body;
    };
    server_.Get(".*", handler);
    server_.Post(".*", handler);
    server_.Put(".*", handler);
    server_.Patch(".*", handler);
    server_.Delete(".*", handler);
    server_.set_tcp_nodelay(true);  // Else Nagle and delayed ACKs cost ~40 ms an answer.
    // httplib closes a kept-alive connection after 5 requests by default, which made every
    // fifth call reconnect. An input can still close it (a `Connection: close` header).
    server_.set_keep_alive_max_count(std::numeric_limits<std::size_t>::max());
    port_ = server_.bind_to_any_port("127.0.0.1");
    if (port_ <= 0) {
      std::fprintf(stderr, "client_response_fuzzer: cannot bind 127.0.0.1\n");
      std::abort();
    }
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    // The socket already listens (connections wait in its backlog); this only keeps the first
    // call from racing the accept loop's start.
    while (!server_.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }

  int port() const { return port_; }

  void Set(Answer answer) {
    std::lock_guard<std::mutex> lock(mu_);
    answer_ = std::move(answer);
  }

 private:
  httplib::Server server_;
  int port_ = 0;
  std::thread thread_;  // Runs until the process ends.
  std::mutex mu_;
  Answer answer_;
};

struct Harness {
  AnsweringServer server;
  std::unique_ptr<lepton::Client> client;
};

Harness& TheHarness() {
  static Harness* const harness = [] {
    auto* h = new Harness;  // Never destroyed: the process ends with the fuzzer.
    auto clock = std::make_shared<lepton::ManualClock>();
    lepton::ClientOptions options;
    options.workspace_url =
        "http://127.0.0.1:" + std::to_string(h->server.port()) + "/api/v2/workspaces/fuzz-ws";
    options.token = "fuzz-token";
    options.connect_timeout = std::chrono::milliseconds(1000);
    options.request_timeout = std::chrono::milliseconds(2000);
    options.clock = clock;
    // One retry covers the retry path (and Retry-After) without waiting: the sleeper only
    // advances the manual clock.
    options.retry_policy = std::make_shared<lepton::LimitedErrorCountRetryPolicy>(1);
    options.sleeper = lepton::ManualClockSleeper(clock);
    auto connection = lepton::MakeConnection(std::move(options));
    if (!connection.ok()) {
      std::fprintf(stderr, "client_response_fuzzer: MakeConnection failed: %s\n",
                   connection.status().message().c_str());
      std::abort();
    }
    h->client = std::make_unique<lepton::Client>(std::move(*connection));
    return h;
  }();
  return *harness;
}

bool EqualsIgnoringCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) !=
        std::tolower(static_cast<unsigned char>(b[i]))) {
      return false;
    }
  }
  return true;
}

bool IsFramingHeader(std::string_view name) {
  return EqualsIgnoringCase(name, "Content-Length") ||
         EqualsIgnoringCase(name, "Transfer-Encoding");
}

Answer ReadAnswer(lepton::fuzzing::FuzzInput& input) {
  Answer answer;
  std::string_view const status = input.NextLine();
  int value = 200;
  std::from_chars(status.data(), status.data() + status.size(), value);
  answer.status = value < 100 ? 100 : value > 599 ? 599 : value;
  for (auto& header : input.NextHeaders()) {
    if (!IsFramingHeader(header.first)) answer.headers.push_back(std::move(header));
  }
  answer.body = std::string(input.Rest());
  return answer;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(uint8_t const* data, size_t size) {
  Harness& h = TheHarness();
  lepton::fuzzing::FuzzInput input(data, size);
  int const call = input.NextByte() % 8 % 5;
  h.server.Set(ReadAnswer(input));

  lepton::Client& client = *h.client;
  switch (call) {
    case 0:
      (void)client.GetJob("job-1").status();
      break;
    case 1: {
      lepton::ListJobsRequest request;
      request.page = 1;
      (void)client.ListJobs(request).status();
      break;
    }
    case 2:
      (void)client.ListReplicas("job-1").status();
      break;
    case 3:
      (void)client.ReadReplicaLog("job-1", "replica-0").status();
      break;
    default:
      (void)client.ListDirectory("default", "/data").status();
      break;
  }
  return 0;
}
