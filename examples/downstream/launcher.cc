#include "launcher.h"

namespace downstream {

lepton::StatusOr<std::string> LaunchTraining(lepton::Client& client, int nodes) {
  lepton::Job job;
  job.metadata.name = "downstream-train";
  auto& spec = job.spec.emplace();
  spec.resource_shape = "gpu.8xh100";
  spec.completions = nodes;
  spec.parallelism = nodes;
  spec.container.emplace().command = {"sh", "-c", "echo training; sleep 60"};
  auto created = client.CreateJob(job);
  if (!created) return created.status();
  return *created->metadata.id;
}

std::string StateOf(lepton::Client& client, std::string const& id) {
  auto job = client.GetJob(id);
  if (!job || !job->status || !job->status->state) return "unknown";
  return std::string(lepton::JobStateName(*job->status->state));
}

}  // namespace downstream
