// Fuzzes the fake's HTTP request handling (lepton/fake/fake_lepton.h): one FakeLepton on
// 127.0.0.1 with a manual clock, and one kept-alive client sending a request built from the
// input each iteration.
//
// Input: byte 0 picks the method (its value mod 8: '0' GET, '1' POST, '2' PUT, '3' PATCH,
// '4' DELETE, '5' HEAD, '6' OPTIONS, '7' GET); byte 1 picks what goes before the path (mod 4:
// '0' nothing, '1' the workspace API with the token, '2' /fake/v1, '3' the workspace API
// without a token); then a line with the path, a line with the query, header lines up to an
// empty line, and the body.
//
// Required: an answer or a closed connection; never a 5xx unless a fault was injected (the
// input may inject one through /fake/v1/faults or the fault header) or the storage is full
// (507); every 4xx but HEAD's carries a JSON body with "code" and "message"; and the fake
// still answers GET /fake/v1/clock afterwards, on the same kept-alive connection unless the
// answer said `Connection: close` (or the harness was so slow that the fake may have closed the
// idle connection: SendControl).
//
// A request that gets no answer within the client's read timeout (a delay fault in the fault
// header, a log stream of a running replica on the manual clock) is allowed, but the fake's
// worker may stay blocked in it (a delay on the manual clock waits until the clock moves, a
// real-time one for up to 1e9 s). After the clock check, such a fake is replaced with a fresh
// one, so that blocked workers cannot pile up until no worker is left for the next requests.
//
// A Content-Length or Transfer-Encoding header from the input frames the body as the input
// says, which need not match what is sent (a body under `Content-Length: 0` is read as the
// next request by any server); the connection is dropped after such a request. Every other
// unread body must be handled by the fake (fuzz/README.md, Findings, and the inputs in
// fuzz/regressions/fake_request_fuzzer/).

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <string_view>

#include <httplib.h>
#include <nlohmann/json.hpp>

#include "fuzz_input.h"
#include "lepton/clock.h"
#include "lepton/fake/fake_lepton.h"

namespace {

using lepton::fake::FakeLepton;

constexpr char kToken[] = "fuzz-token";
constexpr char kWorkspacePrefix[] = "/api/v2/workspaces/fuzz-ws";
// Jobs, files and the journal grow with the requests; forgetting them every so often keeps
// the fake's memory and the cost of each request bounded.
constexpr int kResetEvery = 512;

[[noreturn]] void Fail(std::string const& what, httplib::Request const& req) {
  std::fprintf(stderr, "fake_request_fuzzer: %s\n  request: %s %s\n", what.c_str(),
               req.method.c_str(), req.path.c_str());
  std::abort();
}

// A log stream of a running replica follows it until it ends, which on a manual clock is
// never: the read timeout ends such a request (a closed connection, which is allowed).
constexpr auto kReadTimeout = std::chrono::milliseconds(2000);

// The fake closes a kept-alive connection after 1 s without a request (its keep-alive
// timeout). A request sent just as it does so gets no answer.
constexpr auto kFakeIdleTimeout = std::chrono::milliseconds(1000);

struct Harness {
  std::unique_ptr<FakeLepton> fake;
  std::unique_ptr<httplib::Client> client;
  int iterations = 0;
  // When the client began sending its last request: the fake's connection cannot have been
  // idle for longer than the time since.
  std::chrono::steady_clock::time_point last_sent;
};

// Sends a control request. A transport error (no answer at all) when the previous request was
// sent about the fake's keep-alive timeout ago or longer may be the fake closing the idle
// connection, which servers may do: the request is sent once more, on a new connection. That
// only happens when the harness itself was slow (the machine's cores are shared, and a process
// paused for a second made the clock check fail); a connection closed sooner fails the check.
httplib::Result SendControl(Harness& h, char const* method, char const* path) {
  auto send = [&] {
    h.last_sent = std::chrono::steady_clock::now();
    return std::string_view(method) == "GET" ? h.client->Get(path) : h.client->Post(path);
  };
  auto const previous_sent = h.last_sent;
  httplib::Result result = send();
  if (!result &&
      std::chrono::steady_clock::now() - previous_sent >= kFakeIdleTimeout * 9 / 10) {
    h.client->stop();
    result = send();
  }
  return result;
}

// Starts a fake with an empty state and a kept-alive client for it, replacing those `h` had.
void StartFake(Harness& h) {
  // The client first: stopping the fake waits for its kept-alive connections to go idle.
  h.client.reset();
  h.fake.reset();
  lepton::fake::FakeLeptonOptions options;
  options.clock = std::make_shared<lepton::ManualClock>();
  options.workspace_id = "fuzz-ws";
  options.token = kToken;
  options.journal_capacity = 16;
  options.storage_capacity_bytes = 1 << 20;
  options.storage_max_file_bytes = 64 << 10;
  auto fake = FakeLepton::Start(std::move(options));
  if (!fake.ok()) {
    std::fprintf(stderr, "fake_request_fuzzer: cannot start the fake: %s\n",
                 fake.status().message().c_str());
    std::abort();
  }
  h.fake = std::move(*fake);
  h.client = std::make_unique<httplib::Client>("127.0.0.1", h.fake->port());
  h.client->set_keep_alive(true);
  h.client->set_tcp_nodelay(true);  // Else Nagle and delayed ACKs cost ~40 ms a request.
  h.client->set_connection_timeout(std::chrono::seconds(2));
  h.client->set_read_timeout(kReadTimeout);
  h.client->set_write_timeout(std::chrono::seconds(2));
  h.last_sent = std::chrono::steady_clock::now();
}

Harness& TheHarness() {
  static Harness* const harness = [] {
    auto* h = new Harness;  // Never destroyed: the process ends with the fuzzer.
    StartFake(*h);
    return h;
  }();
  return *harness;
}

httplib::Request BuildRequest(lepton::fuzzing::FuzzInput& input) {
  static char const* const kMethods[] = {"GET",    "POST", "PUT",     "PATCH",
                                         "DELETE", "HEAD", "OPTIONS", "GET"};
  httplib::Request req;
  req.method = kMethods[input.NextByte() % 8];
  std::uint8_t const target = input.NextByte() % 4;
  std::string path(input.NextLine());
  std::string_view const query = input.NextLine();
  if (target == 1 || target == 3) path = kWorkspacePrefix + path;
  if (target == 2) path = "/fake/v1" + path;
  if (path.empty() || path.front() != '/') path.insert(0, "/");
  if (!query.empty()) path += "?" + std::string(query);
  req.path = std::move(path);
  if (target == 1) req.set_header("Authorization", std::string("Bearer ") + kToken);
  for (auto& [name, value] : input.NextHeaders()) req.set_header(name.c_str(), value);
  req.body = std::string(input.Rest());
  return req;
}

void CheckAnswer(httplib::Request const& req, httplib::Response const& res, bool fault_injected) {
  if (res.status >= 500 && res.status != 507 && !fault_injected) {
    Fail("answered " + std::to_string(res.status) + " without an injected fault: " +
             res.body.substr(0, 512),
         req);
  }
  if (res.status >= 400 && res.status < 500 && req.method != "HEAD" && !fault_injected) {
    auto const body = nlohmann::json::parse(res.body, nullptr, /*allow_exceptions=*/false);
    if (!body.is_object() || !body.contains("code") || !body.contains("message")) {
      Fail("answered " + std::to_string(res.status) + " without a {code, message} body: " +
               res.body.substr(0, 512),
           req);
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(uint8_t const* data, size_t size) {
  Harness& h = TheHarness();
  if (++h.iterations % kResetEvery == 0) {
    httplib::Result reset = SendControl(h, "POST", "/fake/v1/reset");
    if (!reset || reset->status >= 300) {
      std::fprintf(stderr, "fake_request_fuzzer: POST /fake/v1/reset failed\n");
      std::abort();
    }
  }

  lepton::fuzzing::FuzzInput input(data, size);
  httplib::Request req = BuildRequest(input);
  // Before send(), which adds a Content-Length of its own.
  bool const input_frames_body =
      req.has_header("Content-Length") || req.has_header("Transfer-Encoding");
  int const header_faults_before = h.fake->header_faults_fired();

  httplib::Response res;
  httplib::Error error = httplib::Error::Success;
  auto const sent_at = std::chrono::steady_clock::now();
  h.last_sent = sent_at;
  bool const answered = h.client->send(req, res, error);
  // Unanswered for (nearly) the whole read timeout: a worker of the fake may still be blocked.
  bool const timed_out =
      !answered && std::chrono::steady_clock::now() - sent_at >= kReadTimeout * 9 / 10;

  bool const fault_injected =
      !h.fake->Faults().empty() || h.fake->header_faults_fired() != header_faults_before;
  if (answered) CheckAnswer(req, res, fault_injected);
  // Faults the input added would break the next iterations' checks (and the clock probe).
  if (fault_injected) h.fake->ClearFaults();
  if (input_frames_body) h.client->stop();

  httplib::Result clock = SendControl(h, "GET", "/fake/v1/clock");
  if (!clock || clock->status != 200) {
    Fail(std::string("GET /fake/v1/clock failed afterwards: ") +
             (clock ? std::to_string(clock->status) : httplib::to_string(clock.error())),
         req);
  }
  if (timed_out) StartFake(h);
  return 0;
}
