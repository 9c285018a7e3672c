#ifndef LEPTONKIT_TOOLS_LEPTONCTL_EXIT_CODES_H_
#define LEPTONKIT_TOOLS_LEPTONCTL_EXIT_CODES_H_

#include "lepton/status.h"

namespace lepton::ctl {

/// leptonctl's exit codes, stable for scripts (README, "leptonctl").
enum ExitCode : int {
  kExitOk = 0,            ///< Done; `wait`: the job succeeded.
  kExitError = 1,         ///< Anything not listed below.
  kExitUsage = 2,         ///< Bad flags or arguments.
  kExitNotFound = 3,      ///< No such job, replica or node group.
  kExitAuth = 4,          ///< No workspace or token configured, 401, 403, or no such workspace.
  kExitInvalid = 5,       ///< The workspace refused the request (400: unknown shape, node group...).
  kExitUnavailable = 6,   ///< Rate limited, unreachable or timed out after the client's retries.
  kExitDeadline = 7,      ///< `wait`, `logs -f`: their --deadline passed first.
  kExitJobFailed = 8,     ///< `wait`: the job ended FAILED.
  kExitJobCancelled = 9,  ///< `wait`: the job was stopped (CANCELLED).
};

/// The exit code for a failed call.
int ExitCodeOf(Status const& status);

}  // namespace lepton::ctl

#endif  // LEPTONKIT_TOOLS_LEPTONCTL_EXIT_CODES_H_
