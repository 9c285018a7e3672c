#ifndef LEPTONKIT_FAKE_LEPTON_SRC_JOB_VALIDATION_H_
#define LEPTONKIT_FAKE_LEPTON_SRC_JOB_VALIDATION_H_

#include <optional>
#include <string>
#include <string_view>

#include "lepton/job.h"

namespace lepton::fake {

/// The checks of the newer SDK's job_validation.py, applied by the fake on create as a server
/// would (lepton-api.md §3.1, §3.4, §6.2). Each returns the first problem as a message, or
/// nothing when the value is acceptable.
std::optional<std::string> ValidateJobName(std::string_view name);
std::optional<std::string> ValidateJobSpec(JobSpec const& spec);
std::optional<std::string> ValidateMetadata(Metadata const& metadata);

/// The name a create request asks for: `metadata.name`, else `metadata.id` (the CLI's form).
std::optional<std::string> RequestedName(Job const& request);

}  // namespace lepton::fake

#endif  // LEPTONKIT_FAKE_LEPTON_SRC_JOB_VALIDATION_H_
