#ifndef LEPTONKIT_SCHEDULER_INCLUDE_LEPTON_ENV_VAR_H_
#define LEPTONKIT_SCHEDULER_INCLUDE_LEPTON_ENV_VAR_H_

#include <optional>
#include <string>

#include "lepton/raw_json.h"

namespace lepton {

/// `value_from` of an environment variable: a reference to a workspace secret.
struct EnvValueSource {
  std::optional<std::string> secret_name_ref;  ///< The name of a user secret.
  UnknownFields unknown_fields;

  friend bool operator==(EnvValueSource const&, EnvValueSource const&) = default;
};

/// `spec.envs[]`: either a literal `value` or a `value_from` secret reference.
struct EnvVar {
  std::optional<std::string> name;  ///< Required by the SDK.
  std::optional<std::string> value;
  std::optional<EnvValueSource> value_from;
  UnknownFields unknown_fields;

  friend bool operator==(EnvVar const&, EnvVar const&) = default;
};

}  // namespace lepton

#endif  // LEPTONKIT_SCHEDULER_INCLUDE_LEPTON_ENV_VAR_H_
