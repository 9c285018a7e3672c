#ifndef LEPTONKIT_SCHEDULER_INCLUDE_LEPTON_JOB_STATUS_H_
#define LEPTONKIT_SCHEDULER_INCLUDE_LEPTON_JOB_STATUS_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "lepton/job_state.h"
#include "lepton/raw_json.h"

namespace lepton {

/// The status of one attempt of a job: the fields of `status` other than `job_history`
/// (the SDK's StatusDetails). Counters follow `0 <= ready <= active <= parallelism`.
struct JobAttemptStatus {
  std::optional<std::string> job_name;  ///< The name of the underlying run (inferred meaning).
  std::optional<JobState> state;
  /// The state string as received when it was not a known state ("" is the server's unknown).
  /// Kept so that a job read and written back is unchanged; written only while `state` is kUnknown.
  std::optional<std::string> state_text;
  std::optional<std::int64_t> ready;
  std::optional<std::int64_t> active;
  std::optional<std::int64_t> failed;
  std::optional<std::int64_t> succeeded;
  std::optional<std::int64_t> creation_time;    ///< leptonkit emits epoch ms (unit inferred).
  std::optional<std::int64_t> completion_time;  ///< Same unit as creation_time.
  UnknownFields unknown_fields;

  friend bool operator==(JobAttemptStatus const&, JobAttemptStatus const&) = default;
};

/// `status` of a job: the current attempt plus one entry per earlier attempt.
struct JobStatus : JobAttemptStatus {
  std::optional<std::vector<JobAttemptStatus>> job_history;

  friend bool operator==(JobStatus const&, JobStatus const&) = default;
};

}  // namespace lepton

#endif  // LEPTONKIT_SCHEDULER_INCLUDE_LEPTON_JOB_STATUS_H_
