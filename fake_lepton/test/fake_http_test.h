#ifndef LEPTONKIT_FAKE_LEPTON_TEST_FAKE_HTTP_TEST_H_
#define LEPTONKIT_FAKE_LEPTON_TEST_FAKE_HTTP_TEST_H_

// A fake on a manual clock and a plain HTTP client for it: the base of the tests that check the
// fake's wire behaviour byte for byte (the production client would hide some of it).

#include <gtest/gtest.h>
#include <httplib.h>

#include <memory>
#include <string>

#include "internal/json_codec.h"
#include "lepton/fake/fake_lepton.h"

namespace lepton::fake {

class FakeHttpTest : public ::testing::Test {
 protected:
  static constexpr char kWorkspace[] = "/api/v2/workspaces/fake-ws";

  void SetUp() override {
    FakeLeptonOptions options = Options();
    options.clock = clock_;
    auto fake = FakeLepton::Start(options);
    ASSERT_TRUE(fake.ok()) << fake.status();
    fake_ = *std::move(fake);
    http_ = std::make_unique<httplib::Client>(fake_->base_url());
    http_->set_tcp_nodelay(true);
    http_->set_bearer_token_auth("fake-token");
  }

  virtual FakeLeptonOptions Options() { return {}; }

  /// Sends a request (path as given, body as JSON when not empty) and checks its status; the
  /// answer parsed as JSON (discarded when it is not JSON).
  internal::Json Call(char const* method, std::string const& path, std::string const& body = "",
                      int expected_status = 200) {
    httplib::Request req;
    req.method = method;
    req.path = path;
    req.body = body;
    if (!body.empty()) req.set_header("Content-Type", "application/json");
    auto result = http_->send(req);
    EXPECT_TRUE(result) << method << " " << path;
    if (!result) return internal::Json();
    EXPECT_EQ(result->status, expected_status) << method << " " << path << ": " << result->body;
    return internal::Json::parse(result->body, nullptr, false);
  }

  /// GET of a workspace API path such as "/jobs".
  internal::Json Get(std::string const& path, int expected_status = 200) {
    return Call("GET", kWorkspace + path, "", expected_status);
  }

  /// POST /jobs; the new job's id.
  std::string CreateJob(std::string const& body) {
    internal::Json const job = Call("POST", std::string(kWorkspace) + "/jobs", body);
    return job.is_object() ? job["metadata"].value("id", "") : "";
  }

  std::shared_ptr<ManualClock> clock_ = std::make_shared<ManualClock>();
  std::unique_ptr<FakeLepton> fake_;
  std::unique_ptr<httplib::Client> http_;
};

}  // namespace lepton::fake

#endif  // LEPTONKIT_FAKE_LEPTON_TEST_FAKE_HTTP_TEST_H_
