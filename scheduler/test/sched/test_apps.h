#ifndef LEPTONKIT_SCHEDULER_TEST_SCHED_TEST_APPS_H_
#define LEPTONKIT_SCHEDULER_TEST_SCHED_TEST_APPS_H_

// The apps and executor configurations the scheduler tests submit.

#include <string>
#include <utility>
#include <vector>

#include "lepton/sched/app_def.h"
#include "lepton/sched/lepton_executor.h"

namespace lepton::testing_util {

/// An app named `name` with one role, "worker", that runs `entrypoint args` on `nodes` replicas.
inline sched::AppDef OneRoleApp(std::string name, std::string entrypoint, std::vector<std::string> args,
                         int nodes = 1) {
  sched::AppDef app;
  app.name = std::move(name);
  sched::Role role;
  role.name = "worker";
  role.entrypoint = std::move(entrypoint);
  role.args = std::move(args);
  role.num_replicas = nodes;
  app.roles.push_back(std::move(role));
  return app;
}

/// The NGC PyTorch image on the fake's gpu.8xh100 shape, 8 GPUs a node.
inline sched::LeptonExecutorConfig H100Executor() {
  sched::LeptonExecutorConfig cfg;
  cfg.image = "nvcr.io/nvidia/pytorch:25.01-py3";
  cfg.resource_shape = "gpu.8xh100";
  cfg.gpus_per_node = 8;
  return cfg;
}

}  // namespace lepton::testing_util

#endif  // LEPTONKIT_SCHEDULER_TEST_SCHED_TEST_APPS_H_
