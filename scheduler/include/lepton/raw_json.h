#ifndef LEPTONKIT_SCHEDULER_INCLUDE_LEPTON_RAW_JSON_H_
#define LEPTONKIT_SCHEDULER_INCLUDE_LEPTON_RAW_JSON_H_

#include <map>
#include <string>

namespace lepton {

/// A JSON value leptonkit does not model, kept as compact JSON text so that it can be written
/// back unchanged. Two RawJson compare equal when their texts are equal; the codec always
/// produces the compact form, so equal values have equal texts.
struct RawJson {
  std::string text;
  friend bool operator==(RawJson const&, RawJson const&) = default;
};

/// Keys of a JSON object that the model does not know, with their values. Decoding fills it and
/// encoding writes it back, so a job read and written again loses nothing (docs/architecture.md,
/// "Fidelity rules").
using UnknownFields = std::map<std::string, RawJson>;

}  // namespace lepton

#endif  // LEPTONKIT_SCHEDULER_INCLUDE_LEPTON_RAW_JSON_H_
