#ifndef LEPTONKIT_SCHEDULER_SRC_INTERNAL_JSON_CODEC_H_
#define LEPTONKIT_SCHEDULER_SRC_INTERNAL_JSON_CODEC_H_

// The JSON mapping of the wire model, on nlohmann::json values. Internal: used by the public
// FromJson/ToJson, by the client's REST stub and by the fake's routes. Only src/internal code
// (here and in fake_lepton/src) may include it.

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "lepton/status.h"

namespace lepton::internal {

using Json = nlohmann::json;

/// Encodes a model value. Unset optionals are left out; unknown fields are written back.
template <typename T>
Json ToJsonValue(T const& value);

/// Encodes only the fields the model knows, dropping every `unknown_fields` entry. Tests use it
/// to prove that each key of a golden file lands in a typed field (a misspelt key in the field
/// lists would otherwise survive a round trip as an unknown field).
template <typename T>
Json ToJsonValueKnownFieldsOnly(T const& value);

/// Decodes a model value. On failure returns kInvalidArgument naming the JSON path of the first
/// problem; `out` is then partially filled and must not be used.
template <typename T>
Status FromJsonValue(Json const& json, T& out);

/// Parses text without throwing. Nesting deeper than `max_depth` is rejected (a guard against
/// stack exhaustion on hostile input). Returns kInvalidArgument with the parser's message.
StatusOr<Json> ParseJson(std::string_view text, int max_depth = 64);

/// Serialises compactly; invalid UTF-8 in strings is replaced instead of throwing.
std::string DumpJson(Json const& json);

}  // namespace lepton::internal

#endif  // LEPTONKIT_SCHEDULER_SRC_INTERNAL_JSON_CODEC_H_
