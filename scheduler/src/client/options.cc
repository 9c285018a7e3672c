#include "lepton/options.h"

#include <cstdlib>

#include <fmt/format.h>


namespace lepton {
namespace {

std::string Env(char const* name) {
  char const* value = std::getenv(name);
  return value == nullptr ? std::string() : std::string(value);
}

}  // namespace

std::string DefaultWorkspaceUrl(std::string const& workspace_id) {
  return fmt::format("{}/api/v2/workspaces/{}", kDefaultGatewayUrl, workspace_id);
}

StatusOr<ClientOptions> ClientOptionsFromEnvironment() {
  ClientOptions options;
  std::string workspace_id = Env(kWorkspaceIdEnv);
  options.token = Env(kWorkspaceTokenEnv);
  // The SDK's credential string: "<workspace id>:<token>", split on the first colon, used only
  // when no token was given separately.
  if (auto const colon = workspace_id.find(':'); colon != std::string::npos) {
    if (options.token.empty()) options.token = workspace_id.substr(colon + 1);
    workspace_id.resize(colon);
  }
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

}  // namespace lepton
