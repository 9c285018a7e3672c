#include "leptonctl/job_lookup.h"

#include <fmt/format.h>

namespace lepton::ctl {

StatusOr<Job> FindJob(Context& ctx, std::string const& job_id) {
  auto found = ctx.client().GetJob(job_id, JobQueryMode::kAliveAndArchive);
  if (!found && found.status().code() == StatusCode::kNotFound) {
    return Status(StatusCode::kNotFound,
                  fmt::format("no job '{}' in this workspace (`leptonctl list --all` lists them)",
                              job_id));
  }
  return found;
}

}  // namespace lepton::ctl
