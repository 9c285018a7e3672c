#ifndef LEPTONKIT_TOOLS_LEPTONCTL_JOB_LOOKUP_H_
#define LEPTONKIT_TOOLS_LEPTONCTL_JOB_LOOKUP_H_

#include <string>

#include "lepton/job.h"
#include "lepton/status.h"
#include "leptonctl/context.h"

namespace lepton::ctl {

/// The job, archived or not; kNotFound "no job '<id>' in this workspace" with where to look
/// when the workspace answers 404 (Fail(ctx, ...) then checks that the workspace exists).
StatusOr<Job> FindJob(Context& ctx, std::string const& job_id);

}  // namespace lepton::ctl

#endif  // LEPTONKIT_TOOLS_LEPTONCTL_JOB_LOOKUP_H_
