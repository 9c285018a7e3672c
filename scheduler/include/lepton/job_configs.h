#ifndef LEPTONKIT_SCHEDULER_INCLUDE_LEPTON_JOB_CONFIGS_H_
#define LEPTONKIT_SCHEDULER_INCLUDE_LEPTON_JOB_CONFIGS_H_

#include <cstdint>
#include <optional>
#include <string>

#include "lepton/raw_json.h"

namespace lepton {

// The small optional blocks of a job spec (the SDK's LeptonJobUserSpec in
// leptonai/api/v2/types/job.py). Each is its own JSON object.

/// `spec.queue_config`: priority and preemption on quota node groups.
struct QueueConfig {
  /// low-1000, low-2000, low-3000, mid-4000 (the CLI default), mid-5000, mid-6000, high-7000,
  /// high-8000, high-9000.
  std::optional<std::string> priority_class;
  std::optional<bool> can_be_preempted;
  std::optional<bool> can_preempt;
  UnknownFields unknown_fields;
  friend bool operator==(QueueConfig const&, QueueConfig const&) = default;
};

/// `spec.reservation_config`: run on reserved nodes.
struct ReservationConfig {
  std::optional<std::string> reservation_id;
  std::optional<bool> allow_burst_to_other_reservations;
  UnknownFields unknown_fields;
  friend bool operator==(ReservationConfig const&, ReservationConfig const&) = default;
};

/// `spec.time_schedule`: do not start before `start_at`.
struct TimeSchedule {
  std::optional<std::int64_t> start_at;  ///< Unix **seconds**.
  UnknownFields unknown_fields;
  friend bool operator==(TimeSchedule const&, TimeSchedule const&) = default;
};

/// `spec.segment_config`: replicas per segment (GB200 NVL72 domains).
struct SegmentConfig {
  std::optional<std::int64_t> count_per_segment;  ///< Required inside the block.
  UnknownFields unknown_fields;
  friend bool operator==(SegmentConfig const&, SegmentConfig const&) = default;
};

/// `spec.user_security_context`.
struct UserSecurityContext {
  std::optional<bool> privileged;
  std::optional<bool> no_specific_user;
  UnknownFields unknown_fields;
  friend bool operator==(UserSecurityContext const&, UserSecurityContext const&) = default;
};

/// `spec.metrics`.
struct MetricsConfig {
  std::optional<bool> disable_pulling_from_replica;
  UnknownFields unknown_fields;
  friend bool operator==(MetricsConfig const&, MetricsConfig const&) = default;
};

/// `spec.log`.
struct LogConfig {
  std::optional<bool> enable_collection;
  std::optional<bool> save_termination_logs;
  UnknownFields unknown_fields;
  friend bool operator==(LogConfig const&, LogConfig const&) = default;
};

}  // namespace lepton

#endif  // LEPTONKIT_SCHEDULER_INCLUDE_LEPTON_JOB_CONFIGS_H_
