#ifndef LEPTONKIT_TOOLS_DEMO_JOB_WATCHER_H_
#define LEPTONKIT_TOOLS_DEMO_JOB_WATCHER_H_

#include <functional>
#include <string>

#include "lepton/client.h"
#include "lepton/clock.h"
#include "lepton/status.h"

namespace lepton::demo {

/// Polls a job until it reaches a final state or `deadline` (on `clock`) passes, calling
/// `on_change` whenever its state or counters change. `sleep` waits between polls.
StatusOr<Job> WatchJob(Client& client, std::string const& job_id, Clock const& clock,
                       TimePoint deadline, std::function<void(Duration)> const& sleep,
                       std::function<void(Job const&)> const& on_change);

/// "Running   ready 2/2  active 2  succeeded 0  failed 0".
std::string DescribeProgress(Job const& job);

}  // namespace lepton::demo

#endif  // LEPTONKIT_TOOLS_DEMO_JOB_WATCHER_H_
