#ifndef LEPTONKIT_SCHEDULER_INCLUDE_LEPTON_METADATA_H_
#define LEPTONKIT_SCHEDULER_INCLUDE_LEPTON_METADATA_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>

#include "lepton/raw_json.h"

namespace lepton {

/// `metadata` of every Lepton object (the SDK's MetadataV2). Every field is optional on the wire;
/// an unset field is left out when encoding.
struct Metadata {
  /// The object id: the key of every `/jobs/{id}` path. On create the CLI puts the requested name
  /// here; the server answers with a generated id.
  std::optional<std::string> id;
  /// The display name; not unique.
  std::optional<std::string> name;
  std::optional<std::int64_t> created_at;  ///< Epoch milliseconds.
  std::optional<std::string> created_by;
  std::optional<std::string> last_modified_by;
  std::optional<std::int64_t> last_modified_at;  ///< Epoch milliseconds (inferred unit).
  std::optional<std::int64_t> version;
  std::optional<std::string> semantic_version;
  std::optional<std::string> replica_version;
  std::optional<std::map<std::string, std::string>> labels;
  std::optional<std::string> owner;
  /// "public" or "private"; the SDK rejects any other value.
  std::optional<std::string> visibility;
  UnknownFields unknown_fields;

  friend bool operator==(Metadata const&, Metadata const&) = default;
};

}  // namespace lepton

#endif  // LEPTONKIT_SCHEDULER_INCLUDE_LEPTON_METADATA_H_
