// fake-loader: puts a concurrent job load on a Lepton workspace, normally the standalone
// fake-lepton, and checks that nothing was lost or duplicated (tools/fake_loader/load.h says
// what the load is). Prints one summary line on stdout.
//
// Exit codes: 0 everything checked out; 1 a call failed, or a job was lost, duplicated,
// unexpected or in the wrong state; 2 bad flags or no workspace configured; 3 the deadline
// passed. Nothing waits without a deadline: past the deadline plus a short grace the process
// ends with 3 even if a request is still in flight.

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <mutex>
#include <optional>
#include <memory>
#include <random>
#include <sstream>
#include <string_view>
#include <string>
#include <thread>
#include <vector>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "fake_loader/load.h"
#include "lepton/backoff_policy.h"
#include "lepton/client.h"
#include "lepton/connection.h"
#include "lepton/options.h"
#include "lepton/retry_policy.h"

namespace lepton::loader {
namespace {

constexpr int kExitOk = 0;
constexpr int kExitFailed = 1;
constexpr int kExitUsage = 2;
constexpr int kExitDeadline = 3;

// How long after the deadline the watchdog ends a run that has not finished: room for the
// calls in flight at the deadline to return and the summary to be printed.
constexpr std::chrono::seconds kGrace{5};

struct Flags {
  std::string url;
  std::string workspace_id;
  std::string token;
  int threads = 8;
  int jobs = 4000;
  int lists_per_worker = 8;
  double deadline_seconds = 120;
};

// Ends the process with kExitDeadline unless Disarm() is called before `at`: the guarantee that
// the program never hangs, whatever a server does.
class Watchdog {
 public:
  explicit Watchdog(SteadyTime at) : thread_([this, at] { Watch(at); }) {}
  ~Watchdog() { Disarm(); }
  Watchdog(Watchdog const&) = delete;
  Watchdog& operator=(Watchdog const&) = delete;

  void Disarm() {
    {
      std::lock_guard lock(mu_);
      disarmed_ = true;
    }
    disarmed_cv_.notify_one();
    if (thread_.joinable()) thread_.join();
  }

 private:
  void Watch(SteadyTime at) {
    std::unique_lock lock(mu_);
    if (disarmed_cv_.wait_until(lock, at, [this] { return disarmed_; })) return;
    std::fputs("fake-loader: error: still running past the deadline; giving up\n", stderr);
    std::fflush(stdout);
    std::_Exit(kExitDeadline);
  }

  std::mutex mu_;
  std::condition_variable disarmed_cv_;
  bool disarmed_ = false;
  std::thread thread_;  // Last: it starts once the members above exist.
};

char const* Env(char const* name) {
  char const* value = std::getenv(name);
  return value != nullptr && *value != '\0' ? value : nullptr;
}

// Flags first, then the official SDK's variables (LEPTON_WORKSPACE_URL, _ID, _TOKEN).
StatusOr<ClientOptions> WorkspaceOptions(Flags const& flags) {
  auto options = ClientOptionsFromArguments({flags.url, flags.workspace_id, flags.token});
  if (!options) {
    return Status(StatusCode::kInvalidArgument,
                  "no workspace: pass --url (or --workspace) and --token, or set "
                  "LEPTON_WORKSPACE_URL and LEPTON_WORKSPACE_TOKEN as fake-lepton prints them");
  }
  return options;
}

// Every request and every retry ends within the run's time: a request waits at most the whole
// budget (at least 1 s, at most the usual 120 s), retries back off briefly (a loader's server
// is near), and the client stops retrying after its fifth transient failure.
ClientOptions WithinBudget(ClientOptions options, std::chrono::milliseconds budget) {
  options.request_timeout = std::clamp(budget, std::chrono::milliseconds(1000),
                                       std::chrono::milliseconds(120'000));
  options.connect_timeout = std::min(options.connect_timeout, options.request_timeout);
  options.retry_policy = std::make_shared<LimitedErrorCountRetryPolicy>(5);
  options.backoff_policy = std::make_shared<ExponentialBackoffPolicy>(
      std::chrono::milliseconds(50), std::chrono::seconds(1));
  return options;
}

std::string NewRunId() {
  std::random_device random;
  return fmt::format("{:08x}", random());
}

// Replaces the token wherever it occurs in `text`: CLI11 may repeat an argument it did not
// expect, and that may be the token. Longest secrets first, so that a token that contains
// another is replaced whole; the search goes on after each replacement, so a secret that is
// part of "<redacted>" cannot be found in it again.
std::string Redacted(std::string text, std::vector<std::string> secrets) {
  constexpr std::string_view kRedacted = "<redacted>";
  std::sort(secrets.begin(), secrets.end(),
            [](std::string const& a, std::string const& b) { return a.size() > b.size(); });
  for (auto const& secret : secrets) {
    if (secret.empty()) continue;
    for (auto at = text.find(secret); at != std::string::npos;
         at = text.find(secret, at + kRedacted.size())) {
      text.replace(at, secret.size(), kRedacted);
    }
  }
  return text;
}

// The words of argv that may be a token: the one after --token, the value of --token=, the
// token part of --workspace <id>:<token>, and the tokens in the environment.
std::vector<std::string> Secrets(int argc, char** argv) {
  std::vector<std::string> secrets;
  for (int i = 1; i < argc; ++i) {
    std::string const word = argv[i];
    if (word == "--token" && i + 1 < argc) secrets.emplace_back(argv[i + 1]);
    if (word.starts_with("--token=")) secrets.push_back(word.substr(8));
    if (word == "--workspace" && i + 1 < argc) {
      secrets.push_back(SplitWorkspaceCredential(argv[i + 1]).token);
    }
    if (word.starts_with("--workspace=")) {
      secrets.push_back(SplitWorkspaceCredential(word.substr(12)).token);
    }
  }
  if (char const* token = Env(kWorkspaceTokenEnv)) secrets.emplace_back(token);
  if (char const* id = Env(kWorkspaceIdEnv)) secrets.push_back(SplitWorkspaceCredential(id).token);
  return secrets;
}

int Usage(CLI::App& app, CLI::ParseError const& e, int argc, char** argv) {
  std::ostringstream out;
  std::ostringstream err;
  int const code = app.exit(e, out, err);
  std::cout << out.str();
  std::cerr << Redacted(err.str(), Secrets(argc, argv));
  return code == 0 ? kExitOk : kExitUsage;
}

struct RequestCounts {
  std::atomic<std::uint64_t> all{0};
  std::atomic<std::uint64_t> unsuccessful{0};
};

// One line: what ran, what the check found (or that it could not run), the rate and the time.
void PrintSummary(Flags const& flags, std::string const& run_id, LoadReport const& report,
                  std::optional<Verification> const& verification,
                  RequestCounts const& requests, double load_seconds, double wall_seconds) {
  double const rate = load_seconds > 0 ? static_cast<double>(report.operations) / load_seconds : 0;
  std::string const found =
      verification ? fmt::format("{} lost, {} duplicated, {} unexpected, {} in a wrong state",
                                 verification->lost, verification->duplicated,
                                 verification->unexpected, verification->wrong_state)
                   : std::string("not verified");
  bool const late = report.deadline_passed || (verification && verification->deadline_passed);
  fmt::print(
      "fake-loader: {} threads, {} jobs (run {}): {} operations, {} errors, {}; {} requests "
      "({} not 2xx); {:.0f} ops/s; wall {:.2f} s{}\n",
      flags.threads, flags.jobs, run_id, report.operations, report.errors.size(), found,
      requests.all.load(), requests.unsuccessful.load(), rate, wall_seconds,
      late ? "; the deadline passed" : "");
  std::fflush(stdout);
}

// The first failed calls and mismatches, on stderr.
void PrintProblems(LoadReport const& report, std::optional<Verification> const& verification) {
  constexpr std::size_t kMaxLines = 20;
  for (std::size_t i = 0; i < report.errors.size() && i < kMaxLines; ++i) {
    fmt::print(stderr, "fake-loader: error: {}\n", report.errors[i]);
  }
  if (!verification) return;
  for (auto const& line : verification->problems) {
    fmt::print(stderr, "fake-loader: error: {}\n", line);
  }
}

int Run(Flags const& flags) {
  auto const start = std::chrono::steady_clock::now();
  auto const budget = std::chrono::duration_cast<std::chrono::milliseconds>(
      std::chrono::duration<double>(flags.deadline_seconds));
  LoadOptions load;
  load.threads = flags.threads;
  load.jobs = flags.jobs;
  load.lists_per_worker = flags.lists_per_worker;
  load.run_id = NewRunId();
  load.deadline = start + budget;
  Watchdog watchdog(load.deadline + kGrace);

  auto options = WorkspaceOptions(flags);
  if (!options) {
    fmt::print(stderr, "fake-loader: error: {}\n", options.status().message());
    return kExitUsage;
  }
  RequestCounts requests;
  ClientOptions client_options = WithinBudget(*std::move(options), budget);
  client_options.exchange_observer = [&requests](HttpExchange const& exchange) {
    requests.all.fetch_add(1, std::memory_order_relaxed);
    if (exchange.status < 200 || exchange.status >= 300) {
      requests.unsuccessful.fetch_add(1, std::memory_order_relaxed);
    }
  };
  auto connection = MakeConnection(std::move(client_options));
  if (!connection) {
    fmt::print(stderr, "fake-loader: error: {}\n", connection.status().ToString());
    return kExitUsage;
  }
  Client const client(*std::move(connection));

  LoadReport const report = RunLoad(client, load);
  double const load_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  // A run cut short by the deadline has nothing meaningful to verify.
  std::optional<Verification> verification;
  if (!report.deadline_passed) verification = Verify(client, load, report);
  double const wall_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  watchdog.Disarm();

  PrintSummary(flags, load.run_id, report, verification, requests, load_seconds, wall_seconds);
  PrintProblems(report, verification);
  if (!verification || verification->deadline_passed) return kExitDeadline;
  return report.errors.empty() && verification->ok() ? kExitOk : kExitFailed;
}

}  // namespace
}  // namespace lepton::loader

int main(int argc, char** argv) {
  using lepton::loader::Flags;
  CLI::App app{
      "Puts a concurrent create/patch/list/delete load on a Lepton workspace (normally the "
      "standalone fake-lepton) and checks that exactly the jobs it did not delete remain. The "
      "workspace comes from the flags or LEPTON_WORKSPACE_URL / _ID / _TOKEN."};
  Flags flags;
  app.add_option("--url", flags.url, "Workspace API URL (LEPTON_WORKSPACE_URL)");
  app.add_option("--workspace", flags.workspace_id, "Workspace id (LEPTON_WORKSPACE_ID)");
  app.add_option("--token", flags.token, "Workspace token (LEPTON_WORKSPACE_TOKEN)");
  app.add_option("--threads", flags.threads, "Client threads")
      ->check(CLI::Range(1, 256))
      ->capture_default_str();
  app.add_option("--jobs", flags.jobs, "Jobs created by all threads together")
      ->check(CLI::Range(1, 10'000'000))
      ->capture_default_str();
  app.add_option("--lists", flags.lists_per_worker,
                 "Times each thread lists its own jobs while it works, besides once at its end")
      ->check(CLI::Range(0, 1000))
      ->capture_default_str();
  app.add_option("--deadline", flags.deadline_seconds,
                 "Seconds the whole run may take; exit code 3 past it")
      ->check(CLI::Range(0.1, 86400.0))
      ->capture_default_str();
  try {
    app.parse(argc, argv);
  } catch (CLI::ParseError const& e) {
    return lepton::loader::Usage(app, e, argc, argv);
  }
  return lepton::loader::Run(flags);
}
