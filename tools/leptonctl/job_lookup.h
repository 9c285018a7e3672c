#ifndef LEPTONKIT_TOOLS_LEPTONCTL_JOB_LOOKUP_H_
#define LEPTONKIT_TOOLS_LEPTONCTL_JOB_LOOKUP_H_

#include <string>

#include "lepton/status.h"
#include "lepton/job.h"
#include "leptonctl/context.h"

namespace lepton::ctl {

/// Turns a 404 from a call about `job_id` into what it means: kNotFound "no job ... in this
/// workspace" when the workspace answers, kUnauthenticated naming the workspace URL when the
/// workspace itself is unknown (a wrong LEPTON_WORKSPACE_ID is not a missing job). Any other
/// status is returned as it is.
Status ExplainNotFound(Context& ctx, std::string const& job_id, Status status);

/// The job, archived or not, with its 404 explained as above.
StatusOr<Job> FindJob(Context& ctx, std::string const& job_id);

}  // namespace lepton::ctl

#endif  // LEPTONKIT_TOOLS_LEPTONCTL_JOB_LOOKUP_H_
