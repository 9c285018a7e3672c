#include "leptonctl/job_lookup.h"

#include <fmt/format.h>

namespace lepton::ctl {

Status ExplainNotFound(Context& ctx, std::string const& job_id, Status status) {
  if (status.code() != StatusCode::kNotFound) return status;
  // One more call, only on this error path: is it the job or the workspace that is missing?
  auto workspace = ctx.client().GetWorkspaceInfo();
  if (!workspace && workspace.status().code() == StatusCode::kNotFound) {
    return Status(StatusCode::kUnauthenticated,
                  fmt::format("the workspace was not found ({}); check LEPTON_WORKSPACE_ID or "
                              "LEPTON_WORKSPACE_URL (or --workspace-id, --url)",
                              workspace.status().message()));
  }
  return Status(StatusCode::kNotFound,
                fmt::format("no job '{}' in this workspace (`leptonctl list --all` lists them)",
                            job_id));
}

StatusOr<Job> FindJob(Context& ctx, std::string const& job_id) {
  auto found = ctx.client().GetJob(job_id, JobQueryMode::kAliveAndArchive);
  if (!found) return ExplainNotFound(ctx, job_id, std::move(found).status());
  return found;
}

}  // namespace lepton::ctl
