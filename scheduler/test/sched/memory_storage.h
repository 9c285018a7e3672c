#ifndef LEPTONKIT_SCHEDULER_TEST_SCHED_MEMORY_STORAGE_H_
#define LEPTONKIT_SCHEDULER_TEST_SCHED_MEMORY_STORAGE_H_

// A storage file system in memory behind the public MockConnection, for unit tests of code
// that stages: Install() makes the mock's storage calls act on it (ON_CALL), so a test sets
// EXPECT_CALLs only for what it checks. Follows the storage wire contract (fake_lepton/README.md, "Storage") in what it needs:
// uploads need the parent directory, mkdir makes parents, a non-empty directory needs a
// recursive delete, paths that are missing are kNotFound.

#include <gmock/gmock.h>

#include <algorithm>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <vector>

#include "lepton/mocks/mock_connection.h"

namespace lepton::testing_util {

class MemoryStorage {
 public:
  void Install(mocks::MockConnection& mock) {
    using ::testing::_;
    ON_CALL(mock, ListDirectory(_, _)).WillByDefault([this](auto const&, auto const& p) {
      return List(p);
    });
    ON_CALL(mock, DownloadFile(_, _, _))
        .WillByDefault([this](auto const&, auto const& p, ByteSink const& sink) {
          return Download(p, sink);
        });
    ON_CALL(mock, UploadFile(_, _, _))
        .WillByDefault([this](auto const&, auto const& p, UploadSource const& source) {
          return Upload(p, source);
        });
    ON_CALL(mock, MakeDirectory(_, _)).WillByDefault([this](auto const&, auto const& p) {
      return MakeDirectory(p);
    });
    ON_CALL(mock, DeleteStoragePath(_, _, _))
        .WillByDefault([this](auto const&, auto const& p, bool recursive) {
          return Delete(p, recursive);
        });
  }

  // The content of the file at `path`, or nothing.
  std::optional<std::string> File(std::string const& path) {
    std::lock_guard lock(mu_);
    auto it = files_.find(path);
    if (it == files_.end()) return std::nullopt;
    return it->second;
  }
  bool IsDirectory(std::string const& path) {
    std::lock_guard lock(mu_);
    return dirs_.contains(path);
  }
  void PutFile(std::string const& path, std::string content) {
    std::lock_guard lock(mu_);
    files_[path] = std::move(content);
  }

  StatusOr<std::vector<StorageEntry>> List(std::string const& path) {
    std::lock_guard lock(mu_);
    std::string const dir = Clean(path);
    if (!dirs_.contains(dir)) return Missing(dir);
    std::map<std::string, StorageEntry> children;
    std::string const prefix = dir == "/" ? "/" : dir + "/";
    auto add = [&](std::string const& p, StorageEntryType type) {
      if (!p.starts_with(prefix) || p == dir) return;
      std::string const rest = p.substr(prefix.size());
      if (rest.find('/') != std::string::npos) return;
      children[rest] = StorageEntry{type, rest, p};
    };
    for (auto const& d : dirs_) add(d, StorageEntryType::kDirectory);
    for (auto const& [p, content] : files_) add(p, StorageEntryType::kFile);
    std::vector<StorageEntry> out;
    for (auto& [name, entry] : children) out.push_back(std::move(entry));
    return out;
  }

  Status Download(std::string const& path, ByteSink const& sink) {
    std::string content;
    {
      std::lock_guard lock(mu_);
      auto it = files_.find(path);
      if (it == files_.end()) return Missing(path);
      content = it->second;
    }
    sink(content);
    return Status();
  }

  Status Upload(std::string const& path, UploadSource const& source) {
    std::string content(source.size, '\0');
    std::uint64_t offset = 0;
    while (offset < source.size) {
      auto n = source.read_at(offset, std::span<char>(content.data() + offset,
                                                      content.size() - offset));
      if (!n) return n.status();
      if (*n == 0) return Status(StatusCode::kDataLoss, "short source");
      offset += *n;
    }
    std::lock_guard lock(mu_);
    if (!dirs_.contains(Parent(path))) return Missing(Parent(path));
    if (dirs_.contains(path)) return Status(StatusCode::kAlreadyExists, path + " is a directory");
    files_[path] = std::move(content);
    return Status();
  }

  Status MakeDirectory(std::string const& path) {
    std::lock_guard lock(mu_);
    for (std::string p = Clean(path); p != "/"; p = Parent(p)) {
      if (files_.contains(p)) return Status(StatusCode::kAlreadyExists, p + " is a file");
      dirs_.insert(p);
    }
    return Status();
  }

  Status Delete(std::string const& path, bool recursive) {
    std::lock_guard lock(mu_);
    if (files_.erase(path) > 0) return Status();
    if (!dirs_.contains(path)) return Missing(path);
    std::string const prefix = path + "/";
    bool const empty = std::none_of(dirs_.begin(), dirs_.end(),
                                    [&](auto const& d) { return d.starts_with(prefix); }) &&
                       std::none_of(files_.begin(), files_.end(),
                                    [&](auto const& f) { return f.first.starts_with(prefix); });
    if (!empty && !recursive) return Status(StatusCode::kInvalidArgument, "not empty");
    std::erase_if(dirs_, [&](auto const& d) { return d == path || d.starts_with(prefix); });
    std::erase_if(files_, [&](auto const& f) { return f.first.starts_with(prefix); });
    return Status();
  }

 private:
  static std::string Clean(std::string path) {
    while (path.size() > 1 && path.back() == '/') path.pop_back();
    return path;
  }
  static std::string Parent(std::string const& path) {
    auto const slash = path.rfind('/');
    return slash == 0 ? "/" : path.substr(0, slash);
  }
  static Status Missing(std::string const& path) {
    return Status(StatusCode::kNotFound, path + " does not exist");
  }

  std::mutex mu_;
  std::set<std::string> dirs_ = {"/"};
  std::map<std::string, std::string> files_;
};

}  // namespace lepton::testing_util

#endif  // LEPTONKIT_SCHEDULER_TEST_SCHED_MEMORY_STORAGE_H_
