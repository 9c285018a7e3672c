#ifndef LEPTONKIT_SCHEDULER_SRC_SCHEDULER_STAGE_MANIFEST_H_
#define LEPTONKIT_SCHEDULER_SRC_SCHEDULER_STAGE_MANIFEST_H_

#include <string>
#include <string_view>
#include <vector>

#include "lepton/sched/staging.h"
#include "lepton/status.h"

namespace lepton::internal {

/// The manifest format version EncodeStageManifest writes and DecodeStageManifest accepts.
inline constexpr int kStageManifestVersion = 1;

/// The JSON text of a manifest (see kStageManifestName): directories and files in the order
/// given. A file whose sha256 is empty is "pending": staged (or being staged) with content the
/// next staging must not trust.
std::string EncodeStageManifest(std::vector<sched::StagedEntry> const& entries);

/// Reads a manifest. kInvalidArgument for anything but this version's exact shape: relative
/// '/'-separated paths without empty, '.' or '..' segments, modes "0000" to "0777", sha256
/// empty or 64 lowercase hex digits.
StatusOr<std::vector<sched::StagedEntry>> DecodeStageManifest(std::string_view text);

}  // namespace lepton::internal

#endif  // LEPTONKIT_SCHEDULER_SRC_SCHEDULER_STAGE_MANIFEST_H_
