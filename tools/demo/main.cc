// leptonkit-demo: launches a two-replica job against an embedded fake Lepton workspace and shows
// it from submission to its end state, with its logs. Real HTTP on loopback, the same client a
// launcher uses against live Lepton.

#include <chrono>
#include <cstdio>
#include <thread>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "demo/job_watcher.h"
#include "lepton/client.h"
#include "lepton/fake/fake_lepton.h"
#include "lepton/wire_codec.h"

namespace {

using lepton::Job;

Job DemoJob() {
  Job job;
  job.metadata.name = "demo-train";
  job.metadata.labels = std::map<std::string, std::string>{{"app", "leptonkit-demo"}};
  auto& spec = job.spec.emplace();
  spec.resource_shape = "gpu.1xh100";
  auto& container = spec.container.emplace();
  container.image = "nvcr.io/nvidia/pytorch:25.08-py3";
  container.command = {"/bin/bash", "-c",
                       "echo \"worker $LEPTON_JOB_WORKER_INDEX of $LEPTON_JOB_TOTAL_WORKERS: "
                       "starting\"; sleep 1; echo 'epoch 1: loss 0.731'; sleep 1; "
                       "echo 'epoch 2: loss 0.412'; echo done"};
  spec.completions = 2;
  spec.parallelism = 2;
  spec.envs.emplace();
  spec.mounts.emplace();
  spec.image_pull_secrets.emplace();
  spec.intra_job_communication = true;
  spec.ttl_seconds_after_finished = 259200;
  return job;
}

int Fail(lepton::Status const& status) {
  std::fprintf(stderr, "leptonkit-demo: error: %s\n", status.ToString().c_str());
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Launch a job against an embedded fake Lepton workspace and follow it."};
  double speed = 1.0;
  bool show_request = false;
  app.add_option("--speed", speed, "How much faster than real time the fake's clock runs")
      ->check(CLI::Range(0.1, 1000.0));
  app.add_flag("--show-request", show_request, "Print the exact JSON body that is POSTed");
  CLI11_PARSE(app, argc, argv);

  auto clock = std::make_shared<lepton::ScaledClock>(speed);
  lepton::fake::FakeLeptonOptions options;
  options.clock = clock;
  auto fake = lepton::fake::FakeLepton::Start(options);
  if (!fake) return Fail(fake.status());
  auto connection = lepton::MakeConnection((*fake)->client_options());
  if (!connection) return Fail(connection.status());
  lepton::Client client(*connection);

  fmt::print("fake Lepton workspace: {}\n", (*fake)->workspace_url());
  Job const request = DemoJob();
  if (show_request) fmt::print("POST /jobs\n{}\n", lepton::ToJson(request));
  auto const start = clock->Now();
  auto elapsed = [&] {
    return std::chrono::duration<double>(clock->Now() - start).count();
  };

  auto created = client.CreateJob(request);
  if (!created) return Fail(created.status());
  std::string const id = *created->metadata.id;
  fmt::print("submitted job '{}' -> id {}\n", *request.metadata.name, id);

  auto sleep = [&](lepton::Duration d) {
    std::this_thread::sleep_for(std::chrono::duration_cast<std::chrono::nanoseconds>(d) / speed);
  };
  auto finished = lepton::demo::WatchJob(
      client, id, *clock, start + std::chrono::minutes(5), sleep, [&](Job const& job) {
        fmt::print("  [t+{:5.2f}s] {}\n", elapsed(), lepton::demo::DescribeProgress(job));
      });
  if (!finished) return Fail(finished.status());

  auto replicas = client.ListReplicas(id);
  if (!replicas) return Fail(replicas.status());
  for (auto const& replica : *replicas) {
    auto log = client.ReadReplicaLog(id, *replica.id);
    if (!log) return Fail(log.status());
    fmt::print("log of replica {}:\n", *replica.id);
    std::string_view text = *log;
    while (!text.empty()) {
      auto const eol = text.find('\n');
      fmt::print("  | {}\n", text.substr(0, eol));
      if (eol == std::string_view::npos) break;
      text.remove_prefix(eol + 1);
    }
  }
  auto const state = finished->status->state.value_or(lepton::JobState::kUnknown);
  fmt::print("job {} ended {}\n", id, lepton::JobStateName(state));
  return state == lepton::JobState::kCompleted ? 0 : 2;
}
