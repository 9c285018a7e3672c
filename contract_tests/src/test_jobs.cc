#include "lepton/contract/test_jobs.h"

#include <map>

#include <fmt/format.h>

namespace lepton::contract {
namespace {

// One shell word that prints as `text`: single-quoted, with each ' written as '\''.
std::string Quoted(std::string const& text) {
  std::string out = "'";
  for (char c : text) {
    if (c == '\'') {
      out += "'\\''";
    } else {
      out += c;
    }
  }
  return out + "'";
}

}  // namespace

namespace scripts {

std::string Echo(std::vector<std::string> const& lines) {
  std::string script;
  for (auto const& line : lines) {
    if (!script.empty()) script += "; ";
    script += "echo " + Quoted(line);
  }
  return script.empty() ? "true" : script;
}

std::string Fail(int code) { return fmt::format("echo 'failing with {0}'; exit {0}", code); }

std::string SleepThenSucceed(int seconds) {
  return fmt::format("sleep {0}; echo 'slept {0}'", seconds);
}

std::string PrintWorker() {
  return R"(echo "worker $LEPTON_JOB_WORKER_INDEX of $LEPTON_JOB_TOTAL_WORKERS")";
}

}  // namespace scripts

Job ShellJob(Backend const& backend, std::string const& name, std::string const& tag,
             std::string const& script, int replicas) {
  Job job;
  job.metadata.name = name;
  job.metadata.labels = std::map<std::string, std::string>{{kContractLabel, tag}};
  auto& spec = job.spec.emplace();
  spec.resource_shape = backend.test_shape();
  if (!backend.test_node_group().empty()) {
    spec.affinity.emplace().allowed_dedicated_node_groups =
        std::vector<std::string>{backend.test_node_group()};
  }
  auto& container = spec.container.emplace();
  container.image = backend.test_image();
  container.command = std::vector<std::string>{"/bin/sh", "-c", script};
  spec.completions = replicas;
  spec.parallelism = replicas;
  spec.max_failure_retry = 0;
  spec.max_job_failure_retry = 0;
  spec.envs.emplace();
  spec.mounts.emplace();
  spec.image_pull_secrets.emplace();
  return job;
}

}  // namespace lepton::contract
