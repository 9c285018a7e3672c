// HTTPS certificate verification is on by default and never off silently: a connection to an
// https workspace with ClientOptions::verify_tls false is announced on stderr, once per process.
// The warning is process-wide state, so only one test here turns verification off for https
// through MakeConnection; when it is due is tested on TlsVerificationIsOff, which has no state.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "internal/rest/tls_warning.h"
#include "internal/rest/workspace_url.h"
#include "lepton/connection.h"
#include "lepton/options.h"

namespace lepton {
namespace {

using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;

// Listed in fixtures/test_tokens.txt (the warning must not name it either).
constexpr char kTlsTestToken[] = "client-probe-token-61f3a";

// What MakeConnection(options) prints on stderr; the connection itself must be made.
std::string StderrOfMakeConnection(ClientOptions const& options) {
  ::testing::internal::CaptureStderr();
  auto connection = MakeConnection(options);
  std::string printed = ::testing::internal::GetCapturedStderr();
  EXPECT_TRUE(connection.ok()) << connection.status();
  return printed;
}

ClientOptions HttpsOptions() {
  ClientOptions options;
  options.workspace_url = "https://gateway.example.com/api/v2/workspaces/ws";
  options.token = kTlsTestToken;
  return options;
}

std::size_t Count(std::string const& text, std::string const& part) {
  std::size_t n = 0;
  for (auto at = text.find(part); at != std::string::npos; at = text.find(part, at + 1)) ++n;
  return n;
}

TEST(TlsVerificationTest, IsOnByDefaultAndSaysNothing) {
  ClientOptions const options = HttpsOptions();
  ASSERT_TRUE(options.verify_tls);
  EXPECT_THAT(StderrOfMakeConnection(options), IsEmpty());
}

TEST(TlsVerificationTest, TurnedOffForHttpsItWarnsOnStderrOnceNamingTheHostNotTheToken) {
  ClientOptions options = HttpsOptions();
  options.verify_tls = false;
  std::string const first = StderrOfMakeConnection(options);
  EXPECT_THAT(first, HasSubstr("warning: HTTPS certificate verification is off for "
                               "https://gateway.example.com"));
  EXPECT_EQ(Count(first, "\n"), 1U) << "one line";
  EXPECT_THAT(first, Not(HasSubstr(kTlsTestToken)));
  std::string const second = StderrOfMakeConnection(options);
  EXPECT_THAT(second, IsEmpty()) << "said once per process";
}

TEST(TlsVerificationTest, IsDueOnlyForHttpsWithVerificationOff) {
  ClientOptions options = HttpsOptions();
  auto const https = internal::ParseWorkspaceUrl(options.workspace_url);
  auto const http = internal::ParseWorkspaceUrl("http://127.0.0.1:1/api/v2/workspaces/ws");
  ASSERT_TRUE(https.ok() && http.ok());
  EXPECT_FALSE(internal::TlsVerificationIsOff(options, *https)) << "verified https";
  EXPECT_FALSE(internal::TlsVerificationIsOff(options, *http)) << "plain http, verification on";
  options.verify_tls = false;
  EXPECT_TRUE(internal::TlsVerificationIsOff(options, *https)) << "https, verification off";
  EXPECT_FALSE(internal::TlsVerificationIsOff(options, *http)) << "nothing to verify on http";
}

}  // namespace
}  // namespace lepton
