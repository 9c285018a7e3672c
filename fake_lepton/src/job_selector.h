#ifndef LEPTONKIT_FAKE_LEPTON_SRC_JOB_SELECTOR_H_
#define LEPTONKIT_FAKE_LEPTON_SRC_JOB_SELECTOR_H_

#include <string_view>

#include "lepton/fake/plan.h"
#include "lepton/job.h"

namespace lepton::fake {

/// True when every criterion `selector` sets holds for `job` (see JobSelector).
bool Selects(JobSelector const& selector, Job const& job);

/// Shell-style glob: `*` any run of characters, `?` one character; no character classes.
bool GlobMatch(std::string_view pattern, std::string_view text);

}  // namespace lepton::fake

#endif  // LEPTONKIT_FAKE_LEPTON_SRC_JOB_SELECTOR_H_
