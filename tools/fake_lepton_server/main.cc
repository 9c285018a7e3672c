// fake-lepton: the fake Lepton workspace as a standalone server, for tests in any language.
// Binds 127.0.0.1 on a port the kernel chooses and prints it; runs until SIGINT or SIGTERM.

#include <csignal>
#include <cstdio>
#include <fstream>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "lepton/fake/fake_lepton.h"

int main(int argc, char** argv) {
  CLI::App app{"A fake Lepton workspace API on 127.0.0.1 (the kernel chooses the port)."};
  lepton::fake::FakeLeptonOptions options;
  double time_scale = 1.0;
  std::string port_file;
  app.add_option("--workspace", options.workspace_id, "Workspace id in the API path")
      ->capture_default_str();
  app.add_option("--token", options.token, "Bearer token clients must send (empty: none)")
      ->capture_default_str();
  app.add_option("--seed", options.seed, "Seed for generated ids")->capture_default_str();
  app.add_option("--time-scale", time_scale, "Clock speed relative to real time")
      ->check(CLI::Range(0.001, 100000.0))
      ->capture_default_str();
  app.add_option("--port-file", port_file, "Also write the chosen port to this file");
  CLI11_PARSE(app, argc, argv);

  // Block the signals before any thread starts so that only sigwait below receives them.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  options.clock = std::make_shared<lepton::ScaledClock>(time_scale);
  auto fake = lepton::fake::FakeLepton::Start(options);
  if (!fake) {
    std::fprintf(stderr, "fake-lepton: error: %s\n", fake.status().ToString().c_str());
    return 1;
  }
  if (!port_file.empty()) {
    std::ofstream(port_file) << (*fake)->port() << "\n";
  }
  fmt::print("fake-lepton listening on {}\nworkspace URL: {}\n", (*fake)->base_url(),
             (*fake)->workspace_url());
  std::fflush(stdout);
  int received = 0;
  sigwait(&signals, &received);
  return 0;
}
