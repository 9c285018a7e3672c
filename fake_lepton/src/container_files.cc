#include "container_files.h"

#include <algorithm>
#include <string_view>
#include <utility>

#include "file_store.h"

namespace lepton::fake {
namespace {

struct MountView {
  std::string mount_path;             // Canonical, never "/".
  std::optional<std::string> fs;      // Nothing: a volume that is not storage.
  std::string source;                 // Canonical storage path.
};

}  // namespace

std::optional<std::string> MountedFileSystem(std::optional<std::string> const& from) {
  if (!from || from->empty()) return std::string("default");
  std::string_view const name = *from;
  if (name.starts_with("node-")) {
    auto const colon = name.find(':');
    if (colon == std::string_view::npos || colon + 1 == name.size()) return std::nullopt;
    return std::string(name.substr(colon + 1));
  }
  return std::string(name);
}

namespace {

std::vector<MountView> Views(std::vector<Mount> const& mounts) {
  std::vector<MountView> views;
  for (auto const& mount : mounts) {
    if (!mount.mount_path) continue;
    auto mount_path = FileStore::Normalize(*mount.mount_path);
    if (!mount_path || *mount_path == "/") continue;
    MountView view;
    view.mount_path = *std::move(mount_path);
    view.fs = MountedFileSystem(mount.from);
    if (view.fs) {
      auto source = FileStore::Normalize(mount.path.value_or("/"));
      // A source the store would refuse: the paths under this mount are unknown.
      if (source) {
        view.source = *std::move(source);
      } else {
        view.fs.reset();
      }
    }
    views.push_back(std::move(view));
  }
  return views;
}

std::optional<StorageLocation> Locate(std::vector<MountView> const& views, std::string const& path) {
  MountView const* best = nullptr;
  for (auto const& view : views) {
    bool const under = path == view.mount_path ||
                       (path.starts_with(view.mount_path) && path[view.mount_path.size()] == '/');
    if (under && (best == nullptr || view.mount_path.size() > best->mount_path.size())) {
      best = &view;
    }
  }
  if (best == nullptr || !best->fs) return std::nullopt;
  std::string const rest = path.substr(best->mount_path.size());  // "" or "/...".
  // Appended, not `source + rest` nor `= "/"`: GCC 12 -Wrestrict misreads those at -O2.
  std::string storage_path;
  if (best->source != "/") storage_path.append(best->source);
  storage_path.append(rest);
  if (storage_path.empty()) storage_path.push_back('/');
  auto canonical = FileStore::Normalize(storage_path);
  if (!canonical) return std::nullopt;
  return StorageLocation{*best->fs, *std::move(canonical)};
}

}  // namespace

ContainerFileReader StorageReader(std::vector<Mount> const& mounts, StorageLookup lookup) {
  if (!lookup) return {};
  return [views = Views(mounts), lookup = std::move(lookup)](std::string const& path) {
    auto const at = Locate(views, path);
    if (!at) return ContainerPath{};
    ContainerPath found = lookup(at->fs, at->path);
    // [INF] A mount point is a directory in the container even before its storage path
    // exists (the first write under it creates that path in storage).
    bool const mount_point = std::any_of(views.begin(), views.end(), [&](MountView const& view) {
      return view.mount_path == path;
    });
    if (mount_point && found.kind == ContainerPath::Kind::kMissing) {
      found.kind = ContainerPath::Kind::kDirectory;
    }
    return found;
  };
}

std::optional<StorageLocation> LocateInStorage(std::vector<Mount> const& mounts,
                                               std::string const& path) {
  return Locate(Views(mounts), path);
}

ContainerFiles StorageFiles(std::vector<Mount> const& mounts, StorageAccess const& storage) {
  ContainerFiles files(StorageReader(mounts, storage.lookup));
  if (storage.list) {
    files.list = [views = Views(mounts), list = storage.list](std::string const& path) {
      auto const at = Locate(views, path);
      return at ? list(at->fs, at->path) : std::vector<std::string>{};
    };
  }
  return files;
}

}  // namespace lepton::fake
