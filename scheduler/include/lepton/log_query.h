#ifndef LEPTONKIT_SCHEDULER_INCLUDE_LEPTON_LOG_QUERY_H_
#define LEPTONKIT_SCHEDULER_INCLUDE_LEPTON_LOG_QUERY_H_

#include <cstddef>
#include <optional>
#include <string>

#include "lepton/clock.h"

namespace lepton {

/// A query of the historical logs (`GET /logs`, SDK leptonai/api/v2/log.py): the lines a job's
/// replicas wrote, kept after the replicas are gone.
struct LogQuery {
  std::string job_id;
  /// Only this replica's lines.
  std::optional<std::string> replica_id;
  /// `start` is inclusive and `end` exclusive, as in Loki's query_range, which `GET /logs`
  /// follows; sent as nanoseconds since the epoch (0 would mean "omitted").
  std::optional<TimePoint> start;
  std::optional<TimePoint> end;
  /// At most this many lines (the server allows 1 to 10,000).
  std::size_t limit = 5000;
  /// Newest first when true (the server's default), oldest first otherwise.
  bool backward = true;
  /// Literal text a line must contain (`q`).
  std::string contains;
};

/// One line of a historical log.
struct LogLine {
  TimePoint at{};
  std::string replica_id;
  std::string text;

  friend bool operator==(LogLine const&, LogLine const&) = default;
};

}  // namespace lepton

#endif  // LEPTONKIT_SCHEDULER_INCLUDE_LEPTON_LOG_QUERY_H_
