#ifndef LEPTONKIT_SCHEDULER_INCLUDE_LEPTON_WIRE_CODEC_H_
#define LEPTONKIT_SCHEDULER_INCLUDE_LEPTON_WIRE_CODEC_H_

#include <string>
#include <string_view>
#include <vector>

#include "lepton/api_error.h"
#include "lepton/event.h"
#include "lepton/job.h"
#include "lepton/node.h"
#include "lepton/node_group.h"
#include "lepton/replica.h"
#include "lepton/secret.h"
#include "lepton/shape.h"
#include "lepton/status.h"
#include "lepton/workspace_info.h"

namespace lepton {

/// Decodes Lepton wire JSON into a model type.
///
/// Unknown keys are kept in `unknown_fields`; JSON `null` counts as absent. A value of the wrong
/// type, or text that is not JSON, gives kInvalidArgument with the JSON path of the first problem
/// (e.g. `/spec/completions: expected an integer, got "four"`). Never throws.
///
/// Available for Job, JobList, Replica, Event, NodeGroup, Node, Shape, WorkspaceInfo, Secret,
/// ApiError, and std::vector of Job, Replica, Event, NodeGroup, Node, Shape and Secret (the bare
/// lists some endpoints answer with).
template <typename T>
[[nodiscard]] StatusOr<T> FromJson(std::string_view text);

/// Encodes a model value as compact Lepton wire JSON. Unset optional fields are left out, as
/// the official SDK does; unknown fields are written back as they were read.
template <typename T>
[[nodiscard]] std::string ToJson(T const& value);

/// Every type FromJson and ToJson are instantiated for (json_codec.cc defines them from this
/// same list). Commas inside template arguments are not an issue: each entry is one token list.
#define LEPTONKIT_WIRE_TYPES(X)                                                          \
  X(Job) X(JobList) X(JobSpec) X(Replica) X(Event) X(NodeGroup) X(Node) X(Shape)         \
  X(WorkspaceInfo) X(Secret) X(ApiError) X(std::vector<Job>) X(std::vector<Replica>)     \
  X(std::vector<Event>) X(std::vector<NodeGroup>) X(std::vector<Node>)                   \
  X(std::vector<Shape>) X(std::vector<Secret>)

#define LEPTONKIT_DECLARE_WIRE_TYPE(T)                             \
  extern template StatusOr<T> FromJson<T>(std::string_view text); \
  extern template std::string ToJson<T>(T const& value);

LEPTONKIT_WIRE_TYPES(LEPTONKIT_DECLARE_WIRE_TYPE)

#undef LEPTONKIT_DECLARE_WIRE_TYPE

}  // namespace lepton

#endif  // LEPTONKIT_SCHEDULER_INCLUDE_LEPTON_WIRE_CODEC_H_
