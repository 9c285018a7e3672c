#ifndef LEPTONKIT_SCHEDULER_INCLUDE_LEPTON_SHAPE_H_
#define LEPTONKIT_SCHEDULER_INCLUDE_LEPTON_SHAPE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "lepton/metadata.h"
#include "lepton/raw_json.h"

namespace lepton {

struct ShapeSpec {
  std::optional<std::string> name;  ///< e.g. "gpu.8xh100".
  std::optional<std::string> description;
  std::optional<std::vector<std::string>> listable_in;  ///< job, pod, deployment.
  std::optional<double> cpu;
  std::optional<std::int64_t> memory_in_mb;
  std::optional<std::int64_t> ephemeral_storage_in_gb;
  std::optional<bool> is_adaptive;
  std::optional<std::string> accelerator_type;
  std::optional<std::int64_t> accelerator_num;
  std::optional<double> accelerator_fraction;
  std::optional<std::int64_t> accelerator_memory_in_mb;
  std::optional<bool> accelerator_pass_all;
  std::optional<std::string> node_group_id;
  UnknownFields unknown_fields;
  friend bool operator==(ShapeSpec const&, ShapeSpec const&) = default;
};

/// One element of `GET /shapes`: a named resource shape a job may ask for.
struct Shape {
  Metadata metadata;
  std::optional<ShapeSpec> spec;
  UnknownFields unknown_fields;
  friend bool operator==(Shape const&, Shape const&) = default;
};

}  // namespace lepton

#endif  // LEPTONKIT_SCHEDULER_INCLUDE_LEPTON_SHAPE_H_
