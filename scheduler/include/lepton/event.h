#ifndef LEPTONKIT_SCHEDULER_INCLUDE_LEPTON_EVENT_H_
#define LEPTONKIT_SCHEDULER_INCLUDE_LEPTON_EVENT_H_

#include <cstdint>
#include <optional>
#include <string>
#include <variant>

#include "lepton/raw_json.h"

namespace lepton {

/// `last_observed_time` may be an RFC 3339 string or a number on the wire; both are kept as sent.
using EventTime = std::variant<std::string, std::int64_t>;

/// One element of `GET /jobs/{id}/events` (a bare list), Kubernetes-event shaped.
struct Event {
  std::optional<std::string> type;    ///< "Normal" or "Warning" (inferred).
  std::optional<std::string> reason;  ///< e.g. "Scheduled", "Started", "Preempted".
  /// Human-readable detail, e.g. who preempted the job or why it cannot be placed. [INF] Not in
  /// the SDK's model; Kubernetes events carry it and the SDK would ignore it.
  std::optional<std::string> message;
  std::optional<RawJson> regarding;   ///< A Kubernetes ObjectReference, kept as is.
  std::optional<std::int64_t> count;
  std::optional<EventTime> last_observed_time;
  UnknownFields unknown_fields;
  friend bool operator==(Event const&, Event const&) = default;
};

}  // namespace lepton

#endif  // LEPTONKIT_SCHEDULER_INCLUDE_LEPTON_EVENT_H_
