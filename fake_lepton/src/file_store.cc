#include "file_store.h"

#include <utility>

#include <fmt/format.h>

namespace lepton::fake {
namespace {

Status Invalid(std::string message) {
  return Status(StatusCode::kInvalidArgument, std::move(message));
}

// A path as it may appear in a message: cut, with control bytes shown as '?'.
std::string Printable(std::string_view path) {
  std::string out(path.substr(0, 256));
  for (char& c : out) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = '?';
  }
  return out;
}

// The sum of the file sizes under a node.
std::uint64_t SubtreeBytes(auto const& node) {
  if (!node.directory) return node.bytes->size();
  std::uint64_t total = 0;
  for (auto const& [name, child] : node.children) total += SubtreeBytes(*child);
  return total;
}

}  // namespace

FileStore::FileStore(std::vector<std::string> file_systems, Limits limits,
                     std::shared_ptr<Clock> clock)
    : order_(std::move(file_systems)),
      limits_(limits),
      clock_(clock ? std::move(clock) : std::make_shared<SystemClock>()) {
  for (auto const& name : order_) file_systems_[name];
}

StatusOr<std::string> FileStore::Normalize(std::string_view path) {
  if (path.size() > kMaxPathBytes) {
    return Invalid(fmt::format("path longer than {} bytes", kMaxPathBytes));
  }
  if (path.empty() || path[0] != '/') return Invalid("a path must start with '/'");
  std::string out;
  std::size_t at = 1;
  while (at < path.size()) {
    std::size_t end = path.find('/', at);
    if (end == std::string_view::npos) end = path.size();
    std::string_view const segment = path.substr(at, end - at);
    bool const trailing = end + 1 == path.size();
    if (segment.empty()) {
      return Invalid(fmt::format("empty segment in path '{}'", Printable(path)));
    }
    if (segment == "." || segment == "..") {
      return Invalid(fmt::format("'{}' segment in path '{}'", segment, Printable(path)));
    }
    if (segment.size() > kMaxSegmentBytes) {
      return Invalid(fmt::format("a path segment is longer than {} bytes", kMaxSegmentBytes));
    }
    for (char c : segment) {
      if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) {
        return Invalid(fmt::format("control byte in path '{}'", Printable(path)));
      }
    }
    out += '/';
    out += segment;
    if (trailing) break;  // One trailing slash names the same entry.
    at = end + 1;
  }
  return out.empty() ? std::string("/") : out;
}

StatusOr<FileStore::FileSystem const*> FileStore::FindFs(std::string const& fs) const {
  auto it = file_systems_.find(fs);
  if (it == file_systems_.end()) {
    return Status(StatusCode::kNotFound,
                  fmt::format("file system '{}' not found", Printable(fs)));
  }
  return &it->second;
}

std::vector<std::string_view> FileStore::Segments(std::string const& canonical) {
  std::vector<std::string_view> out;
  std::string_view rest(canonical);
  while (rest.size() > 1) {
    rest.remove_prefix(1);
    std::size_t const end = rest.find('/');
    out.push_back(rest.substr(0, end));
    if (end == std::string_view::npos) break;
    rest.remove_prefix(end);
  }
  return out;
}

FileStore::Node const* FileStore::Walk(Node const& root,
                                       std::vector<std::string_view> const& segments,
                                       std::size_t count) {
  Node const* node = &root;
  for (std::size_t i = 0; i < count; ++i) {
    if (!node->directory) return nullptr;
    auto it = node->children.find(segments[i]);
    if (it == node->children.end()) return nullptr;
    node = it->second.get();
  }
  return node;
}

std::vector<FileStore::FileSystemUsage> FileStore::FileSystems() const {
  std::lock_guard lock(mu_);
  std::vector<FileSystemUsage> out;
  for (auto const& name : order_) out.push_back({name, file_systems_.find(name)->second.used_bytes});
  return out;
}

StatusOr<FileStore::FileSystemUsage> FileStore::Usage(std::string const& fs) const {
  std::lock_guard lock(mu_);
  auto found = FindFs(fs);
  if (!found) return found.status();
  return FileSystemUsage{fs, (*found)->used_bytes};
}

StatusOr<FileStore::Node const*> FileStore::FindExistingLocked(std::string const& fs,
                                                              std::string const& canonical) const {
  auto found = FindFs(fs);
  if (!found) return found.status();
  auto const segments = Segments(canonical);
  Node const* node = Walk((*found)->root, segments, segments.size());
  if (node == nullptr) {
    return Status(StatusCode::kNotFound, fmt::format("'{}' not found", Printable(canonical)));
  }
  return node;
}

StatusOr<FileStore::Entry> FileStore::Stat(std::string const& fs, std::string_view path) const {
  auto canonical = Normalize(path);
  if (!canonical) return canonical.status();
  std::lock_guard lock(mu_);
  auto existing = FindExistingLocked(fs, *canonical);
  if (!existing) return existing.status();
  Node const* node = *existing;
  std::string name = canonical->substr(canonical->rfind('/') + 1);  // "" for the root.
  return Entry{std::move(name), *canonical,
               node->directory, node->directory ? 0 : node->bytes->size(), node->modified};
}

StatusOr<std::vector<FileStore::Entry>> FileStore::List(std::string const& fs,
                                                        std::string_view path) const {
  auto canonical = Normalize(path);
  if (!canonical) return canonical.status();
  std::lock_guard lock(mu_);
  auto existing = FindExistingLocked(fs, *canonical);
  if (!existing) return existing.status();
  Node const* node = *existing;
  if (!node->directory) {
    return Status(StatusCode::kAlreadyExists,
                  fmt::format("'{}' is a file, not a directory", Printable(*canonical)));
  }
  std::string const prefix = *canonical == "/" ? std::string() : *canonical;
  std::vector<Entry> out;
  out.reserve(node->children.size());
  for (auto const& [name, child] : node->children) {
    out.push_back(Entry{name, prefix + "/" + name, child->directory,
                        child->directory ? 0 : child->bytes->size(), child->modified});
  }
  return out;
}

StatusOr<std::shared_ptr<std::string const>> FileStore::Read(std::string const& fs,
                                                             std::string_view path) const {
  auto canonical = Normalize(path);
  if (!canonical) return canonical.status();
  std::lock_guard lock(mu_);
  auto existing = FindExistingLocked(fs, *canonical);
  if (!existing) return existing.status();
  Node const* node = *existing;
  if (node->directory) {
    return Status(StatusCode::kAlreadyExists,
                  fmt::format("'{}' is a directory", Printable(*canonical)));
  }
  return node->bytes;
}

Status FileStore::CheckWriteLocked(FileSystem const& fs, std::string const& canonical,
                                   std::uint64_t bytes, bool create_parents) const {
  if (canonical == "/") return Invalid("'/' is a directory and cannot be written as a file");
  auto const segments = Segments(canonical);
  // The parent: every ancestor that exists must be a directory; a missing one is kNotFound
  // unless parents are created.
  Node const* node = &fs.root;
  std::string walked;
  for (std::size_t i = 0; i + 1 < segments.size(); ++i) {
    walked += '/';
    walked += segments[i];
    auto it = node->children.find(segments[i]);
    if (it == node->children.end()) {
      if (create_parents) {
        node = nullptr;
        break;
      }
      return Status(StatusCode::kNotFound,
                    fmt::format("parent directory '{}' not found", Printable(walked)));
    }
    node = it->second.get();
    if (!node->directory) {
      return Status(StatusCode::kAlreadyExists,
                    fmt::format("'{}' is a file, not a directory", Printable(walked)));
    }
  }
  std::uint64_t old_size = 0;
  if (node != nullptr) {
    auto it = node->children.find(segments.back());
    if (it != node->children.end()) {
      if (it->second->directory) {
        return Status(StatusCode::kAlreadyExists,
                      fmt::format("'{}' is a directory", Printable(canonical)));
      }
      old_size = it->second->bytes->size();
    }
  }
  if (bytes > limits_.max_file_bytes) {
    return Status(StatusCode::kOutOfRange,
                  fmt::format("the file is larger than the limit of {} bytes",
                              limits_.max_file_bytes));
  }
  if (fs.used_bytes - old_size + bytes > limits_.capacity_bytes) {
    return Status(StatusCode::kResourceExhausted,
                  fmt::format("the file system would exceed its capacity of {} bytes",
                              limits_.capacity_bytes));
  }
  return Status();
}

Status FileStore::CheckWrite(std::string const& fs, std::string_view path, std::uint64_t bytes,
                             bool create_parents) const {
  auto canonical = Normalize(path);
  if (!canonical) return canonical.status();
  std::lock_guard lock(mu_);
  auto found = FindFs(fs);
  if (!found) return found.status();
  return CheckWriteLocked(**found, *canonical, bytes, create_parents);
}

Status FileStore::CheckRoom(std::string const& fs, std::string_view path,
                            std::uint64_t bytes) const {
  auto canonical = Normalize(path);
  if (!canonical) return canonical.status();
  std::lock_guard lock(mu_);
  auto found = FindFs(fs);
  if (!found) return found.status();
  auto const segments = Segments(*canonical);
  Node const* old = Walk((*found)->root, segments, segments.size());
  std::uint64_t const old_size = old != nullptr && !old->directory ? old->bytes->size() : 0;
  if ((*found)->used_bytes - old_size + bytes > limits_.capacity_bytes) {
    return Status(StatusCode::kResourceExhausted,
                  fmt::format("the file system would exceed its capacity of {} bytes",
                              limits_.capacity_bytes));
  }
  return Status();
}

Status FileStore::Write(std::string const& fs, std::string_view path, std::string bytes,
                        bool create_parents) {
  // Made shared outside the lock: moving the string in copies nothing.
  return Write(fs, path, std::make_shared<std::string const>(std::move(bytes)), create_parents);
}

Status FileStore::Write(std::string const& fs, std::string_view path,
                        std::shared_ptr<std::string const> blob, bool create_parents) {
  if (!blob) blob = std::make_shared<std::string const>();
  auto canonical = Normalize(path);
  if (!canonical) return canonical.status();
  std::lock_guard lock(mu_);
  auto found = file_systems_.find(fs);
  if (found == file_systems_.end()) return FindFs(fs).status();
  FileSystem& system = found->second;
  if (Status s = CheckWriteLocked(system, *canonical, blob->size(), create_parents); !s.ok()) {
    return s;
  }
  TimePoint const now = clock_->Now();
  auto const segments = Segments(*canonical);
  Node* node = &system.root;
  for (std::size_t i = 0; i + 1 < segments.size(); ++i) {
    auto& child = node->children[std::string(segments[i])];
    if (!child) child = std::make_unique<Node>(Node{true, nullptr, now, {}});
    node = child.get();
  }
  auto& target = node->children[std::string(segments.back())];
  std::uint64_t const old_size = target ? target->bytes->size() : 0;
  system.used_bytes = system.used_bytes - old_size + blob->size();
  target = std::make_unique<Node>(Node{false, std::move(blob), now, {}});
  return Status();
}

Status FileStore::MakeDirectory(std::string const& fs, std::string_view path) {
  auto canonical = Normalize(path);
  if (!canonical) return canonical.status();
  std::lock_guard lock(mu_);
  auto found = file_systems_.find(fs);
  if (found == file_systems_.end()) return FindFs(fs).status();
  auto const segments = Segments(*canonical);
  // Check first, so that a file in the way leaves no new parents behind.
  Node const* check = &found->second.root;
  std::string walked;
  for (auto segment : segments) {
    walked += '/';
    walked += segment;
    auto it = check->children.find(segment);
    if (it == check->children.end()) break;
    check = it->second.get();
    if (!check->directory) {
      return Status(StatusCode::kAlreadyExists,
                    fmt::format("'{}' is a file, not a directory", Printable(walked)));
    }
  }
  TimePoint const now = clock_->Now();
  Node* node = &found->second.root;
  for (auto segment : segments) {
    auto& child = node->children[std::string(segment)];
    if (!child) child = std::make_unique<Node>(Node{true, nullptr, now, {}});
    node = child.get();
  }
  return Status();
}

Status FileStore::Remove(std::string const& fs, std::string_view path, bool recursive) {
  auto canonical = Normalize(path);
  if (!canonical) return canonical.status();
  if (*canonical == "/") return Invalid("the root directory '/' cannot be deleted");
  std::lock_guard lock(mu_);
  auto found = file_systems_.find(fs);
  if (found == file_systems_.end()) return FindFs(fs).status();
  auto const segments = Segments(*canonical);
  // Walk only reads; the lock is held and the node is ours to change.
  Node* parent = const_cast<Node*>(Walk(found->second.root, segments, segments.size() - 1));
  if (parent == nullptr || !parent->directory) {
    return Status(StatusCode::kNotFound, fmt::format("'{}' not found", Printable(*canonical)));
  }
  auto it = parent->children.find(segments.back());
  if (it == parent->children.end()) {
    return Status(StatusCode::kNotFound, fmt::format("'{}' not found", Printable(*canonical)));
  }
  Node const& target = *it->second;
  if (target.directory && !target.children.empty() && !recursive) {
    return Status(StatusCode::kFailedPrecondition,
                  fmt::format("directory not empty; use removeall=true: '{}'",
                              Printable(*canonical)));
  }
  found->second.used_bytes -= SubtreeBytes(target);
  parent->children.erase(it);
  return Status();
}

void FileStore::Clear() {
  std::lock_guard lock(mu_);
  for (auto& [name, system] : file_systems_) system = FileSystem{};
}

}  // namespace lepton::fake
