// The downstream project's own launch logic: what a team writes on top of leptonkit and wants to
// test offline.
#ifndef DOWNSTREAM_LAUNCHER_H_
#define DOWNSTREAM_LAUNCHER_H_

#include <lepton/client.h>

#include <string>

namespace downstream {

/// Submits a training job of `nodes` replicas; its id.
lepton::StatusOr<std::string> LaunchTraining(lepton::Client& client, int nodes);

/// The job's state name, or "unknown" when it cannot be read.
std::string StateOf(lepton::Client& client, std::string const& id);

}  // namespace downstream

#endif  // DOWNSTREAM_LAUNCHER_H_
