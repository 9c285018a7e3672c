#ifndef LEPTONKIT_FAKE_LEPTON_SRC_SPEC_MERGE_H_
#define LEPTONKIT_FAKE_LEPTON_SRC_SPEC_MERGE_H_

#include "lepton/job_spec.h"

namespace lepton::fake {

/// PATCH semantics for a job spec: every field set in `patch` replaces the same field of
/// `target` (a sub-object such as queue_config is replaced whole); unset fields are kept.
/// Unknown fields of the patch are merged key by key.
void MergeSpec(JobSpec& target, JobSpec const& patch);

}  // namespace lepton::fake

#endif  // LEPTONKIT_FAKE_LEPTON_SRC_SPEC_MERGE_H_
