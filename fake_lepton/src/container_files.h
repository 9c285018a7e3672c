#ifndef LEPTONKIT_FAKE_LEPTON_SRC_CONTAINER_FILES_H_
#define LEPTONKIT_FAKE_LEPTON_SRC_CONTAINER_FILES_H_

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "command_script.h"
#include "lepton/mount.h"
#include "lepton/status.h"

namespace lepton::fake {

/// What storage holds at `path` (canonical, see FileStore::Normalize) of file system `fs`:
/// kMissing, kFile with its bytes, kDirectory, or kUnknown for a file system that does not
/// exist.
using StorageLookup =
    std::function<ContainerPath(std::string const& fs, std::string const& path)>;

/// The names in the directory at `path` of file system `fs` (which StorageLookup says is a
/// directory).
using StorageLister =
    std::function<std::vector<std::string>(std::string const& fs, std::string const& path)>;

/// Applies a simulated command's change (FileChange; its `path` ignored) at `path` of file
/// system `fs`.
using StorageChanger = std::function<Status(std::string const& fs, std::string const& path,
                                            FileChange const& change)>;

/// What simulated commands may do with the workspace's storage. Any part may be empty: without
/// `lookup` every mounted path is unknown, without `list` directories cannot be walked, without
/// `change` the changes are dropped.
struct StorageAccess {
  StorageLookup lookup;
  StorageLister list;
  StorageChanger change;
};

/// Where a container path is in storage.
struct StorageLocation {
  std::string fs;
  std::string path;  ///< Canonical storage path.
  friend bool operator==(StorageLocation const&, StorageLocation const&) = default;
};

/// The storage file system a mount's `from` names: `fs`, `node-<type>:fs`, or nothing (then
/// "default"). [INF] `node-local` and other `node-<type>` volumes without a `:` are not storage:
/// nothing.
std::optional<std::string> MountedFileSystem(std::optional<std::string> const& from);

/// A job's view of storage through its `spec.mounts`: an absolute container path is looked up
/// through the mount with the longest matching `mount_path` (equal to it, or below it at a `/`),
/// at storage path `path` (default "/") joined with the rest, in the mount's file system, at
/// the moment of each call. A path under no storage mount, under a mount that is not storage,
/// or with a mount that does not make a valid storage path is kUnknown. A mount point whose
/// storage path does not exist yet is an empty directory. [INF] fixtures/README.md.
ContainerFileReader StorageReader(std::vector<Mount> const& mounts, StorageLookup lookup);

/// Where the absolute container path `path` is in storage through `mounts` (the rules of
/// StorageReader); nothing when it is under no storage mount.
std::optional<StorageLocation> LocateInStorage(std::vector<Mount> const& mounts,
                                               std::string const& path);

/// A job's view of storage for a simulated command: StorageReader, and a lister of the same
/// directories through `storage.list`.
ContainerFiles StorageFiles(std::vector<Mount> const& mounts, StorageAccess const& storage);

}  // namespace lepton::fake

#endif  // LEPTONKIT_FAKE_LEPTON_SRC_CONTAINER_FILES_H_
