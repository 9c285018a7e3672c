#ifndef LEPTONKIT_SCHEDULER_INCLUDE_LEPTON_SECRET_H_
#define LEPTONKIT_SCHEDULER_INCLUDE_LEPTON_SECRET_H_

#include <optional>
#include <string>
#include <vector>

#include "lepton/raw_json.h"

namespace lepton {

/// A user secret (`/usersecrets`). `value` is write-only: the server leaves it out of lists.
struct Secret {
  std::optional<std::string> name;
  std::optional<std::string> value;
  std::optional<std::vector<std::string>> tags;
  std::optional<std::string> owner;
  std::optional<std::string> visibility;  ///< "public" or "private".
  UnknownFields unknown_fields;
  friend bool operator==(Secret const&, Secret const&) = default;
};

}  // namespace lepton

#endif  // LEPTONKIT_SCHEDULER_INCLUDE_LEPTON_SECRET_H_
