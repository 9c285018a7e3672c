#ifndef LEPTONKIT_FAKE_LEPTON_SRC_JOB_FILTER_H_
#define LEPTONKIT_FAKE_LEPTON_SRC_JOB_FILTER_H_

#include <string>
#include <string_view>

#include "lepton/job.h"
#include "lepton/list_jobs_request.h"
#include "lepton/status.h"

namespace lepton::fake {

/// True when `job` passes every filter of `filter` (its mode is not checked here). The matching
/// follows the `lep job list` help (SDK leptonai/cli/job.py), which says the server does:
/// - status: case-insensitive prefix of the state name; several values are OR-ed;
/// - q: case-insensitive substring of the name or the id;
/// - query: a Kubernetes label selector: `k=v`, `k==v`, `k!=v`, `k` (exists), `!k` (absent),
///   comma-separated, all must hold;
/// - node_groups: case-insensitive substring of an allowed node group; several values OR-ed;
/// - created_by: case-insensitive prefix of the owner.
bool MatchesFilter(Job const& job, ListJobsRequest const& filter);

/// A string equal for two requests exactly when they select the same jobs (mode and every
/// filter field; not the page): for recognising the next page of one listing.
std::string FilterKey(ListJobsRequest const& filter);

/// Checks a label selector's syntax; kInvalidArgument names the bad term.
Status ValidateLabelSelector(std::string_view selector);

}  // namespace lepton::fake

#endif  // LEPTONKIT_FAKE_LEPTON_SRC_JOB_FILTER_H_
