#ifndef LEPTONKIT_SCHEDULER_INCLUDE_LEPTON_JOB_SPEC_H_
#define LEPTONKIT_SCHEDULER_INCLUDE_LEPTON_JOB_SPEC_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "lepton/affinity.h"
#include "lepton/container.h"
#include "lepton/env_var.h"
#include "lepton/job_configs.h"
#include "lepton/mount.h"
#include "lepton/raw_json.h"

namespace lepton {

/// `spec` of a job: every field of the SDK's LeptonJobUserSpec (leptonai/api/v2/types/job.py).
/// Unset fields are left out of the JSON; the SDK's defaults (completions 1, parallelism 1,
/// ttl 600 s) are applied by the server, not by the codec.
struct JobSpec {
  std::optional<std::string> resource_shape;  ///< e.g. "cpu.small", "gpu.8xh100-sxm".
  std::optional<Affinity> affinity;
  std::optional<Container> container;
  std::optional<std::int64_t> shared_memory_size;  ///< MiB.
  std::optional<std::int64_t> completions;         ///< Replicas that must succeed; > 0.
  std::optional<std::int64_t> parallelism;         ///< Replicas that run at once; > 0.
  std::optional<std::int64_t> max_failure_retry;      ///< Retries per worker; >= 0.
  std::optional<std::int64_t> max_job_failure_retry;  ///< Retries of the whole job; >= 0.
  std::optional<std::vector<EnvVar>> envs;
  std::optional<std::vector<Mount>> mounts;
  std::optional<std::vector<std::string>> image_pull_secrets;  ///< Secret names.
  std::optional<std::int64_t> ttl_seconds_after_finished;      ///< >= 0.
  std::optional<bool> intra_job_communication;
  std::optional<UserSecurityContext> user_security_context;
  std::optional<MetricsConfig> metrics;
  std::optional<LogConfig> log;
  std::optional<QueueConfig> queue_config;
  /// The stop/start switch: true stops the job and keeps it; false starts a stopped job.
  std::optional<bool> stopped;
  std::optional<ReservationConfig> reservation_config;
  std::optional<TimeSchedule> time_schedule;
  std::optional<SegmentConfig> segment_config;
  UnknownFields unknown_fields;

  friend bool operator==(JobSpec const&, JobSpec const&) = default;
};

}  // namespace lepton

#endif  // LEPTONKIT_SCHEDULER_INCLUDE_LEPTON_JOB_SPEC_H_
