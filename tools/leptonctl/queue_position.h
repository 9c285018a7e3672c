#ifndef LEPTONKIT_TOOLS_LEPTONCTL_QUEUE_POSITION_H_
#define LEPTONKIT_TOOLS_LEPTONCTL_QUEUE_POSITION_H_

#include <optional>

#include "lepton/client.h"
#include "lepton/job.h"

namespace lepton::ctl {

/// Where a Queueing job stands: 1 + the Queueing jobs that compete for its nodes (one of them
/// names no node group, or they share one) and rank before it (higher priority class, or the
/// same and created earlier). [INF] Lepton exposes no queue
/// position; this estimate follows the documented priority classes and first-come order, which
/// is how the fake orders its queue. Nothing when the job is not Queueing or the list fails.
std::optional<int> QueuePositionOf(Client& client, Job const& job);

}  // namespace lepton::ctl

#endif  // LEPTONKIT_TOOLS_LEPTONCTL_QUEUE_POSITION_H_
