#include "lepton/contract/runner.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>

#include "lepton/contract/backend.h"
#include "suite_anchor.h"
#include "summary.h"
#include "sweeper.h"

extern char** environ;

#define LEPTON_CONTRACT_DECLARE_ANCHOR(name) \
  namespace lepton::contract::suites { void name##_anchor(); }
LEPTON_CONTRACT_SUITES(LEPTON_CONTRACT_DECLARE_ANCHOR)

namespace lepton::contract {
namespace {

// Refers to every suite's anchor, so the linker keeps every suite (suite_anchor.h).
void LinkEverySuite() {
#define LEPTON_CONTRACT_USE_ANCHOR(name) suites::name##_anchor();
  LEPTON_CONTRACT_SUITES(LEPTON_CONTRACT_USE_ANCHOR)
}

struct RunnerFlags {
  std::vector<std::string> backends;
  BackendSettings settings;
  std::string summary_file;  // Internal: a child writes its summary here.
  bool sweep_only = false;
  std::vector<std::string> passthrough;  // --gtest_* and anything gtest takes.
};

std::vector<std::string> Split(std::string_view list) {
  std::vector<std::string> out;
  while (!list.empty()) {
    auto const comma = list.find(',');
    if (auto item = list.substr(0, comma); !item.empty()) out.emplace_back(item);
    list = comma == std::string_view::npos ? std::string_view() : list.substr(comma + 1);
  }
  return out;
}

// Reads `--name=value` or `--name value`; true when `arg` is that flag.
bool TakeValue(std::string_view name, std::vector<std::string> const& args, std::size_t& i,
               std::string& value, std::string& error) {
  std::string_view const arg = args[i];
  if (arg == name) {
    if (i + 1 >= args.size()) {
      error = fmt::format("{} needs a value", name);
      return true;
    }
    value = args[++i];
    return true;
  }
  if (arg.starts_with(name) && arg.size() > name.size() && arg[name.size()] == '=') {
    value = std::string(arg.substr(name.size() + 1));
    return true;
  }
  return false;
}

StatusOr<RunnerFlags> ParseFlags(std::vector<std::string> const& args) {
  RunnerFlags flags;
  flags.settings = BackendSettingsFromEnvironment();
  std::string value;
  std::string error;
  for (std::size_t i = 1; i < args.size(); ++i) {
    if (TakeValue("--backend", args, i, value, error)) {
      flags.backends = Split(value);
    } else if (TakeValue("--fake-binary", args, i, flags.settings.fake_binary, error)) {
    } else if (TakeValue("--record", args, i, flags.settings.record_dir, error)) {
    } else if (TakeValue("--summary-file", args, i, flags.summary_file, error)) {
    } else if (TakeValue("--time-scale", args, i, value, error)) {
      char* end = nullptr;
      flags.settings.time_scale = std::strtod(value.c_str(), &end);
      if (end == value.c_str() || *end != '\0' || flags.settings.time_scale <= 0) {
        error = fmt::format("--time-scale: '{}' is not a positive number", value);
      }
    } else if (args[i] == "--sweep-only") {
      flags.sweep_only = true;
    } else if (args[i].starts_with("--gtest_") || args[i].starts_with("--gmock_")) {
      flags.passthrough.push_back(args[i]);
    } else {
      error = fmt::format("unknown argument '{}' (see --help)", args[i]);
    }
    if (!error.empty()) return Status(StatusCode::kInvalidArgument, error);
  }
  if (flags.backends.empty()) flags.backends = {flags.settings.name};
  for (auto const& b : flags.backends) {
    if (b != kInProcessBackend && b != kProcessBackend && b != kLiveBackend) {
      return Status(StatusCode::kInvalidArgument,
                    fmt::format("--backend: unknown backend '{}' (inprocess, process, live)", b));
    }
  }
  return flags;
}

constexpr char kUsage[] = R"(usage: lepton-contract [--backend=inprocess,process,live]
                      [--fake-binary=PATH] [--time-scale=N] [--record=DIR] [--sweep-only]
                      [--gtest_filter=...] [other --gtest_* flags]
Runs the leptonkit contract suite against each backend and prints a summary per backend.
  inprocess  a fresh in-process fake per test, on a manual clock
  process    a fresh standalone fake-lepton per test (LEPTONKIT_FAKE_LEPTON or --fake-binary)
  live       the workspace of LEPTON_WORKSPACE_ID / LEPTON_WORKSPACE_TOKEN / LEPTON_WORKSPACE_URL;
             test jobs use LEPTONKIT_CONTRACT_SHAPE (cpu.small), LEPTONKIT_CONTRACT_IMAGE
             (ubuntu:24.04), LEPTONKIT_CONTRACT_NODE_GROUP (none); skipped when unset
)";

// Deletes leftover contract jobs (sweeper.h) of the backend `settings` names, without
// recording. A backend that is not configured has nothing to sweep.
Status Sweep(BackendSettings settings, bool report) {
  settings.record_dir.clear();
  auto backend = MakeBackend(settings);
  if (!backend) {
    return backend.status().code() == StatusCode::kFailedPrecondition ? Status()
                                                                      : backend.status();
  }
  Client client = (*backend)->client();
  auto swept = SweepLeftovers(client, SystemClock().Now(), std::chrono::hours(1));
  if (!swept) return std::move(swept).status();
  if (report || !swept->empty()) {
    std::fprintf(stderr, "lepton-contract: deleted %zu leftover contract jobs\n", swept->size());
  }
  return Status();
}

// Runs the tests in this process against one backend; gtest's exit code.
int RunOne(RunnerFlags const& flags, std::string const& backend, char const* argv0) {
  BackendSettings settings = flags.settings;
  settings.name = backend;
  SetBackendSettings(settings);

  std::vector<std::string> gtest_args = {argv0};
  gtest_args.insert(gtest_args.end(), flags.passthrough.begin(), flags.passthrough.end());
  std::vector<char*> gtest_argv;
  for (auto& a : gtest_args) gtest_argv.push_back(a.data());
  int gtest_argc = static_cast<int>(gtest_argv.size());
  gtest_argv.push_back(nullptr);
  ::testing::InitGoogleMock(&gtest_argc, gtest_argv.data());

  if (backend == kLiveBackend) {
    // Leftovers of runs killed before their clean-up (older than an hour, so never a job of a
    // run still going). A failure is reported and the run goes on.
    if (Status s = Sweep(settings, /*report=*/false); !s.ok()) {
      std::fprintf(stderr, "lepton-contract: sweeping leftovers failed: %s\n", s.ToString().c_str());
    }
  }

  BackendSummary summary;
  summary.backend = backend;
  auto& listeners = ::testing::UnitTest::GetInstance()->listeners();
  auto* listener = new SummaryListener(summary);
  listeners.Append(listener);
  int const result = RUN_ALL_TESTS();
  // The listener refers to `summary`, which ends with this call.
  delete listeners.Release(listener);
  if (!settings.record_dir.empty()) {
    // Which tests made the recording (skipped ones made at most their clean-up calls), so a
    // recording of the fake can be made from the same tests: --gtest_filter=$(paste -sd: FILE).
    std::ofstream ran(std::filesystem::path(settings.record_dir) / "tests-run.txt");
    for (auto const& o : summary.outcomes) {
      if (o.result != "skipped") ran << o.test << "\n";
    }
  }
  if (!flags.summary_file.empty()) {
    if (Status s = WriteSummary(summary, flags.summary_file); !s.ok()) {
      std::fprintf(stderr, "lepton-contract: %s\n", s.ToString().c_str());
      return 1;
    }
  } else {
    std::fputs(FormatSummaries({summary}).c_str(), stdout);
  }
  return result;
}

// Runs this executable once per backend; each child writes its summary to a scratch file.
int RunEach(RunnerFlags const& flags, std::vector<std::string> const& args) {
  std::vector<BackendSummary> summaries;
  int exit_code = 0;
  auto const scratch = std::filesystem::temp_directory_path() /
                       fmt::format("lepton-contract-{}", ::getpid());
  std::filesystem::create_directories(scratch);
  for (auto const& backend : flags.backends) {
    std::string const file = (scratch / (backend + ".json")).string();
    std::vector<std::string> child = {args[0], "--backend=" + backend, "--summary-file=" + file,
                                      fmt::format("--time-scale={}", flags.settings.time_scale)};
    if (!flags.settings.fake_binary.empty()) {
      child.push_back("--fake-binary=" + flags.settings.fake_binary);
    }
    if (!flags.settings.record_dir.empty()) {
      // One directory per backend, so recordings of different backends never mix.
      child.push_back("--record=" + flags.settings.record_dir + "/" + backend);
    }
    child.insert(child.end(), flags.passthrough.begin(), flags.passthrough.end());
    std::vector<char*> argv;
    for (auto& a : child) argv.push_back(a.data());
    argv.push_back(nullptr);
    std::fflush(stdout);
    std::printf("\n=== lepton-contract: backend %s ===\n", backend.c_str());
    std::fflush(stdout);
    pid_t pid = 0;
    int status = 0;
    if (::posix_spawn(&pid, "/proc/self/exe", nullptr, nullptr, argv.data(), environ) != 0 ||
        ::waitpid(pid, &status, 0) != pid) {
      summaries.push_back({backend, {}, "could not run the child process"});
      exit_code = 1;
      continue;
    }
    auto summary = ReadSummary(file);
    if (!summary) {
      std::string why = WIFSIGNALED(status) ? fmt::format("killed by signal {}", WTERMSIG(status))
                                            : fmt::format("exit {}", WEXITSTATUS(status));
      summaries.push_back({backend, {}, why + "; " + summary.status().message()});
      exit_code = 1;
      continue;
    }
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0 || summary->Count("failed") > 0) {
      exit_code = 1;
    }
    summaries.push_back(*std::move(summary));
  }
  std::filesystem::remove_all(scratch);
  std::fputs(FormatSummaries(summaries).c_str(), stdout);
  return exit_code;
}

}  // namespace

int RunContractSuite(int argc, char** argv) {
  LinkEverySuite();
  std::vector<std::string> args(argv, argv + argc);
  for (auto const& a : args) {
    if (a == "--help" || a == "-h") {
      std::fputs(kUsage, stdout);
      return 0;
    }
  }
  auto flags = ParseFlags(args);
  if (!flags) {
    std::fprintf(stderr, "lepton-contract: %s\n", flags.status().message().c_str());
    return 2;
  }
  if (flags->sweep_only) {
    if (flags->backends != std::vector<std::string>{kLiveBackend}) {
      std::fprintf(stderr, "lepton-contract: --sweep-only works on a workspace: --backend=live\n");
      return 2;
    }
    BackendSettings settings = flags->settings;
    settings.name = kLiveBackend;
    if (Status s = Sweep(settings, /*report=*/true); !s.ok()) {
      std::fprintf(stderr, "lepton-contract: %s\n", s.ToString().c_str());
      return 1;
    }
    return 0;
  }
  if (flags->backends.size() == 1) {
    return RunOne(*flags, flags->backends.front(), argv[0]) == 0 ? 0 : 1;
  }
  return RunEach(*flags, args);
}

}  // namespace lepton::contract
