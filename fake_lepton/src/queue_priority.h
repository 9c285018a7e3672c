#ifndef LEPTONKIT_FAKE_LEPTON_SRC_QUEUE_PRIORITY_H_
#define LEPTONKIT_FAKE_LEPTON_SRC_QUEUE_PRIORITY_H_

#include <optional>
#include <string_view>

#include "lepton/job_spec.h"

namespace lepton::fake {

/// The priority a job without `spec.queue_config.priority_class` gets: mid-4000, the CLI's
/// default whenever a queue flag is set (SDK leptonai/cli/util.py). [INF] The server's default for
/// a job without any queue_config is not documented; the fake uses the same value.
inline constexpr int kDefaultPriority = 4000;

/// 1000 .. 9000 for the nine classes the CLI offers (low-1000 .. high-9000); nothing for any
/// other text.
std::optional<int> PriorityValue(std::string_view priority_class);

/// The job's priority (kDefaultPriority when unset). The spec must have passed validation.
int PriorityOf(JobSpec const& spec);

/// The CLI's name of a priority value, e.g. "high-9000".
std::string_view PriorityName(int priority);

/// Whether the job may evict lower-priority jobs, and whether it may be evicted.
bool CanPreempt(JobSpec const& spec);
bool CanBePreempted(JobSpec const& spec);

}  // namespace lepton::fake

#endif  // LEPTONKIT_FAKE_LEPTON_SRC_QUEUE_PRIORITY_H_
