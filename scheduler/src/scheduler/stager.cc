// Stager (lepton/sched/staging.h): decides what to send by comparing the local tree with the
// remote manifest and listings, then writes in an order that keeps a failed staging safe to
// repeat.

#include <algorithm>
#include <deque>
#include <map>
#include <optional>
#include <set>
#include <utility>

#include <fmt/format.h>

#include "lepton/sched/staging.h"
#include "scheduler/local_tree.h"
#include "scheduler/parallel_tasks.h"
#include "scheduler/sha256.h"
#include "scheduler/stage_manifest.h"

namespace lepton::sched {
namespace {

// A manifest larger than this is not read (it would describe millions of files).
constexpr std::size_t kMaxManifestBytes = 64 * 1024 * 1024;

struct Target {
  std::string fs;
  std::string root;  // Absolute, below '/', without a trailing '/'.

  [[nodiscard]] std::string Remote(std::string const& relative) const {
    return relative.empty() ? root : root + "/" + relative;
  }
};

StatusOr<Target> CheckTarget(StagingTarget const& target) {
  auto invalid = [&](std::string_view why) {
    return Status(StatusCode::kInvalidArgument,
                  fmt::format("staging target {}:{}: {}", target.file_system, target.path, why));
  };
  if (target.file_system.empty()) return invalid("no file system");
  std::string root = target.path;
  while (root.size() > 1 && root.back() == '/') root.pop_back();
  if (!root.starts_with('/')) return invalid("the path must be absolute");
  if (root == "/") return invalid("the whole file system is never a staging target");
  std::string_view rest = std::string_view(root).substr(1);
  while (true) {
    auto const slash = rest.find('/');
    std::string_view const segment = rest.substr(0, slash);
    if (segment.empty() || segment == "." || segment == "..") {
      return invalid("the path has an empty, '.' or '..' segment");
    }
    if (segment.find('\0') != std::string_view::npos) return invalid("the path contains NUL");
    if (slash == std::string_view::npos) break;
    rest.remove_prefix(slash + 1);
  }
  return Target{target.file_system, std::move(root)};
}

std::string Parent(std::string const& relative) {
  auto const slash = relative.rfind('/');
  return slash == std::string::npos ? std::string() : relative.substr(0, slash);
}

// `status` with "staging <subject>: " in front of its message; code and details kept.
Status Named(std::string_view subject, Status const& status) {
  return Status(status.code(), fmt::format("staging {}: {}", subject, status.message()),
                status.error_info());
}

// What the remote side holds: the manifest's text and entries, and the listed entries.
struct RemoteState {
  std::optional<std::string> manifest_text;  // Absent: no manifest.
  std::vector<StagedEntry> manifest;         // Empty when absent or unreadable.
  bool root_exists = false;
  std::map<std::string, StorageEntryType> listed;  // Relative path -> type.
};

StatusOr<std::optional<std::string>> ReadManifest(Client& client, Target const& target) {
  std::string text;
  bool too_long = false;
  Status status = client.DownloadFile(
      target.fs, target.Remote(kStageManifestName), [&](std::string_view chunk) {
        if (text.size() + chunk.size() > kMaxManifestBytes) {
          too_long = true;
          return false;
        }
        text.append(chunk);
        return true;
      });
  if (status.code() == StatusCode::kNotFound) return std::optional<std::string>();
  if (!status.ok()) return Named("manifest", status);
  if (too_long) return std::optional<std::string>(std::string());  // Present, not trusted.
  return std::optional<std::string>(std::move(text));
}

// Lists the root and, below it, every directory in `wanted` that its parent's listing shows.
Status ListRemote(Client& client, Target const& target, std::set<std::string> const& wanted,
                  RemoteState& state) {
  std::deque<std::string> queue = {""};
  while (!queue.empty()) {
    std::string const dir = std::move(queue.front());
    queue.pop_front();
    auto listing = client.ListDirectory(target.fs, target.Remote(dir));
    if (!listing) {
      // Gone between its parent's listing and its own: treated as never there.
      if (listing.status().code() == StatusCode::kNotFound) continue;
      return Named(dir.empty() ? std::string("target") : dir, listing.status());
    }
    if (dir.empty()) state.root_exists = true;
    for (auto const& entry : *listing) {
      std::string const child = dir.empty() ? entry.name : dir + "/" + entry.name;
      state.listed[child] = entry.type;
      if (entry.type == StorageEntryType::kDirectory && wanted.contains(child)) {
        queue.push_back(child);
      }
    }
  }
  return Status();
}

// Reads `source` through, hashing what an upload reads when it reads it in order from the
// start (as every attempt does), so the bytes sent can be checked against the staged digest.
class VerifyingReader {
 public:
  explicit VerifyingReader(UploadSource source) : source_(std::move(source)) {}

  StatusOr<std::size_t> ReadAt(std::uint64_t offset, std::span<char> buffer) {
    if (offset == 0) {  // A new attempt.
      sha_.emplace();
      next_ = 0;
      in_order_ = true;
    }
    auto n = source_.read_at(offset, buffer);
    if (!n) return n;
    if (!sha_ || offset != next_) {
      in_order_ = false;
    } else {
      sha_->Update(std::string_view(buffer.data(), *n));
      next_ += *n;
    }
    return n;
  }

  // The digest of the last attempt's bytes, when it read the whole source in order.
  std::optional<std::string> Digest() {
    if (!sha_ || !in_order_ || next_ != source_.size) return std::nullopt;
    return sha_->FinishHex();
  }

 private:
  UploadSource source_;
  std::optional<internal::Sha256> sha_;
  std::uint64_t next_ = 0;
  bool in_order_ = false;
};

}  // namespace

Stager::Stager(Client client, StagerOptions options)
    : client_(std::move(client)), options_(options) {}

StatusOr<StagingReport> Stager::Stage(std::filesystem::path const& local_dir,
                                      StagingTarget const& staging_target) {
  auto target = CheckTarget(staging_target);
  if (!target) return std::move(target).status();

  // 1. The local tree, checked whole before any request, and every file's digest.
  auto scanned = ScanStagingDirectory(local_dir);
  if (!scanned) return std::move(scanned).status();
  std::vector<StagedEntry> local = *std::move(scanned);
  for (auto const& entry : local) {
    if (target->Remote(entry.relative_path).size() > 4096) {
      return Status(StatusCode::kInvalidArgument,
                    fmt::format("staging {}: the remote path is longer than 4096 bytes",
                                entry.relative_path));
    }
    if (!entry.is_directory && entry.size > options_.max_file_bytes) {
      return Status(StatusCode::kInvalidArgument,
                    fmt::format("staging {}: {} bytes, over the {} one upload may carry "
                                "(StagerOptions::max_file_bytes); nothing was sent",
                                entry.relative_path, entry.size, options_.max_file_bytes));
    }
  }
  std::vector<std::size_t> file_index;
  for (std::size_t i = 0; i < local.size(); ++i) {
    if (!local[i].is_directory) file_index.push_back(i);
  }
  Status hashed = internal::RunTasks(
      file_index.size(), options_.parallel_uploads, [&](std::size_t k) -> Status {
        StagedEntry& file = local[file_index[k]];
        auto digest = internal::HashFile(internal::LocalPath(local_dir, file.relative_path));
        if (!digest) return Named(file.relative_path, digest.status());
        file.sha256 = digest->sha256;
        file.size = digest->size;
        return Status();
      });
  if (!hashed.ok()) return hashed;

  // 2. The remote side: manifest, then the listings that confirm it.
  RemoteState remote;
  auto manifest_text = ReadManifest(client_, *target);
  if (!manifest_text) return std::move(manifest_text).status();
  remote.manifest_text = *std::move(manifest_text);
  if (remote.manifest_text) {
    // An unreadable manifest trusts nothing; it is replaced at the end.
    auto decoded = internal::DecodeStageManifest(*remote.manifest_text);
    if (decoded) remote.manifest = *std::move(decoded);
  }
  std::set<std::string> wanted;
  for (auto const& entry : local) {
    if (entry.is_directory) wanted.insert(entry.relative_path);
  }
  for (auto const& entry : remote.manifest) {
    for (std::string p = Parent(entry.relative_path); !p.empty(); p = Parent(p)) wanted.insert(p);
  }
  if (Status s = ListRemote(client_, *target, wanted, remote); !s.ok()) return s;

  // 3. Decisions.
  std::map<std::string, StagedEntry const*> local_by_path;
  for (auto const& entry : local) local_by_path[entry.relative_path] = &entry;
  std::map<std::string, StagedEntry const*> old_by_path;
  for (auto const& entry : remote.manifest) old_by_path[entry.relative_path] = &entry;

  std::set<std::string> deleting;  // Relative paths deleted recursively.
  auto under_deleted = [&](std::string const& path) {
    for (std::string p = path; !p.empty(); p = Parent(p)) {
      if (deleting.contains(p)) return true;
    }
    return false;
  };
  for (auto const& [path, type] : remote.listed) {  // Sorted: parents first.
    if (under_deleted(path)) continue;
    auto const l = local_by_path.find(path);
    if (l != local_by_path.end()) {
      bool const want_directory = l->second->is_directory;
      if (want_directory != (type == StorageEntryType::kDirectory)) deleting.insert(path);
    } else if (old_by_path.contains(path)) {
      deleting.insert(path);  // Staged before, gone locally.
    }  // Anything else there is not ours: left alone.
  }
  StagingReport report;
  for (auto const& entry : remote.manifest) {
    if (entry.is_directory) continue;
    auto const l = local_by_path.find(entry.relative_path);
    bool const still_local = l != local_by_path.end() && !l->second->is_directory;
    auto const r = remote.listed.find(entry.relative_path);
    if (!still_local && r != remote.listed.end() && r->second == StorageEntryType::kFile) {
      ++report.files_deleted;
    }
  }
  auto remote_has = [&](std::string const& path, StorageEntryType type) {
    auto const r = remote.listed.find(path);
    return r != remote.listed.end() && r->second == type && !under_deleted(path);
  };
  std::vector<std::string> mkdirs;
  std::vector<std::size_t> uploads;  // Indexes into `local`.
  for (std::size_t i = 0; i < local.size(); ++i) {
    StagedEntry const& entry = local[i];
    if (entry.is_directory) {
      if (!remote_has(entry.relative_path, StorageEntryType::kDirectory)) {
        mkdirs.push_back(entry.relative_path);
      }
      continue;
    }
    ++report.files;
    auto const old = old_by_path.find(entry.relative_path);
    bool const same = old != old_by_path.end() && !old->second->is_directory &&
                      !old->second->sha256.empty() && old->second->sha256 == entry.sha256 &&
                      old->second->size == entry.size;
    if (same && remote_has(entry.relative_path, StorageEntryType::kFile)) {
      ++report.files_unchanged;
    } else {
      uploads.push_back(i);
    }
  }
  std::string const new_manifest = internal::EncodeStageManifest(local);
  report.entries = local;
  bool const changed = !remote.root_exists || !deleting.empty() || !mkdirs.empty() ||
                       !uploads.empty() || remote.manifest_text != new_manifest;
  if (!changed) return report;

  // 4. Writes. The root first, so that the interim manifest has a place.
  std::string const manifest_path = target->Remote(kStageManifestName);
  if (!remote.root_exists) {
    if (Status s = client_.MakeDirectory(target->fs, target->root); !s.ok()) {
      return Named("target", s);
    }
    ++report.directories_created;
  }
  if (!uploads.empty()) {
    // Until the new manifest is written, no file about to be sent is trusted: a staging that
    // fails half way must not take a half-sent file, or a file sent with content that later
    // reverts, for the content an old manifest records. Files staged before and gone locally
    // stay listed so that a later staging still deletes them.
    std::vector<StagedEntry> interim = local;
    for (std::size_t i : uploads) interim[i].sha256.clear();
    for (auto const& entry : remote.manifest) {
      if (!local_by_path.contains(entry.relative_path)) interim.push_back(entry);
    }
    std::sort(interim.begin(), interim.end(), [](StagedEntry const& a, StagedEntry const& b) {
      return a.relative_path < b.relative_path;
    });
    Status s = client_.UploadFile(target->fs, manifest_path,
                                  UploadSourceFromString(internal::EncodeStageManifest(interim)));
    if (!s.ok()) return Named("manifest", s);
  }
  for (auto const& path : deleting) {
    Status s = client_.DeleteStoragePath(target->fs, target->Remote(path), /*recursive=*/true);
    if (!s.ok() && s.code() != StatusCode::kNotFound) return Named(path, s);
  }
  for (auto const& path : mkdirs) {  // Sorted by path: parents first.
    if (Status s = client_.MakeDirectory(target->fs, target->Remote(path)); !s.ok()) {
      return Named(path, s);
    }
    ++report.directories_created;
  }
  Status uploaded = internal::RunTasks(
      uploads.size(), options_.parallel_uploads, [&](std::size_t k) -> Status {
        StagedEntry const& file = local[uploads[k]];
        auto source = UploadSourceFromFile(internal::LocalPath(local_dir, file.relative_path));
        if (!source) return Named(file.relative_path, source.status());
        if (source->size != file.size) {
          return Status(StatusCode::kAborted,
                        fmt::format("staging {}: the file changed while it was staged (size {} "
                                    "when hashed, {} now)",
                                    file.relative_path, file.size, source->size));
        }
        auto reader = std::make_shared<VerifyingReader>(*std::move(source));
        UploadSource verified;
        verified.size = file.size;
        verified.read_at = [reader](std::uint64_t offset, std::span<char> buffer) {
          return reader->ReadAt(offset, buffer);
        };
        Status s = client_.UploadFile(target->fs, target->Remote(file.relative_path), verified);
        if (!s.ok()) return Named(file.relative_path, s);
        if (auto sent = reader->Digest(); sent && *sent != file.sha256) {
          return Status(StatusCode::kAborted,
                        fmt::format("staging {}: the file changed while it was staged (its "
                                    "content no longer has the SHA-256 it was hashed with)",
                                    file.relative_path));
        }
        return Status();
      });
  if (!uploaded.ok()) return uploaded;
  for (std::size_t i : uploads) report.bytes_uploaded += local[i].size;
  report.files_uploaded = uploads.size();

  // 5. The new manifest, last: only a staging that did everything says so.
  Status const written =
      client_.UploadFile(target->fs, manifest_path, UploadSourceFromString(new_manifest));
  if (!written.ok()) return Named("manifest", written);
  report.manifest_written = true;
  return report;
}

Status Stager::Remove(StagingTarget const& staging_target) {
  auto target = CheckTarget(staging_target);
  if (!target) return std::move(target).status();
  Status s = client_.DeleteStoragePath(target->fs, target->root, /*recursive=*/true);
  if (s.code() == StatusCode::kNotFound) return Status();
  return s;
}

}  // namespace lepton::sched
