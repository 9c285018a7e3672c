#ifndef LEPTONKIT_SCHEDULER_INCLUDE_LEPTON_LIST_JOBS_REQUEST_H_
#define LEPTONKIT_SCHEDULER_INCLUDE_LEPTON_LIST_JOBS_REQUEST_H_

#include <optional>
#include <string>
#include <vector>

namespace lepton {

/// Which jobs a read sees: live ones, archived ones, or both (`job_query_mode`).
enum class JobQueryMode { kAliveOnly, kArchiveOnly, kAliveAndArchive };

/// The wire value: "alive_only", "archive_only" or "alive_and_archive".
[[nodiscard]] char const* JobQueryModeName(JobQueryMode mode);

/// Filters of `GET /jobs`. The server does the matching (SDK commit 92e2c03b "job list filter by
/// backend"; the `lep job list` help in leptonai/cli/job.py describes it).
struct ListJobsRequest {
  JobQueryMode mode = JobQueryMode::kAliveOnly;
  std::optional<std::string> name_contains;   ///< `q`: part of the name or id.
  std::optional<std::string> label_selector;  ///< `query`: e.g. "team=research,env=prod".
  std::vector<std::string> states;            ///< `status`, repeated; prefix match on the state.
  std::vector<std::string> node_groups;       ///< `node_groups`, repeated.
  std::optional<std::string> created_by;
  /// One page only when set (1-based); otherwise every page is fetched, `page_size` at a time.
  std::optional<int> page;
  int page_size = 500;
};

}  // namespace lepton

#endif  // LEPTONKIT_SCHEDULER_INCLUDE_LEPTON_LIST_JOBS_REQUEST_H_
