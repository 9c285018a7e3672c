#include "container_overlay.h"

#include <algorithm>
#include <set>
#include <utility>

namespace lepton::fake {

std::string ParentPath(std::string const& path) {
  auto const slash = path.rfind('/');
  if (slash == std::string::npos || slash == 0) return "/";
  return path.substr(0, slash);
}

std::string BaseName(std::string const& path) {
  auto const slash = path.rfind('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

std::string JoinPath(std::string const& directory, std::string const& name) {
  return directory == "/" ? "/" + name : directory + "/" + name;
}

bool ContainerOverlay::Hidden(std::string const& path) const {
  // The nearest ancestor the run touched decides: a directory the run made (nothing of
  // `files_` was under it), a removal, or a file in the way.
  std::string at = path;
  while (at != "/") {
    at = ParentPath(at);
    if (nodes_.contains(at)) return true;
  }
  return false;
}

ContainerPath ContainerOverlay::Lookup(std::string const& path) const {
  if (auto const it = nodes_.find(path); it != nodes_.end()) {
    switch (it->second.kind) {
      case Node::Kind::kFile: return ContainerPath{ContainerPath::Kind::kFile, it->second.bytes};
      case Node::Kind::kDirectory: return ContainerPath{ContainerPath::Kind::kDirectory, nullptr};
      case Node::Kind::kGone: return ContainerPath{ContainerPath::Kind::kMissing, nullptr};
    }
  }
  if (Hidden(path)) return ContainerPath{ContainerPath::Kind::kMissing, nullptr};
  return files_.lookup ? files_.lookup(path) : ContainerPath{};
}

std::optional<std::vector<std::string>> ContainerOverlay::List(std::string const& path) const {
  std::set<std::string> names;
  auto const own = nodes_.find(path);
  bool const made_here = own != nodes_.end();
  if (!made_here && !Hidden(path)) {
    if (!files_.list) return std::nullopt;
    for (auto& name : files_.list(path)) names.insert(std::move(name));
  }
  std::string const prefix = path == "/" ? "/" : path + "/";
  for (auto it = nodes_.lower_bound(prefix); it != nodes_.end() && it->first.starts_with(prefix);
       ++it) {
    std::string_view const rest = std::string_view(it->first).substr(prefix.size());
    if (rest.empty() || rest.find('/') != std::string_view::npos) continue;  // Not a child.
    if (it->second.kind == Node::Kind::kGone) {
      names.erase(std::string(rest));
    } else {
      names.insert(std::string(rest));
    }
  }
  return std::vector<std::string>(names.begin(), names.end());
}

void ContainerOverlay::Forget(std::string const& path) {
  std::string const prefix = path == "/" ? "/" : path + "/";
  auto it = nodes_.lower_bound(prefix);
  while (it != nodes_.end() && it->first.starts_with(prefix)) it = nodes_.erase(it);
}

void ContainerOverlay::Write(std::string const& path, std::shared_ptr<std::string const> bytes,
                             Duration at) {
  nodes_[path] = Node{Node::Kind::kFile, bytes};
  changes_.push_back(FileChange{at, FileChange::Kind::kWrite, path, std::move(bytes)});
}

void ContainerOverlay::MakeDirectory(std::string const& path, Duration at) {
  Forget(path);
  nodes_[path] = Node{Node::Kind::kDirectory, nullptr};
  changes_.push_back(FileChange{at, FileChange::Kind::kMakeDirectory, path, nullptr});
}

void ContainerOverlay::Remove(std::string const& path, Duration at) {
  Forget(path);
  nodes_[path] = Node{Node::Kind::kGone, nullptr};
  changes_.push_back(FileChange{at, FileChange::Kind::kRemove, path, nullptr});
}

}  // namespace lepton::fake
