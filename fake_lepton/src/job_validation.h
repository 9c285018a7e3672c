#ifndef LEPTONKIT_FAKE_LEPTON_SRC_JOB_VALIDATION_H_
#define LEPTONKIT_FAKE_LEPTON_SRC_JOB_VALIDATION_H_

#include <optional>
#include <string>
#include <string_view>

#include "lepton/job.h"

namespace lepton::fake {

/// The checks of the newer SDK's leptonai/api/v2/job_validation.py (name, label keys, reserved
/// mount paths, positive completions and parallelism), the SDK model's visibility values and the
/// reserved env names of leptonai/config.py, applied by the fake on create as a server would.
/// Each returns the first problem as a message, or nothing when the value is acceptable.
std::optional<std::string> ValidateJobName(std::string_view name);
std::optional<std::string> ValidateJobSpec(JobSpec const& spec);
std::optional<std::string> ValidateMetadata(Metadata const& metadata);

/// The name a create request asks for: `metadata.name`, else `metadata.id` (the CLI's form).
std::optional<std::string> RequestedName(Job const& request);

}  // namespace lepton::fake

#endif  // LEPTONKIT_FAKE_LEPTON_SRC_JOB_VALIDATION_H_
