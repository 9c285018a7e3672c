#ifndef LEPTONKIT_SCHEDULER_INCLUDE_LEPTON_JOB_H_
#define LEPTONKIT_SCHEDULER_INCLUDE_LEPTON_JOB_H_

#include <optional>
#include <vector>

#include "lepton/job_spec.h"
#include "lepton/job_status.h"
#include "lepton/metadata.h"
#include "lepton/raw_json.h"

namespace lepton {

/// A Lepton batch job (the SDK's LeptonJob): what `POST /jobs` takes and `GET /jobs/{id}` returns.
struct Job {
  Metadata metadata;  ///< Always present on the wire (possibly `{}`).
  std::optional<JobSpec> spec;
  std::optional<JobStatus> status;
  UnknownFields unknown_fields;

  friend bool operator==(Job const&, Job const&) = default;
};

/// The envelope of `GET /jobs`: `{"jobs": [...]}`. An empty page is `{"jobs": []}`, never null.
struct JobList {
  std::vector<Job> jobs;
  UnknownFields unknown_fields;

  friend bool operator==(JobList const&, JobList const&) = default;
};

}  // namespace lepton

#endif  // LEPTONKIT_SCHEDULER_INCLUDE_LEPTON_JOB_H_
