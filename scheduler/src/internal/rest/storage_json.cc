#include "internal/rest/storage_json.h"

#include <fmt/format.h>

#include "internal/json_codec.h"

namespace lepton::internal {
namespace {

Status Malformed(std::string_view why) {
  return Status(StatusCode::kInvalidArgument, std::string(why));
}

StatusOr<FileSystemUsage> FileSystemFrom(Json const& json) {
  if (!json.is_object()) return Malformed("a file system is not a JSON object");
  FileSystemUsage out;
  if (auto m = json.find("metadata"); m != json.end() && m->is_object()) {
    if (auto n = m->find("name"); n != m->end() && n->is_string()) out.name = n->get<std::string>();
    if (out.name.empty()) {
      if (auto i = m->find("id"); i != m->end() && i->is_string()) out.name = i->get<std::string>();
    }
  }
  if (out.name.empty()) return Malformed("a file system has neither metadata.name nor metadata.id");
  if (auto s = json.find("status"); s != json.end() && s->is_object()) {
    if (auto u = s->find("total_usage_bytes"); u != s->end() && !u->is_null()) {
      if (!u->is_number_integer()) return Malformed("status.total_usage_bytes is not an integer");
      out.total_usage_bytes = u->get<std::int64_t>();
    }
  }
  return out;
}

StatusOr<Json> Parse(std::string_view text) {
  auto json = ParseJson(text);
  if (!json) return Malformed(fmt::format("not JSON: {}", json.status().message()));
  return json;
}

}  // namespace

StatusOr<FileSystemUsage> DecodeFileSystemUsage(std::string_view text) {
  auto json = Parse(text);
  if (!json) return std::move(json).status();
  return FileSystemFrom(*json);
}

StatusOr<std::vector<FileSystemUsage>> DecodeFileSystemList(std::string_view text) {
  auto json = Parse(text);
  if (!json) return std::move(json).status();
  if (!json->is_array()) return Malformed("not a JSON array");
  std::vector<FileSystemUsage> out;
  for (auto const& item : *json) {
    auto fs = FileSystemFrom(item);
    if (!fs) return std::move(fs).status();
    out.push_back(*std::move(fs));
  }
  return out;
}

StatusOr<std::vector<StorageEntry>> DecodeDirectoryListing(std::string_view text,
                                                           std::string_view dir_path) {
  auto json = Parse(text);
  if (!json) return std::move(json).status();
  if (!json->is_array()) return Malformed("not a JSON array");
  std::vector<StorageEntry> out;
  out.reserve(json->size());
  for (auto const& item : *json) {
    if (!item.is_object()) return Malformed("an entry is not a JSON object");
    StorageEntry entry;
    auto const type = item.find("type");
    if (type == item.end() || !type->is_string()) return Malformed("an entry has no type");
    if (*type == "file") {
      entry.type = StorageEntryType::kFile;
    } else if (*type == "dir") {
      entry.type = StorageEntryType::kDirectory;
    } else {
      return Malformed(fmt::format("an entry has the unknown type {}", type->dump()));
    }
    auto const name = item.find("name");
    if (name == item.end() || !name->is_string() || name->get_ref<std::string const&>().empty()) {
      return Malformed("an entry has no name");
    }
    entry.name = name->get<std::string>();
    if (auto p = item.find("path"); p != item.end() && p->is_string() &&
                                    !p->get_ref<std::string const&>().empty()) {
      entry.path = p->get<std::string>();
    } else {
      entry.path = std::string(dir_path);
      if (entry.path.empty() || entry.path.back() != '/') entry.path += '/';
      entry.path += entry.name;
    }
    out.push_back(std::move(entry));
  }
  return out;
}

}  // namespace lepton::internal
