#include "scheduler/stage_manifest.h"

#include <fmt/format.h>

#include "internal/json_codec.h"

namespace lepton::internal {
namespace {

bool IsRelativePath(std::string_view path) {
  if (path.empty() || path.front() == '/' || path.back() == '/') return false;
  while (!path.empty()) {
    auto const slash = path.find('/');
    std::string_view const segment = path.substr(0, slash);
    if (segment.empty() || segment == "." || segment == "..") return false;
    if (segment.find('\0') != std::string_view::npos) return false;
    if (slash == std::string_view::npos) break;
    path.remove_prefix(slash + 1);
  }
  return true;
}

bool IsSha256Hex(std::string_view text) {
  if (text.size() != 64) return false;
  for (char c : text) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

std::optional<std::uint32_t> ParseMode(std::string_view text) {
  if (text.size() != 4 || text[0] != '0') return std::nullopt;
  std::uint32_t mode = 0;
  for (char c : text) {
    if (c < '0' || c > '7') return std::nullopt;
    mode = mode * 8 + static_cast<std::uint32_t>(c - '0');
  }
  return mode;
}

Status Bad(std::string_view why) {
  return Status(StatusCode::kInvalidArgument, fmt::format("staging manifest: {}", why));
}

}  // namespace

std::string EncodeStageManifest(std::vector<sched::StagedEntry> const& entries) {
  Json directories = Json::array();
  Json files = Json::array();
  for (auto const& entry : entries) {
    std::string const mode = fmt::format("{:04o}", entry.mode & 0777);
    if (entry.is_directory) {
      directories.push_back(Json{{"path", entry.relative_path}, {"mode", mode}});
    } else {
      files.push_back(Json{{"path", entry.relative_path},
                           {"size", entry.size},
                           {"sha256", entry.sha256},
                           {"mode", mode}});
    }
  }
  Json manifest = {{"version", kStageManifestVersion},
                   {"directories", std::move(directories)},
                   {"files", std::move(files)}};
  return DumpJson(manifest);
}

StatusOr<std::vector<sched::StagedEntry>> DecodeStageManifest(std::string_view text) {
  auto json = ParseJson(text);
  if (!json) return Bad(json.status().message());
  if (!json->is_object()) return Bad("not a JSON object");
  auto const version = json->find("version");
  if (version == json->end() || !version->is_number_integer() ||
      version->get<int>() != kStageManifestVersion) {
    return Bad(fmt::format("not version {}", kStageManifestVersion));
  }
  std::vector<sched::StagedEntry> out;
  for (char const* key : {"directories", "files"}) {
    bool const is_directory = std::string_view(key) == "directories";
    auto const list = json->find(key);
    if (list == json->end() || !list->is_array()) return Bad(fmt::format("no {} array", key));
    for (auto const& item : *list) {
      if (!item.is_object()) return Bad(fmt::format("an entry of {} is not an object", key));
      sched::StagedEntry entry;
      entry.is_directory = is_directory;
      auto const path = item.find("path");
      if (path == item.end() || !path->is_string() ||
          !IsRelativePath(path->get_ref<std::string const&>())) {
        return Bad(fmt::format("an entry of {} has no valid relative path", key));
      }
      entry.relative_path = path->get<std::string>();
      auto const mode = item.find("mode");
      std::optional<std::uint32_t> parsed;
      if (mode != item.end() && mode->is_string()) parsed = ParseMode(mode->get<std::string>());
      if (!parsed) return Bad(fmt::format("{} has no valid mode", entry.relative_path));
      entry.mode = *parsed;
      if (!is_directory) {
        auto const size = item.find("size");
        if (size == item.end() || !size->is_number_unsigned()) {
          return Bad(fmt::format("{} has no valid size", entry.relative_path));
        }
        entry.size = size->get<std::uint64_t>();
        auto const sha = item.find("sha256");
        if (sha == item.end() || !sha->is_string() ||
            !(sha->get_ref<std::string const&>().empty() ||
              IsSha256Hex(sha->get_ref<std::string const&>()))) {
          return Bad(fmt::format("{} has no valid sha256", entry.relative_path));
        }
        entry.sha256 = sha->get<std::string>();
      }
      out.push_back(std::move(entry));
    }
  }
  return out;
}

}  // namespace lepton::internal
