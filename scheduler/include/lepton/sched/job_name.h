#ifndef LEPTONKIT_SCHEDULER_INCLUDE_LEPTON_SCHED_JOB_NAME_H_
#define LEPTONKIT_SCHEDULER_INCLUDE_LEPTON_SCHED_JOB_NAME_H_

#include <cstddef>
#include <string>
#include <string_view>

namespace lepton::sched {

/// The longest job name MakeJobName produces. Lepton appends its own suffix to make the job id
/// and replica names (`<id>-<index>-<rand>`) must stay DNS labels of at most 63 characters.
inline constexpr std::size_t kMaxJobNameLength = 36;

/// A DNS label made from an app name (NeMo-Run only lowercases and replaces `_` and `.`, cuts at
/// 34 characters and adds no suffix, so names collide or are not labels): lowercase
/// `[a-z0-9-]`, every other character (`_`, `.`, spaces, `/`, `:`, non-ASCII) becomes `-`, runs
/// of `-` collapse, it starts with a letter ("app-" is put in front otherwise) and never ends
/// with `-`. A long name is cut and given a short hash of the whole name, so two long names that
/// share a prefix stay distinct. `unique_suffix` (e.g. 5 random characters) is appended so two
/// launches of one app never collide. At most kMaxJobNameLength characters.
[[nodiscard]] std::string MakeJobName(std::string_view app_name, std::string_view unique_suffix);

}  // namespace lepton::sched

#endif  // LEPTONKIT_SCHEDULER_INCLUDE_LEPTON_SCHED_JOB_NAME_H_
