#include "scheduler/staged_job.h"

#include <charconv>
#include <system_error>
#include <utility>

#include <fmt/format.h>

#include "lepton/sched/lepton_scheduler.h"

namespace lepton::sched::internal {

namespace fs = std::filesystem;

StatusOr<std::map<std::string, std::vector<std::string>>> StagedModes(fs::path const& local_dir) {
  auto entries = ScanStagingDirectory(local_dir);
  if (!entries) return std::move(entries).status();
  std::map<std::string, std::vector<std::string>> modes;
  for (auto const& entry : *entries) {
    // Only execute bits matter for running, and they are what a server's default mode lacks;
    // listing every 0664 file of a umask-002 tree would make the script too long to start.
    if (entry.is_directory || (entry.mode & 0111) == 0) continue;
    modes[fmt::format("{:o}", entry.mode)].push_back(entry.relative_path);
  }
  return modes;
}

std::string FileSystemOfMount(std::string const& from) {
  if (from.empty()) return "default";
  if (from.starts_with("node-")) {
    if (auto const colon = from.find(':'); colon != std::string::npos) return from.substr(colon + 1);
  }
  return from;
}

std::optional<StagingTarget> StagedTargetOf(Job const& job) {
  if (!job.metadata.labels || !job.spec || !job.spec->mounts) return std::nullopt;
  auto const label = job.metadata.labels->find(kStagedMountLabel);
  if (label == job.metadata.labels->end()) return std::nullopt;
  std::size_t index = 0;
  std::string const& text = label->second;
  auto const [end, parse_error] = std::from_chars(text.data(), text.data() + text.size(), index);
  auto const& mounts = *job.spec->mounts;
  if (parse_error != std::errc() || end != text.data() + text.size() || index >= mounts.size()) {
    return std::nullopt;
  }
  Mount const& mount = mounts[index];
  if (!mount.path || mount.path->empty()) return std::nullopt;
  StagingTarget target;
  target.file_system = FileSystemOfMount(mount.from.value_or(""));
  target.path = *mount.path;
  return target;
}

}  // namespace lepton::sched::internal
