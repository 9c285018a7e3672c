// fake-lepton: the fake Lepton workspace as a standalone server, for tests in any language.
//
// Prints the LEPTON_WORKSPACE_* lines a test exports so the official SDK, the `lep` CLI or any
// HTTP client reaches it (on stdout, for `eval`) and the dashboard's URL on stderr, then serves
// until SIGINT or SIGTERM and exits 0.

#include <csignal>
#include <cstdio>
#include <fstream>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "lepton/clock.h"
#include "lepton/fake/fake_lepton.h"
#include "lepton/fake/plan.h"

int main(int argc, char** argv) {
  CLI::App app{
      "A fake Lepton workspace API. Prints the LEPTON_WORKSPACE_URL/_ID/_TOKEN settings for "
      "clients, serves until SIGINT or SIGTERM. Control plane: /fake/v1/ (see README)."};
  lepton::fake::FakeLeptonOptions options;
  double time_scale = 1.0;
  std::string port_file;
  std::vector<std::string> plan_files;
  app.add_option("--host", options.host, "Address to listen on")->capture_default_str();
  app.add_option("--port", options.port, "Port; 0 lets the kernel choose a free one")
      ->check(CLI::Range(0, 65535))
      ->capture_default_str();
  app.add_option("--workspace", options.workspace_id, "Workspace id in the API path")
      ->capture_default_str();
  app.add_option("--token", options.token, "Bearer token clients must send (empty: none)")
      ->capture_default_str();
  app.add_option("--seed", options.seed, "Seed for generated ids and jitter")
      ->capture_default_str();
  auto* scale_option =
      app.add_option("--time-scale", time_scale,
                     "Clock speed relative to real time (10: ten times faster)")
          ->check(CLI::Range(0.001, 100000.0))
          ->capture_default_str();
  bool manual_clock = false;
  app.add_flag("--manual-clock", manual_clock,
               "The clock stands still (at 2026-01-01T00:00:00Z) until POST /fake/v1/clock/advance "
               "moves it: nothing happens between two calls, for tests that drive time themselves")
      ->excludes(scale_option);
  app.add_option("--plan", plan_files, "Lifecycle plan file (JSON, see fixtures/scenarios); repeatable")
      ->check(CLI::ExistingFile);
  std::string cluster_file;
  app.add_option("--cluster", cluster_file,
                 "Cluster file: node groups, shapes, reservations (JSON, see fixtures/scenarios)")
      ->check(CLI::ExistingFile);
  app.add_option("--journal-capacity", options.journal_capacity,
                 "Requests the journal keeps (GET /fake/v1/journal); 0 keeps none")
      ->capture_default_str();
  std::vector<std::string> fault_rules;
  app.add_option("--fault", fault_rules,
                 "Fault rule as JSON (as POST /fake/v1/faults takes it), active from the start; "
                 "repeatable");
  app.add_option("--storage-fs", options.storage_file_systems,
                 "Storage file system names (GET /storage); repeatable")
      ->capture_default_str();
  app.add_option("--storage-capacity", options.storage_capacity_bytes,
                 "Bytes each storage file system holds (507 beyond)")
      ->capture_default_str();
  app.add_option("--storage-max-file", options.storage_max_file_bytes,
                 "Largest file one upload may store (413 beyond)")
      ->capture_default_str();
  app.add_option("--port-file", port_file, "Also write the chosen port to this file");
  bool no_ui = false;
  app.add_flag("--no-ui", no_ui, "Do not serve the dashboard at /fake/ui/");
  CLI11_PARSE(app, argc, argv);

  for (auto const& file : plan_files) {
    auto plan = lepton::fake::LoadPlanFile(file);
    if (!plan) {
      std::fprintf(stderr, "fake-lepton: error: %s\n", plan.status().message().c_str());
      return 2;
    }
    options.plans.push_back(*std::move(plan));
  }
  if (!cluster_file.empty()) {
    auto cluster = lepton::fake::LoadClusterFile(cluster_file);
    if (!cluster) {
      std::fprintf(stderr, "fake-lepton: error: %s\n", cluster.status().message().c_str());
      return 2;
    }
    options.node_groups = std::move(cluster->node_groups);
    options.shapes = std::move(cluster->shapes);
    options.reservations = std::move(cluster->reservations);
  }
  std::vector<lepton::fake::FaultRule> faults;
  for (auto const& text : fault_rules) {
    auto rule = lepton::fake::ParseFaultRule(text);
    if (!rule) {
      std::fprintf(stderr, "fake-lepton: error: --fault: %s\n", rule.status().message().c_str());
      return 2;
    }
    faults.push_back(*std::move(rule));
  }

  // Block the signals before any thread starts so that only sigwait below receives them.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  if (manual_clock) {
    options.clock = std::make_shared<lepton::ManualClock>();
  } else {
    options.clock = std::make_shared<lepton::ScaledClock>(time_scale);
  }
  options.serve_ui = !no_ui;
  auto fake = lepton::fake::FakeLepton::Start(options);
  if (!fake) {
    std::fprintf(stderr, "fake-lepton: error: %s\n", fake.status().ToString().c_str());
    return 1;
  }
  for (auto& rule : faults) {
    if (auto added = (*fake)->AddFault(std::move(rule)); !added) {
      std::fprintf(stderr, "fake-lepton: error: --fault: %s\n", added.status().message().c_str());
      return 2;
    }
  }
  fmt::print("export LEPTON_WORKSPACE_ID={}\n", options.workspace_id);
  fmt::print("export LEPTON_WORKSPACE_TOKEN={}\n", options.token);
  fmt::print("export LEPTON_WORKSPACE_URL={}\n", (*fake)->workspace_url());
  std::fflush(stdout);
  if (options.serve_ui) {
    fmt::print(stderr, "fake-lepton: dashboard at {}/fake/ui/\n", (*fake)->base_url());
  }
  if (!port_file.empty()) {
    // Written after the server listens, and renamed into place, so a reader never sees a
    // partial file.
    std::string const tmp = port_file + ".tmp";
    std::ofstream(tmp) << (*fake)->port() << "\n";
    std::rename(tmp.c_str(), port_file.c_str());
  }
  int received = 0;
  sigwait(&signals, &received);
  std::fprintf(stderr, "fake-lepton: stopping on signal %d\n", received);
  fake->reset();
  return 0;
}
