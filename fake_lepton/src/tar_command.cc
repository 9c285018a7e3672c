// `tar` in the simulated shell: -x, -t and -c of plain or gzip-compressed archives in storage
// mounts (tar_archive.h, gzip_codec.h), with GNU tar's messages.

#include <algorithm>
#include <memory>
#include <utility>

#include <fmt/format.h>

#include "file_commands.h"
#include "gzip_codec.h"
#include "tar_archive.h"

namespace lepton::fake {
namespace {

using Kind = ContainerPath::Kind;

constexpr char kNotRecoverable[] = "tar: Error is not recoverable: exiting now";
constexpr char kPreviousErrors[] = "tar: Exiting with failure status due to previous errors";

CommandOutcome Unsupported(std::string reason) { return CommandOutcome{0, std::move(reason)}; }

struct TarOptions {
  char mode = 0;  // 'c', 'x' or 't'.
  bool gzip = false;
  bool verbose = false;
  std::optional<std::string> file;
  // Operands with the -C directory in force where each appears (create only).
  std::vector<std::pair<std::optional<std::string>, std::string>> operands;
  std::optional<std::string> directory;  // The last -C (extract and list).
};

// Parses GNU tar's short options, bundled (`-xzf F`) or in the old style (`xzf F`), `-C DIR`
// anywhere, and operands. Nothing, with the outcome set, when outside the subset or wrong.
std::optional<TarOptions> ParseOptions(std::vector<std::string> const& words, ShellHost& host,
                                       CommandOutcome& outcome) {
  TarOptions options;
  std::optional<std::string> directory;
  std::vector<char> wanting;  // Options whose argument is the next word.
  auto take = [&](char option, std::string const& value) {
    if (option == 'f') options.file = value;
    if (option == 'C') {
      directory = value;
      options.directory = value;
    }
  };
  auto letters = [&](std::string_view bundle) -> bool {
    for (char c : bundle) {
      switch (c) {
        case 'c': case 'x': case 't':
          if (options.mode != 0 && options.mode != c) {
            host.Error("tar: You may not specify more than one '-Acdtrux', '--delete' or  "
                       "'--test-label' option");
            outcome.status = 2;
            return false;
          }
          options.mode = c;
          break;
        case 'z': options.gzip = true; break;
        case 'v': options.verbose = true; break;
        case 'p': case 'o': break;  // Modes and owners: the fake keeps neither.
        case 'f': case 'C': wanting.push_back(c); break;
        default:
          outcome = Unsupported(fmt::format("tar option '-{}'", c));
          return false;
      }
    }
    return true;
  };
  for (std::size_t i = 1; i < words.size(); ++i) {
    std::string const& word = words[i];
    if (!wanting.empty()) {
      take(wanting.front(), word);
      wanting.erase(wanting.begin());
      continue;
    }
    if (i == 1 && !word.empty() && word[0] != '-') {
      if (!letters(word)) return std::nullopt;  // Old style: "xzf archive.tar.gz".
      continue;
    }
    if (word.starts_with("--")) {
      outcome = Unsupported(fmt::format("tar option '{}'", word));
      return std::nullopt;
    }
    if (word.size() > 1 && word[0] == '-') {
      if (!letters(std::string_view(word).substr(1))) return std::nullopt;
      continue;
    }
    options.operands.emplace_back(directory, word);
  }
  if (!wanting.empty()) {
    host.Error(fmt::format("tar: option requires an argument -- '{}'", wanting.front()));
    outcome.status = 2;
    return std::nullopt;
  }
  if (options.mode == 0) {
    host.Error("tar: You must specify one of the '-Acdtrux', '--delete' or '--test-label' options");
    outcome.status = 2;
    return std::nullopt;
  }
  if (!options.file) {
    // GNU tar's default archive is a build choice (the TAPE variable, else stdin/stdout on
    // Debian); the fake does not guess.
    outcome = Unsupported("tar without -f");
    return std::nullopt;
  }
  return options;
}

// The archive's bytes, decompressed when they are gzip's; nothing, with the outcome set, when
// they cannot be had.
std::optional<std::string> ReadArchive(TarOptions const& options, ShellHost& host,
                                       CommandOutcome& outcome) {
  std::shared_ptr<std::string const> held;
  std::string_view bytes;
  if (*options.file == "-") {
    if (!host.In()) {
      outcome = Unsupported("tar reading a standard input that no pipe feeds");
      return std::nullopt;
    }
    bytes = *host.In();
  } else {
    auto at = Locate(host, "tar", *options.file, outcome);
    if (!at) return std::nullopt;
    if (at->found.kind != Kind::kFile || !at->found.bytes) {
      bool const directory = at->found.kind == Kind::kDirectory;
      host.Error(fmt::format("tar: {}: {}", *options.file,
                             directory ? "Cannot read: Is a directory"
                                       : "Cannot open: No such file or directory"));
      host.Error(kNotRecoverable);
      outcome.status = 2;
      return std::nullopt;
    }
    held = at->found.bytes;
    bytes = *held;
  }
  // GNU tar recognises a compressed archive by its first bytes, with or without -z.
  if (!LooksGzipped(bytes)) {
    if (options.gzip) {
      host.Error("gzip: stdin: not in gzip format");
      host.Error("tar: Child returned status 1");
      host.Error(kNotRecoverable);
      outcome.status = 2;
      return std::nullopt;
    }
    if (!host.Spend(bytes.size())) {
      host.Error(fmt::format("[fake-lepton] tar: {}: more than {} bytes made in one run, the "
                             "fake's limit", *options.file, host.Limits().max_made_bytes));
      outcome.status = 2;
      return std::nullopt;
    }
    return std::string(bytes);
  }
  Gunzipped gunzipped = GzipDecompress(bytes, host.BudgetLeft());
  switch (gunzipped.outcome) {
    case Gunzipped::Outcome::kOk:
      host.Spend(gunzipped.bytes.size());
      return std::move(gunzipped.bytes);
    case Gunzipped::Outcome::kTooLarge:
      host.Error(fmt::format("[fake-lepton] tar: {}: decompresses to more than the {} bytes the "
                             "fake lets one run make", *options.file, host.Limits().max_made_bytes));
      break;
    case Gunzipped::Outcome::kTruncated:
      host.Error("gzip: stdin: unexpected end of file");
      host.Error("tar: Child returned status 1");
      host.Error(kNotRecoverable);
      break;
    case Gunzipped::Outcome::kNotGzip:
    case Gunzipped::Outcome::kCorrupt:
      host.Error("gzip: stdin: invalid compressed data--format violated");
      host.Error("tar: Child returned status 1");
      host.Error(kNotRecoverable);
      break;
  }
  outcome.status = 2;
  return std::nullopt;
}

// What a member that is not a file or directory is, for the refusal.
std::string_view Unextractable(char type_flag) {
  switch (type_flag) {
    case '1': return "a hard link";
    case '2': return "a symbolic link";
    case '3': return "a character device";
    case '4': return "a block device";
    case '6': return "a FIFO";
    default: return "a member of a type the fake does not know";
  }
}

// The member's path below the extraction directory, as GNU tar makes it: a leading '/'
// removed, `.` and empty segments dropped. Nothing for a name with a `..` segment.
std::optional<std::string> MemberPath(std::string_view name, bool& stripped_slash) {
  if (name.starts_with('/')) stripped_slash = true;
  std::string out;
  while (!name.empty()) {
    auto const slash = name.find('/');
    std::string_view const segment = name.substr(0, slash);
    name = slash == std::string_view::npos ? std::string_view() : name.substr(slash + 1);
    if (segment.empty() || segment == ".") continue;
    if (segment == "..") return std::nullopt;
    if (!out.empty()) out += '/';
    out.append(segment);
  }
  return out;
}

// The directory members are extracted into (-C or the shell's): nothing, with the outcome set,
// when it is unknown or missing.
std::optional<std::string> BaseDirectory(std::optional<std::string> const& directory,
                                         ShellHost& host, CommandOutcome& outcome) {
  auto at = Locate(host, "tar", directory.value_or("."), outcome);
  if (!at) return std::nullopt;
  if (at->found.kind != Kind::kDirectory) {
    host.Error(fmt::format("tar: {}: Cannot open: {}", directory.value_or("."),
                           at->found.kind == Kind::kFile ? "Not a directory"
                                                         : "No such file or directory"));
    host.Error(kNotRecoverable);
    outcome.status = 2;
    return std::nullopt;
  }
  return at->path;
}

// Makes `path` and any missing parents, as tar does for a member; false when a file is in the
// way (the member's error is then written).
bool MakeParents(ShellHost& host, std::string const& path) {
  ContainerPath const found = host.Files().Lookup(path);
  if (found.kind == Kind::kDirectory) return true;
  if (found.kind != Kind::kMissing) return false;
  if (!MakeParents(host, ParentPath(path))) return false;
  host.Files().MakeDirectory(path, host.Now());
  return true;
}

CommandOutcome Extract(TarOptions const& options, ShellHost& host, bool list_only) {
  CommandOutcome outcome;
  if (!options.operands.empty()) {
    return Unsupported(fmt::format("tar -{} of chosen members", options.mode));
  }
  std::optional<std::string> base;
  if (!list_only) {
    base = BaseDirectory(options.directory, host, outcome);
    if (!base) return outcome;
  }
  auto archive = ReadArchive(options, host, outcome);
  if (!archive) return outcome;
  TarRead read = ReadTar(*archive, host.Limits().max_archive_entries);
  archive.reset();
  bool failed = false;
  bool stripped_slash = false;
  for (auto& entry : read.entries) {
    bool const directory = entry.type == TarEntry::Type::kDirectory;
    if (list_only || options.verbose) {
      if (!host.Out(entry.name + (directory ? "/\n" : "\n"))) {
        host.Error("[fake-lepton] tar: the listing is over the fake's limit");
        return CommandOutcome{2, {}};
      }
    }
    if (list_only) continue;
    if (entry.type == TarEntry::Type::kUnsupported) {
      host.Error(fmt::format("[fake-lepton] tar: {}: not extracted: {} (the fake keeps only "
                             "files and directories)", entry.name, Unextractable(entry.type_flag)));
      failed = true;
      continue;
    }
    auto relative = MemberPath(entry.name, stripped_slash);
    if (!relative) {
      host.Error(fmt::format("tar: {}: Member name contains '..'", entry.name));
      failed = true;
      continue;
    }
    if (relative->empty()) continue;  // "./": the directory extracted into.
    std::string const path = JoinPath(*base, *relative);
    if (!MakeParents(host, ParentPath(path))) {
      host.Error(fmt::format("tar: {}: Cannot open: Not a directory", entry.name));
      failed = true;
      continue;
    }
    ContainerPath const existing = host.Files().Lookup(path);
    if (directory) {
      if (existing.kind == Kind::kDirectory) continue;
      if (existing.kind == Kind::kFile) host.Files().Remove(path, host.Now());
      host.Files().MakeDirectory(path, host.Now());
      continue;
    }
    if (existing.kind == Kind::kDirectory) {
      host.Error(fmt::format("tar: {}: Cannot open: Is a directory", entry.name));
      failed = true;
      continue;
    }
    if (entry.bytes.size() > host.Limits().max_file_bytes) {
      host.Error(fmt::format("tar: {}: Cannot write: File too large", entry.name));
      failed = true;
      continue;
    }
    host.Files().Write(path, std::make_shared<std::string const>(std::move(entry.bytes)), host.Now());
  }
  if (stripped_slash) host.Error("tar: Removing leading `/' from member names");
  switch (read.outcome) {
    case TarRead::Outcome::kOk: break;
    case TarRead::Outcome::kNotTar:
      host.Error("tar: This does not look like a tar archive");
      failed = true;
      break;
    case TarRead::Outcome::kBadHeader:
      host.Error("tar: Skipping to next header");
      failed = true;
      break;
    case TarRead::Outcome::kTruncated:
      host.Error("tar: Unexpected EOF in archive");
      host.Error(kNotRecoverable);
      return CommandOutcome{2, {}};
    case TarRead::Outcome::kTooManyEntries:
      host.Error(fmt::format("[fake-lepton] tar: {}: more than {} members, the fake's limit",
                             *options.file, host.Limits().max_archive_entries));
      return CommandOutcome{2, {}};
  }
  if (failed) {
    host.Error(kPreviousErrors);
    return CommandOutcome{2, {}};
  }
  return outcome;
}

// Adds the tree at `path` to `entries` under `name`; false, with the outcome set, when it is
// not understood or over the limits.
bool AddTree(ShellHost& host, std::string const& path, std::string const& name,
             std::vector<TarEntry>& entries, std::size_t& bytes, CommandOutcome& outcome) {
  if (entries.size() >= host.Limits().max_archive_entries) {
    host.Error(fmt::format("[fake-lepton] tar: more than {} members, the fake's limit",
                           host.Limits().max_archive_entries));
    outcome.status = 2;
    return false;
  }
  ContainerPath const found = host.Files().Lookup(path);
  if (found.kind == Kind::kFile) {
    std::size_t const size = found.bytes ? found.bytes->size() : 0;
    if (size > host.BudgetLeft() - std::min(host.BudgetLeft(), bytes)) {
      host.Error(fmt::format("[fake-lepton] tar: the archive is over the {} bytes the fake lets "
                             "one run make", host.Limits().max_made_bytes));
      outcome.status = 2;
      return false;
    }
    bytes += size;
    entries.push_back(TarEntry{TarEntry::Type::kFile, name, found.bytes ? *found.bytes : "", 0644, '0'});
    return true;
  }
  entries.push_back(TarEntry{TarEntry::Type::kDirectory, name, "", 0755, '5'});
  auto names = host.Files().List(path);
  if (!names) {
    outcome = Unsupported(fmt::format("tar: the directory '{}' cannot be listed", name));
    return false;
  }
  for (auto const& child : *names) {
    std::string const child_name = name.ends_with('/') ? name + child : name + "/" + child;
    if (!AddTree(host, JoinPath(path, child), child_name, entries, bytes, outcome)) return false;
  }
  return true;
}

CommandOutcome Create(TarOptions const& options, ShellHost& host) {
  CommandOutcome outcome;
  if (options.operands.empty()) {
    host.Error("tar: Cowardly refusing to create an empty archive");
    return CommandOutcome{2, {}};
  }
  std::vector<TarEntry> entries;
  std::size_t bytes = 0;
  bool failed = false;
  bool stripped_slash = false;
  for (auto const& [directory, operand] : options.operands) {
    auto base = BaseDirectory(directory, host, outcome);
    if (!base) return outcome;
    std::string const word = operand.starts_with('/') ? operand : JoinPath(*base, operand);
    auto at = Locate(host, "tar", word, outcome);
    if (!at) return outcome;
    if (at->found.kind == Kind::kMissing) {
      host.Error(fmt::format("tar: {}: Cannot stat: No such file or directory", operand));
      failed = true;
      continue;
    }
    std::string name = operand;
    if (name.starts_with('/')) {
      stripped_slash = true;
      name.erase(0, name.find_first_not_of('/'));
      if (name.empty()) name = ".";
    }
    if (!AddTree(host, at->path, name, entries, bytes, outcome)) return outcome;
  }
  if (stripped_slash) host.Error("tar: Removing leading `/' from member names");
  if (options.verbose) {
    for (auto const& entry : entries) {
      bool const directory = entry.type == TarEntry::Type::kDirectory;
      if (!host.Out(entry.name + (directory && !entry.name.ends_with('/') ? "/\n" : "\n"))) break;
    }
  }
  std::string archive = WriteTar(entries, /*mtime=*/0);
  entries.clear();
  if (options.gzip) archive = GzipCompress(archive);
  if (*options.file == "-") {
    if (!host.Out(archive)) {
      host.Error(fmt::format("[fake-lepton] tar: the archive is over the {} bytes the fake lets "
                             "one run make", host.Limits().max_made_bytes));
      return CommandOutcome{2, {}};
    }
  } else {
    auto at = Locate(host, "tar", *options.file, outcome);
    if (!at) return outcome;
    ContainerPath const parent = host.Files().Lookup(ParentPath(at->path));
    if (at->found.kind == Kind::kDirectory || parent.kind != Kind::kDirectory) {
      host.Error(fmt::format("tar: {}: Cannot open: {}", *options.file,
                             at->found.kind == Kind::kDirectory ? "Is a directory"
                             : parent.kind == Kind::kFile      ? "Not a directory"
                                                               : "No such file or directory"));
      host.Error(kNotRecoverable);
      return CommandOutcome{2, {}};
    }
    if (archive.size() > host.Limits().max_file_bytes || !host.Spend(archive.size())) {
      host.Error(fmt::format("tar: {}: Cannot write: File too large", *options.file));
      return CommandOutcome{2, {}};
    }
    host.Files().Write(at->path, std::make_shared<std::string const>(std::move(archive)), host.Now());
  }
  if (failed) {
    host.Error(kPreviousErrors);
    return CommandOutcome{2, {}};
  }
  return outcome;
}

}  // namespace

CommandOutcome RunTar(std::vector<std::string> const& words, ShellHost& host) {
  CommandOutcome outcome;
  auto options = ParseOptions(words, host, outcome);
  if (!options) return outcome;
  if (options->mode == 'c') return Create(*options, host);
  return Extract(*options, host, /*list_only=*/options->mode == 't');
}

}  // namespace lepton::fake
