// leptonctl: the command line for Lepton jobs (`lep job` verbs, torchx's run/status/log/cancel),
// against a workspace or an embedded fake. Exit codes: exit_codes.h and the README.

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "leptonctl/batch.h"
#include "leptonctl/context.h"
#include "leptonctl/exit_codes.h"
#include "leptonctl/secret_words.h"
#include "leptonctl/stop_signals.h"
#include "leptonctl/verbs.h"

namespace lepton::ctl {
namespace {

// Whether `flag` ("--json", "-e") is an option of `app` or of one of its verbs.
bool IsKnownFlag(CLI::App const& app, std::string_view flag) {
  auto has = [&](CLI::App const& a) {
    for (CLI::Option const* option : a.get_options()) {
      for (auto const& name : option->get_lnames()) {
        if (flag == "--" + name) return true;
      }
      for (auto const& name : option->get_snames()) {
        if (flag == "-" + name) return true;
      }
    }
    return false;
  };
  if (has(app)) return true;
  for (CLI::App const* verb : app.get_subcommands([](CLI::App const*) { return true; })) {
    if (has(*verb)) return true;
  }
  return false;
}

std::vector<std::string> Secrets(CLI::App const& app, std::vector<std::string> const& words) {
  char const* env = std::getenv("LEPTON_WORKSPACE_TOKEN");
  return SecretWords(words, [&](std::string_view flag) { return IsKnownFlag(app, flag); },
                     env != nullptr ? env : "");
}

// Prints help (exit 0) or the problem (exit 2), secrets masked.
int ParseFailed(CLI::App& app, CLI::ParseError const& e, std::vector<std::string> const& words) {
  std::ostringstream out, err;
  int const code = app.exit(e, out, err);
  fmt::print("{}", out.str());
  fmt::print(stderr, "{}", MaskWords(err.str(), Secrets(app, words)));
  return code == 0 ? kExitOk : kExitUsage;
}

// Runs the commands of `file` in order against one context (with --fake, one fake), echoing
// each; stops at the first that fails and returns its exit code.
int RunBatch(Context& ctx, std::string const& file) {
  std::ifstream in(file);
  if (!in) return UsageError("--batch", fmt::format("cannot read '{}'", file));
  std::vector<std::string> submitted;
  std::string line;
  int number = 0;
  while (std::getline(in, line)) {
    ++number;
    auto words = SplitWords(line);
    if (!words) return UsageError(fmt::format("{}:{}", file, number), words.status().message());
    if (words->empty()) continue;
    if (auto st = ResolveJobRefs(*words, submitted); !st.ok()) {
      return UsageError(fmt::format("{}:{}", file, number), st.message());
    }
    CLI::App app{"leptonctl"};
    VerbArgs args;
    AddVerbs(app, args);
    if (!ctx.json()) {
      std::string shown;
      for (auto const& w : *words) {
        bool const plain = !w.empty() && w.find_first_of(" \t'\"$;&|") == std::string::npos;
        shown += (shown.empty() ? "" : " ") + (plain ? w : fmt::format("'{}'", w));
      }
      fmt::print("\n$ leptonctl {}\n", MaskWords(shown, Secrets(app, *words)));
      std::fflush(stdout);
    }
    std::vector<std::string> const line_words = *words;
    std::reverse(words->begin(), words->end());  // CLI11 takes a vector last word first.
    try {
      app.parse(*words);
    } catch (CLI::ParseError const& e) {
      int const code = ParseFailed(app, e, line_words);
      if (code != kExitOk) return code;
      continue;
    }
    int const code = RunVerb(app, args, ctx);
    if (code != kExitOk) return code;
    if (app.got_subcommand("submit")) submitted.push_back(LastSubmitted());
  }
  return kExitOk;
}

int Main(int argc, char** argv) {
  CLI::App app{
      "leptonctl: submit, watch and manage Lepton jobs.\n"
      "The workspace comes from LEPTON_WORKSPACE_ID, LEPTON_WORKSPACE_TOKEN and "
      "LEPTON_WORKSPACE_URL (as the official SDK reads them) or the flags below; --fake runs "
      "against a fake workspace in this process instead."};
  app.footer(
      "Exit codes: 0 ok (wait: succeeded), 1 error, 2 usage, 3 not found, 4 no token, "
      "refused credentials or no such workspace, 5 request refused (400), 6 rate limited, "
      "unreachable or timed out, 7 --deadline passed (wait, logs -f), 8 job failed, 9 job "
      "cancelled.\n"
      "Example:\n  leptonctl --fake --time-scale 20 --batch tools/leptonctl/demo.lep");
  WorkspaceFlags flags;
  bool json = false;
  std::string batch;
  app.add_option("--workspace-id", flags.workspace_id, "Workspace id (LEPTON_WORKSPACE_ID)");
  app.add_option("--token", flags.token, "API token (LEPTON_WORKSPACE_TOKEN); never printed");
  app.add_option("--url", flags.url, "Workspace API URL (LEPTON_WORKSPACE_URL)");
  app.add_flag("--json", json, "Machine-readable output: one JSON document (or line) per result");
  CLI::Option* fake =
      app.add_flag("--fake", flags.fake, "Run against a fake Lepton workspace started in this process");
  // The fake's options mean nothing against a workspace and a workspace's mean nothing with
  // --fake: refused, not ignored.
  app.get_option("--workspace-id")->excludes(fake);
  app.get_option("--url")->excludes(fake);
  app.add_option("--fake-cluster", flags.fake_cluster, "Cluster file for --fake (fixtures/clusters)")
      ->check(CLI::ExistingFile)
      ->needs(fake);
  app.add_option("--fake-plan", flags.fake_plans, "Lifecycle plan for --fake (fixtures/scenarios)")
      ->check(CLI::ExistingFile)
      ->allow_extra_args(false)
      ->needs(fake);
  app.add_option("--time-scale", flags.time_scale, "With --fake: how much faster than real time it runs")
      ->check(CLI::Range(0.01, 10000.0))
      ->capture_default_str()
      ->needs(fake);
  app.add_flag("--serve-ui", flags.serve_ui,
               "With --fake: serve the fake's dashboard (its URL goes to stderr) and keep the "
               "fake running after the command until Ctrl-C")
      ->needs(fake);
  app.add_option("--retries", flags.retries,
                 "Transient failures (429, 5xx, no answer) each call rides out (default 5)")
      ->check(CLI::Range(0, 100));
  app.add_option("--batch", batch,
                 "Run the leptonctl commands in FILE, one per line, against one workspace "
                 "(@1, @2, @last: jobs submitted earlier in the file)")
      ->check(CLI::ExistingFile);
  VerbArgs args;
  AddVerbs(app, args);
  app.require_subcommand(0, 1);
  try {
    app.parse(argc, argv);
  } catch (CLI::ParseError const& e) {
    return ParseFailed(app, e, std::vector<std::string>(argv + 1, argv + argc));
  }
  if (batch.empty() && app.get_subcommands().empty()) {
    fmt::print(stderr, "{}", app.help());
    return kExitUsage;
  }
  if (!batch.empty() && !app.get_subcommands().empty()) {
    fmt::print(stderr, "leptonctl: error: give either --batch FILE or one command, not both\n");
    return kExitUsage;
  }
  // Before the fake's threads start, so that only it receives SIGINT and SIGTERM.
  std::optional<StopSignals> stop_signals;
  if (flags.serve_ui) stop_signals.emplace();
  auto ctx = Context::Open(flags, json);
  if (!ctx) return Fail("workspace", ctx.status());
  int const code = !batch.empty() ? RunBatch(**ctx, batch) : RunVerb(app, args, **ctx);
  if (stop_signals) {
    // What the command printed must not wait in a buffer while the fake serves.
    std::fflush(stdout);
    fmt::print(stderr, "leptonctl: the fake keeps serving; dashboard: {}/fake/ui/ (Ctrl-C stops it)\n",
               (*ctx)->embedded_fake()->base_url());
    stop_signals->Wait();
  }
  return code;
}

}  // namespace
}  // namespace lepton::ctl

// Everything is reported as one line and an exit code; an exception escaping a verb is a bug,
// still reported that way (exit 1) rather than as an abort.
int main(int argc, char** argv) {
  try {
    return lepton::ctl::Main(argc, argv);
  } catch (std::exception const& e) {
    fmt::print(stderr, "leptonctl: internal error: {} (please report it)\n", e.what());
  } catch (...) {
    fmt::print(stderr, "leptonctl: internal error (please report it)\n");
  }
  return lepton::ctl::kExitError;
}
