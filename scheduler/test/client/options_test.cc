// Configuration resolved from the environment exactly like the official SDK.

#include "lepton/options.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <optional>
#include <string>

namespace lepton {
namespace {

// Sets (or unsets) one environment variable for the life of the object.
class ScopedEnvironment {
 public:
  ScopedEnvironment(char const* name, std::optional<std::string> const& value) : name_(name) {
    if (char const* old = std::getenv(name)) previous_ = old;
    if (value) {
      setenv(name, value->c_str(), 1);
    } else {
      unsetenv(name);
    }
  }
  ~ScopedEnvironment() {
    if (previous_) {
      setenv(name_, previous_->c_str(), 1);
    } else {
      unsetenv(name_);
    }
  }
  ScopedEnvironment(ScopedEnvironment const&) = delete;
  ScopedEnvironment& operator=(ScopedEnvironment const&) = delete;

 private:
  char const* name_;
  std::optional<std::string> previous_;
};

TEST(OptionsTest, WorkspaceIdGivesTheDefaultGatewayUrl) {
  ScopedEnvironment id(kWorkspaceIdEnv, "ws1");
  ScopedEnvironment token(kWorkspaceTokenEnv, "tok");
  ScopedEnvironment url(kWorkspaceUrlEnv, std::nullopt);
  auto options = ClientOptionsFromEnvironment();
  ASSERT_TRUE(options.ok()) << options.status();
  EXPECT_EQ(options->workspace_url,
            "https://gateway.dgxc-lepton.nvidia.com/api/v2/workspaces/ws1");
  EXPECT_EQ(options->token, "tok");
}

TEST(OptionsTest, CredentialStringIsSplitOnTheFirstColon) {
  ScopedEnvironment id(kWorkspaceIdEnv, "ws1:secret:with:colons");
  ScopedEnvironment token(kWorkspaceTokenEnv, std::nullopt);
  ScopedEnvironment url(kWorkspaceUrlEnv, std::nullopt);
  auto options = ClientOptionsFromEnvironment();
  ASSERT_TRUE(options.ok()) << options.status();
  EXPECT_EQ(options->token, "secret:with:colons");
  EXPECT_THAT(options->workspace_url, ::testing::EndsWith("/workspaces/ws1"));
}

TEST(OptionsTest, ExplicitTokenWinsOverTheCredentialString) {
  ScopedEnvironment id(kWorkspaceIdEnv, "ws1:from-id");
  ScopedEnvironment token(kWorkspaceTokenEnv, "from-token");
  ScopedEnvironment url(kWorkspaceUrlEnv, std::nullopt);
  auto options = ClientOptionsFromEnvironment();
  ASSERT_TRUE(options.ok()) << options.status();
  EXPECT_EQ(options->token, "from-token");
}

TEST(OptionsTest, UrlOverridesTheDefault) {
  ScopedEnvironment id(kWorkspaceIdEnv, "ws1");
  ScopedEnvironment url(kWorkspaceUrlEnv, "http://127.0.0.1:9/api/v2/workspaces/ws1");
  auto options = ClientOptionsFromEnvironment();
  ASSERT_TRUE(options.ok()) << options.status();
  EXPECT_EQ(options->workspace_url, "http://127.0.0.1:9/api/v2/workspaces/ws1");
}

TEST(OptionsTest, NothingSetIsInvalidArgumentNamingTheVariable) {
  ScopedEnvironment id(kWorkspaceIdEnv, std::nullopt);
  ScopedEnvironment url(kWorkspaceUrlEnv, std::nullopt);
  auto options = ClientOptionsFromEnvironment();
  EXPECT_EQ(options.status().code(), StatusCode::kInvalidArgument);
  EXPECT_THAT(options.status().message(), ::testing::HasSubstr("LEPTON_WORKSPACE_ID"));
}

TEST(OptionsTest, ArgumentsWinOverTheEnvironment) {
  ScopedEnvironment id(kWorkspaceIdEnv, "env-ws");
  ScopedEnvironment token(kWorkspaceTokenEnv, "env-token");
  ScopedEnvironment url(kWorkspaceUrlEnv, "http://127.0.0.1:9/api/v2/workspaces/env-ws");
  auto options = ClientOptionsFromArguments(
      {.url = "http://127.0.0.1:8/api/v2/workspaces/arg-ws", .workspace = "", .token = "arg-token"});
  ASSERT_TRUE(options.ok()) << options.status();
  EXPECT_EQ(options->workspace_url, "http://127.0.0.1:8/api/v2/workspaces/arg-ws");
  EXPECT_EQ(options->token, "arg-token");
}

TEST(OptionsTest, AWorkspaceArgumentTakesTheEnvironmentsTokenBeforeItsOwn) {
  ScopedEnvironment token(kWorkspaceTokenEnv, "env-token");
  auto options = ClientOptionsFromArguments({.url = "", .workspace = "ws1:cred-token", .token = ""});
  ASSERT_TRUE(options.ok()) << options.status();
  EXPECT_EQ(options->token, "env-token");
}

TEST(OptionsTest, ACredentialArgumentKeepsItsTokenOutOfTheUrl) {
  ScopedEnvironment token(kWorkspaceTokenEnv, std::nullopt);
  auto options = ClientOptionsFromArguments({.url = "", .workspace = "ws1:cred-token", .token = ""});
  ASSERT_TRUE(options.ok()) << options.status();
  EXPECT_EQ(options->token, "cred-token");
  EXPECT_EQ(options->workspace_url, "https://gateway.dgxc-lepton.nvidia.com/api/v2/workspaces/ws1");
}

TEST(OptionsTest, NoWorkspaceArgumentFallsBackToTheEnvironment) {
  ScopedEnvironment id(kWorkspaceIdEnv, "env-ws:env-cred");
  ScopedEnvironment token(kWorkspaceTokenEnv, std::nullopt);
  ScopedEnvironment url(kWorkspaceUrlEnv, std::nullopt);
  auto options = ClientOptionsFromArguments({.url = "", .workspace = "", .token = "arg-token"});
  ASSERT_TRUE(options.ok()) << options.status();
  EXPECT_THAT(options->workspace_url, ::testing::EndsWith("/workspaces/env-ws"));
  EXPECT_EQ(options->token, "arg-token");
  ScopedEnvironment no_id(kWorkspaceIdEnv, std::nullopt);
  EXPECT_EQ(ClientOptionsFromArguments({}).status().code(), StatusCode::kInvalidArgument);
}

TEST(OptionsTest, TlsVerificationIsOnByDefault) { EXPECT_TRUE(ClientOptions{}.verify_tls); }

}  // namespace
}  // namespace lepton
