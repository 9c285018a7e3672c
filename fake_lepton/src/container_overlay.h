#ifndef LEPTONKIT_FAKE_LEPTON_SRC_CONTAINER_OVERLAY_H_
#define LEPTONKIT_FAKE_LEPTON_SRC_CONTAINER_OVERLAY_H_

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "command_script.h"

namespace lepton::fake {

/// One simulated run's view of the container's files: what `files` shows, with the run's own
/// changes on top. Every change is also recorded as a FileChange, for the caller to apply to
/// storage afterwards; `files` itself is never written.
///
/// Paths are absolute and normalised (see ContainerFileReader). A change is only made at a
/// path the caller found inside a storage mount (Lookup not kUnknown), whose parent is a
/// directory.
class ContainerOverlay {
 public:
  explicit ContainerOverlay(ContainerFiles const& files) : files_(files) {}

  /// What is at `path` now.
  [[nodiscard]] ContainerPath Lookup(std::string const& path) const;
  /// The sorted names in the directory at `path` (which Lookup says is a directory) now;
  /// nothing when they cannot be known (no lister for a directory the run did not make).
  [[nodiscard]] std::optional<std::vector<std::string>> List(std::string const& path) const;

  /// Creates or replaces the file at `path`.
  void Write(std::string const& path, std::shared_ptr<std::string const> bytes, Duration at);
  /// Creates the directory at `path` (nothing there now).
  void MakeDirectory(std::string const& path, Duration at);
  /// Removes whatever is at `path`, with everything under it.
  void Remove(std::string const& path, Duration at);

  /// The changes so far, in order.
  [[nodiscard]] std::vector<FileChange> TakeChanges() { return std::move(changes_); }

 private:
  struct Node {
    enum class Kind { kFile, kDirectory, kGone };
    Kind kind = Kind::kGone;
    std::shared_ptr<std::string const> bytes;
  };

  // Whether something the run did (a removal, a directory it made, a file in the way) hides
  // what `files_` shows at `path`.
  [[nodiscard]] bool Hidden(std::string const& path) const;
  // Erases the nodes strictly under `path`.
  void Forget(std::string const& path);

  ContainerFiles const& files_;
  // The run's own state by path: a directory the run made hides what `files_` has under it
  // (it did not exist before), and kGone hides a removed path.
  std::map<std::string, Node> nodes_;
  std::vector<FileChange> changes_;
};

/// The parent directory of an absolute, normalised path ("/" for "/x" and for "/").
std::string ParentPath(std::string const& path);
/// The last segment of an absolute, normalised path ("" for "/").
std::string BaseName(std::string const& path);
/// `directory` joined with `name`.
std::string JoinPath(std::string const& directory, std::string const& name);

}  // namespace lepton::fake

#endif  // LEPTONKIT_FAKE_LEPTON_SRC_CONTAINER_OVERLAY_H_
