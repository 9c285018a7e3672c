#ifndef LEPTONKIT_SCHEDULER_INCLUDE_LEPTON_API_ERROR_H_
#define LEPTONKIT_SCHEDULER_INCLUDE_LEPTON_API_ERROR_H_

#include <optional>
#include <string>

#include "lepton/raw_json.h"

namespace lepton {

/// The body of a Lepton error answer: `{"code": "...", "message": "..."}` (as the SDK's
/// `explain_response` in leptonai/cli/util.py reads it; the code strings are not documented,
/// leptonkit's fake uses the ones in fixtures/README.md).
struct ApiError {
  std::optional<std::string> code;
  std::optional<std::string> message;
  UnknownFields unknown_fields;
  friend bool operator==(ApiError const&, ApiError const&) = default;
};

}  // namespace lepton

#endif  // LEPTONKIT_SCHEDULER_INCLUDE_LEPTON_API_ERROR_H_
