#ifndef LEPTONKIT_FAKE_LEPTON_SRC_CONTAINER_FILES_H_
#define LEPTONKIT_FAKE_LEPTON_SRC_CONTAINER_FILES_H_

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "command_script.h"
#include "lepton/mount.h"

namespace lepton::fake {

/// What storage holds at `path` (canonical, see FileStore::Normalize) of file system `fs`:
/// kMissing, kFile with its bytes, kDirectory, or kUnknown for a file system that does not
/// exist.
using StorageLookup =
    std::function<ContainerPath(std::string const& fs, std::string const& path)>;

/// The storage file system a mount's `from` names: `fs`, `node-<type>:fs`, or nothing (then
/// "default"). [INF] `node-local` and other `node-<type>` volumes without a `:` are not storage:
/// nothing.
std::optional<std::string> MountedFileSystem(std::optional<std::string> const& from);

/// A job's view of storage through its `spec.mounts`: an absolute container path is looked up
/// through the mount with the longest matching `mount_path` (equal to it, or below it at a `/`),
/// at storage path `path` (default "/") joined with the rest, in the mount's file system, at
/// the moment of each call. A path under no storage mount, under a mount that is not storage,
/// or with a mount that does not make a valid storage path is kUnknown. [INF] fixtures/README.md.
ContainerFileReader StorageReader(std::vector<Mount> const& mounts, StorageLookup lookup);

}  // namespace lepton::fake

#endif  // LEPTONKIT_FAKE_LEPTON_SRC_CONTAINER_FILES_H_
