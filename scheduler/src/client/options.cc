#include "lepton/options.h"

#include <cstdlib>
#include <utility>

#include <fmt/format.h>

namespace lepton {
namespace {

std::string Env(char const* name) {
  char const* value = std::getenv(name);
  return value == nullptr ? std::string() : std::string(value);
}

}  // namespace

WorkspaceCredential SplitWorkspaceCredential(std::string_view credential) {
  auto const colon = credential.find(':');
  if (colon == std::string_view::npos) return {std::string(credential), {}};
  return {std::string(credential.substr(0, colon)), std::string(credential.substr(colon + 1))};
}

std::string DefaultWorkspaceUrl(std::string const& workspace_id) {
  return fmt::format("{}/api/v2/workspaces/{}", kDefaultGatewayUrl, workspace_id);
}

StatusOr<ClientOptions> ClientOptionsFromEnvironment() {
  ClientOptions options;
  // LEPTON_WORKSPACE_ID may be the SDK's credential string; its token part is used only when
  // no token was given separately.
  auto [workspace_id, credential_token] = SplitWorkspaceCredential(Env(kWorkspaceIdEnv));
  options.token = Env(kWorkspaceTokenEnv);
  if (options.token.empty()) options.token = std::move(credential_token);
  options.workspace_url = Env(kWorkspaceUrlEnv);
  if (options.workspace_url.empty()) {
    if (workspace_id.empty()) {
      return Status(StatusCode::kInvalidArgument,
                    fmt::format("no workspace: set {} (or {} for a custom endpoint)",
                                kWorkspaceIdEnv, kWorkspaceUrlEnv));
    }
    options.workspace_url = DefaultWorkspaceUrl(workspace_id);
  }
  return options;
}

StatusOr<ClientOptions> ClientOptionsFromArguments(WorkspaceArguments const& args) {
  ClientOptions options;
  if (args.url.empty() && args.workspace.empty()) {
    auto from_env = ClientOptionsFromEnvironment();
    if (!from_env) return std::move(from_env).status();
    options = *std::move(from_env);
  } else {
    auto [workspace_id, credential_token] = SplitWorkspaceCredential(args.workspace);
    options.workspace_url = !args.url.empty() ? args.url : DefaultWorkspaceUrl(workspace_id);
    options.token = Env(kWorkspaceTokenEnv);
    if (options.token.empty()) options.token = std::move(credential_token);
  }
  if (!args.token.empty()) options.token = args.token;
  return options;
}

}  // namespace lepton
