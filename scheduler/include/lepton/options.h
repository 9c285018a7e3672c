#ifndef LEPTONKIT_SCHEDULER_INCLUDE_LEPTON_OPTIONS_H_
#define LEPTONKIT_SCHEDULER_INCLUDE_LEPTON_OPTIONS_H_

#include <chrono>
#include <map>
#include <memory>
#include <string>
#include <string_view>

#include "lepton/backoff_policy.h"
#include "lepton/clock.h"
#include "lepton/http_exchange.h"
#include "lepton/retry_policy.h"
#include "lepton/status.h"

namespace lepton {

/// The public Lepton gateway; the workspace API lives under `/api/v2/workspaces/<id>`.
inline constexpr char kDefaultGatewayUrl[] = "https://gateway.dgxc-lepton.nvidia.com";

/// How a Client reaches a workspace.
struct ClientOptions {
  /// The workspace API URL, e.g. `https://gateway.dgxc-lepton.nvidia.com/api/v2/workspaces/ws1`
  /// or a fake's `http://127.0.0.1:<port>/api/v2/workspaces/ws1`. Every request path is appended
  /// to it as is, as the SDK does.
  std::string workspace_url;
  /// Sent as `Authorization: Bearer <token>`; no header when empty. Never logged or echoed.
  std::string token;
  std::chrono::milliseconds connect_timeout{10'000};
  /// Per request (the SDK uses 120 s). A log stream waits at most this long for the next bytes.
  std::chrono::milliseconds request_timeout{120'000};
  /// HTTPS certificate verification; on unless a caller turns it off explicitly, and never off
  /// silently: MakeConnection for an https URL with this false prints a warning on stderr (the
  /// first time in the process).
  bool verify_tls = true;
  /// A CA bundle file for HTTPS; empty uses the system's trust store.
  std::string ca_cert_file;
  /// Extra headers for every request (the SDK's LEPTON_DEBUG_HEADERS).
  std::map<std::string, std::string> extra_headers;
  /// Time for deadlines and polling; the system clock when null.
  std::shared_ptr<Clock> clock;
  /// Which failures of safe calls are retried: reads, DELETE, PATCH, and creates (made safe by
  /// a look-up, see Connection::CreateJob). Cloned per call. Null: at most 5 transient failures
  /// per call (a count, not a time, so a manual clock cannot make it spin forever).
  std::shared_ptr<RetryPolicy const> retry_policy;
  /// The waits between attempts; a 429's Retry-After is honoured when longer. Cloned per call.
  /// Null: exponential from 1 s to 32 s, doubling, with jitter.
  std::shared_ptr<BackoffPolicy const> backoff_policy;
  /// How the client waits between attempts; RealSleeper() when empty.
  Sleeper sleeper;
  /// Told of every request whose answer is read whole (every call but the log streams),
  /// failures and each retry included; for recording what a workspace answers (the contract
  /// suite's drift guard). Storage uploads and downloads are told too, but never of a file's
  /// bytes: a short description stands in for them (see HttpExchange). Empty: nobody is told.
  ExchangeObserver exchange_observer;
};

/// Environment variables read by ClientOptionsFromEnvironment, as the official SDK names them.
inline constexpr char kWorkspaceIdEnv[] = "LEPTON_WORKSPACE_ID";
inline constexpr char kWorkspaceTokenEnv[] = "LEPTON_WORKSPACE_TOKEN";
inline constexpr char kWorkspaceUrlEnv[] = "LEPTON_WORKSPACE_URL";

/// Resolves options like the SDK's APIClient: the workspace id from LEPTON_WORKSPACE_ID, split
/// on its first `:` into `<id>:<token>` when no token is set elsewhere; the token from
/// LEPTON_WORKSPACE_TOKEN; the URL from LEPTON_WORKSPACE_URL, else the default gateway URL of the
/// workspace. Fails with kInvalidArgument when neither an id nor a URL is set.
[[nodiscard]] StatusOr<ClientOptions> ClientOptionsFromEnvironment();

/// The SDK's credential string, `<workspace id>:<token>`, split on its first `:`. Without a
/// `:` it is all workspace id and the token is empty.
struct WorkspaceCredential {
  std::string workspace_id;
  std::string token;
};
[[nodiscard]] WorkspaceCredential SplitWorkspaceCredential(std::string_view credential);

/// What a command line may say about the workspace; each is empty when not given.
struct WorkspaceArguments {
  std::string url;        ///< The workspace URL.
  std::string workspace;  ///< A workspace id, or the SDK's credential string `<id>:<token>`.
  std::string token;
};

/// Options from command-line arguments over the environment, explicit arguments first as in the
/// SDK. With neither `url` nor `workspace`: ClientOptionsFromEnvironment() (and its failure).
/// Otherwise the URL is `url`, else the default URL of the workspace id, and the token is
/// LEPTON_WORKSPACE_TOKEN, else the credential string's token part; the token part never goes
/// into the URL. A `token` given wins over both. The token may come out empty.
[[nodiscard]] StatusOr<ClientOptions> ClientOptionsFromArguments(WorkspaceArguments const& args);

/// The default workspace URL of `workspace_id`: `<gateway>/api/v2/workspaces/<id>`.
[[nodiscard]] std::string DefaultWorkspaceUrl(std::string const& workspace_id);

}  // namespace lepton

#endif  // LEPTONKIT_SCHEDULER_INCLUDE_LEPTON_OPTIONS_H_
