#include "file_commands.h"

#include <algorithm>
#include <memory>
#include <utility>

#include <fmt/format.h>

#include "ascii.h"
#include "base64_codec.h"

namespace lepton::fake {
namespace {

using Kind = ContainerPath::Kind;

CommandOutcome Unsupported(std::string reason) { return CommandOutcome{0, std::move(reason)}; }

// The letters of a bundle of short options ("-rf" -> "rf"); nothing when `word` is not one.
std::optional<std::string_view> ShortOptions(std::string_view word) {
  if (word.size() < 2 || word[0] != '-' || word[1] == '-') return std::nullopt;
  return word.substr(1);
}

// Splits `words` (after the command name) into option letters and operands: options come
// first, `--` ends them. Nothing, with the outcome set, for a letter outside `allowed` or a
// long option.
std::optional<std::vector<std::string>> Parse(std::vector<std::string> const& words,
                                              std::string_view allowed, std::string& letters,
                                              CommandOutcome& outcome) {
  std::vector<std::string> operands;
  bool options_done = false;
  for (std::size_t i = 1; i < words.size(); ++i) {
    std::string const& word = words[i];
    if (!options_done && word == "--") {
      options_done = true;
      continue;
    }
    if (!options_done && word.starts_with("--")) {
      outcome = Unsupported(fmt::format("{} option '{}'", words[0], word));
      return std::nullopt;
    }
    auto const bundle = options_done ? std::nullopt : ShortOptions(word);
    if (!bundle) {
      operands.push_back(word);
      continue;
    }
    for (char c : *bundle) {
      if (allowed.find(c) == std::string_view::npos) {
        outcome = Unsupported(fmt::format("{} option '-{}'", words[0], c));
        return std::nullopt;
      }
      letters += c;
    }
  }
  return operands;
}

bool Has(std::string const& letters, char c) { return letters.find(c) != std::string::npos; }

// Whether `path` is where a storage mount starts (its parent is outside every mount): the
// container cannot remove or move it, and the fake does not say what it would do.
bool IsMountPoint(ShellHost& host, std::string const& path) {
  return path == "/" || host.Files().Lookup(ParentPath(path)).kind == Kind::kUnknown;
}

// "No such file or directory" or "Not a directory" for a parent that is not a directory.
std::string_view ParentProblem(ContainerPath const& parent) {
  return parent.kind == Kind::kFile ? "Not a directory" : "No such file or directory";
}

// mkdir [-p] DIR...
CommandOutcome Mkdir(std::vector<std::string> const& words, ShellHost& host) {
  CommandOutcome outcome;
  std::string letters;
  auto operands = Parse(words, "p", letters, outcome);
  if (!operands) return outcome;
  bool const parents = Has(letters, 'p');
  if (operands->empty()) {
    host.Error("mkdir: missing operand");
    return CommandOutcome{1, {}};
  }
  for (auto const& word : *operands) {
    auto at = Locate(host, "mkdir", word, outcome);
    if (!at) return outcome;
    if (at->found.kind != Kind::kMissing) {
      if (parents && at->found.kind == Kind::kDirectory) continue;
      host.Error(fmt::format("mkdir: cannot create directory '{}': File exists", word));
      outcome.status = 1;
      continue;
    }
    // The missing directories from the deepest existing ancestor down.
    std::vector<std::string> chain{at->path};
    ContainerPath above = host.Files().Lookup(ParentPath(at->path));
    while (parents && above.kind == Kind::kMissing) {
      chain.push_back(ParentPath(chain.back()));
      above = host.Files().Lookup(ParentPath(chain.back()));
    }
    if (above.kind == Kind::kUnknown) {
      return Unsupported(fmt::format("mkdir: the parent of '{}' is outside every storage mount", word));
    }
    if (above.kind != Kind::kDirectory) {
      host.Error(fmt::format("mkdir: cannot create directory '{}': {}", word, ParentProblem(above)));
      outcome.status = 1;
      continue;
    }
    for (auto it = chain.rbegin(); it != chain.rend(); ++it) host.Files().MakeDirectory(*it, host.Now());
  }
  return outcome;
}

// rm [-f] [-r|-R] FILE...
CommandOutcome Rm(std::vector<std::string> const& words, ShellHost& host) {
  CommandOutcome outcome;
  std::string letters;
  auto operands = Parse(words, "frR", letters, outcome);
  if (!operands) return outcome;
  bool const force = Has(letters, 'f');
  bool const recursive = Has(letters, 'r') || Has(letters, 'R');
  if (operands->empty() && !force) {
    host.Error("rm: missing operand");
    return CommandOutcome{1, {}};
  }
  for (auto const& word : *operands) {
    auto at = Locate(host, "rm", word, outcome);
    if (!at) return outcome;
    if (at->found.kind == Kind::kMissing) {
      if (force) continue;
      host.Error(fmt::format("rm: cannot remove '{}': No such file or directory", word));
      outcome.status = 1;
      continue;
    }
    if (at->found.kind == Kind::kDirectory && !recursive) {
      host.Error(fmt::format("rm: cannot remove '{}': Is a directory", word));
      outcome.status = 1;
      continue;
    }
    if (IsMountPoint(host, at->path)) return Unsupported(fmt::format("rm of the mount point '{}'", word));
    host.Files().Remove(at->path, host.Now());
  }
  return outcome;
}

// touch FILE...: creates missing files; an existing file is left as it is (the fake keeps no
// access times, and a storage file's modification time is not moved).
CommandOutcome Touch(std::vector<std::string> const& words, ShellHost& host) {
  CommandOutcome outcome;
  std::string letters;
  auto operands = Parse(words, "", letters, outcome);
  if (!operands) return outcome;
  if (operands->empty()) {
    host.Error("touch: missing file operand");
    return CommandOutcome{1, {}};
  }
  for (auto const& word : *operands) {
    auto at = Locate(host, "touch", word, outcome);
    if (!at) return outcome;
    if (at->found.kind != Kind::kMissing) continue;
    ContainerPath const parent = host.Files().Lookup(ParentPath(at->path));
    if (parent.kind != Kind::kDirectory) {
      host.Error(fmt::format("touch: cannot touch '{}': {}", word, ParentProblem(parent)));
      outcome.status = 1;
      continue;
    }
    host.Files().Write(at->path, std::make_shared<std::string const>(), host.Now());
  }
  return outcome;
}

// Copies the tree at `from` (a file or a directory) to the missing or replaceable `to`, whose
// parent is a directory; false, with the outcome set, when it is not understood or too big.
bool CopyTree(ShellHost& host, std::string_view command, std::string const& from,
              std::string const& to, std::size_t& entries, CommandOutcome& outcome) {
  if (++entries > host.Limits().max_archive_entries) {
    host.Error(fmt::format("[fake-lepton] {}: more than {} entries, the fake's limit", command,
                           host.Limits().max_archive_entries));
    outcome.status = 1;
    return false;
  }
  ContainerPath const source = host.Files().Lookup(from);
  if (source.kind == Kind::kFile) {
    host.Files().Write(to, source.bytes ? source.bytes : std::make_shared<std::string const>(),
                       host.Now());
    return true;
  }
  auto names = host.Files().List(from);
  if (!names) {
    outcome = Unsupported(fmt::format("{}: the directory '{}' cannot be listed", command, from));
    return false;
  }
  if (host.Files().Lookup(to).kind != Kind::kDirectory) host.Files().MakeDirectory(to, host.Now());
  for (auto const& name : *names) {
    if (!CopyTree(host, command, JoinPath(from, name), JoinPath(to, name), entries, outcome)) {
      return false;
    }
  }
  return true;
}

// cp [-r|-R|-a] [-f] [-p] SRC... DEST and mv [-f] SRC... DEST.
CommandOutcome CopyOrMove(std::vector<std::string> const& words, ShellHost& host, bool move) {
  std::string_view const name = move ? "mv" : "cp";
  CommandOutcome outcome;
  std::string letters;
  auto operands = Parse(words, move ? "f" : "rRafp", letters, outcome);
  if (!operands) return outcome;
  bool const recursive = move || Has(letters, 'r') || Has(letters, 'R') || Has(letters, 'a');
  if (operands->size() < 2) {
    host.Error(operands->empty()
                   ? fmt::format("{}: missing file operand", name)
                   : fmt::format("{}: missing destination file operand after '{}'", name,
                                 operands->front()));
    return CommandOutcome{1, {}};
  }
  auto dest = Locate(host, name, operands->back(), outcome);
  if (!dest) return outcome;
  bool const into = dest->found.kind == Kind::kDirectory;
  if (operands->size() > 2 && !into) {
    host.Error(fmt::format("{}: target '{}' is not a directory", name, operands->back()));
    return CommandOutcome{1, {}};
  }
  for (std::size_t i = 0; i + 1 < operands->size(); ++i) {
    std::string const& word = (*operands)[i];
    auto source = Locate(host, name, word, outcome);
    if (!source) return outcome;
    if (source->found.kind == Kind::kMissing) {
      host.Error(fmt::format("{}: cannot stat '{}': No such file or directory", name, word));
      outcome.status = 1;
      continue;
    }
    bool const directory = source->found.kind == Kind::kDirectory;
    if (directory && !recursive) {
      host.Error(fmt::format("cp: -r not specified; omitting directory '{}'", word));
      outcome.status = 1;
      continue;
    }
    if (move && IsMountPoint(host, source->path)) {
      return Unsupported(fmt::format("mv of the mount point '{}'", word));
    }
    std::string const target = into ? JoinPath(dest->path, BaseName(source->path)) : dest->path;
    std::string const shown = into ? JoinPath(operands->back(), BaseName(source->path)) : operands->back();
    if (target == source->path) {
      host.Error(fmt::format("{}: '{}' and '{}' are the same file", name, word, shown));
      outcome.status = 1;
      continue;
    }
    if (directory && target.starts_with(source->path + "/")) {
      host.Error(move ? fmt::format("mv: cannot move '{}' to a subdirectory of itself, '{}'", word, shown)
                      : fmt::format("cp: cannot copy a directory, '{}', into itself, '{}'", word, shown));
      outcome.status = 1;
      continue;
    }
    ContainerPath const existing = host.Files().Lookup(target);
    if (existing.kind == Kind::kUnknown) {
      return Unsupported(fmt::format("{}: '{}' is outside every storage mount", name, shown));
    }
    if (existing.kind == Kind::kDirectory && !directory) {
      host.Error(fmt::format("{}: cannot overwrite directory '{}' with non-directory", name, shown));
      outcome.status = 1;
      continue;
    }
    if (existing.kind == Kind::kFile && directory) {
      host.Error(fmt::format("{}: cannot overwrite non-directory '{}' with directory '{}'", name,
                             shown, word));
      outcome.status = 1;
      continue;
    }
    if (move && existing.kind == Kind::kDirectory) {
      auto names = host.Files().List(target);
      if (!names) return Unsupported(fmt::format("mv: the directory '{}' cannot be listed", shown));
      if (!names->empty()) {
        host.Error(fmt::format("mv: cannot move '{}' to '{}': Directory not empty", word, shown));
        outcome.status = 1;
        continue;
      }
    }
    ContainerPath const parent = host.Files().Lookup(ParentPath(target));
    if (parent.kind != Kind::kDirectory) {
      host.Error(fmt::format("{}: cannot create {} '{}': {}", name,
                             directory ? "directory" : "regular file", shown, ParentProblem(parent)));
      outcome.status = 1;
      continue;
    }
    if (move && existing.kind == Kind::kDirectory) host.Files().Remove(target, host.Now());
    std::size_t entries = 0;
    if (!CopyTree(host, name, source->path, target, entries, outcome)) return outcome;
    if (move) host.Files().Remove(source->path, host.Now());
  }
  return outcome;
}

// test EXPR and [ EXPR ]: -e, -f, -d, -s FILE; -n, -z STRING; STRING; S = S, S == S, S != S;
// N -eq|-ne|-lt|-le|-gt|-ge N; a leading `!`. Status 0 true, 1 false, 2 misuse.
class TestExpression {
 public:
  TestExpression(std::string_view name, ShellHost& host) : name_(name), host_(host) {}

  CommandOutcome Evaluate(std::vector<std::string> args) {
    if (!args.empty() && args.front() == "!") {
      args.erase(args.begin());
      CommandOutcome inner = Evaluate(std::move(args));
      if (!inner.unsupported && inner.status < 2) inner.status = 1 - inner.status;
      return inner;
    }
    switch (args.size()) {
      case 0: return CommandOutcome{1, {}};
      case 1: return CommandOutcome{args[0].empty() ? 1 : 0, {}};
      case 2: return Unary(args[0], args[1]);
      case 3: return Binary(args[0], args[1], args[2]);
      default:
        return Unsupported(fmt::format("{} with {} arguments (-a, -o and parentheses are not "
                                       "simulated)", name_, args.size()));
    }
  }

 private:
  CommandOutcome Unary(std::string const& op, std::string const& operand) {
    if (op == "-n") return CommandOutcome{operand.empty() ? 1 : 0, {}};
    if (op == "-z") return CommandOutcome{operand.empty() ? 0 : 1, {}};
    if (op == "-e" || op == "-f" || op == "-d" || op == "-s") {
      CommandOutcome outcome;
      auto at = Locate(host_, name_, operand, outcome);
      if (!at) return outcome;
      Kind const kind = at->found.kind;
      bool result = kind == Kind::kFile || kind == Kind::kDirectory;
      if (op == "-f") result = kind == Kind::kFile;
      if (op == "-d") result = kind == Kind::kDirectory;
      if (op == "-s") {
        result = kind == Kind::kDirectory || (kind == Kind::kFile && at->found.bytes && !at->found.bytes->empty());
      }
      return CommandOutcome{result ? 0 : 1, {}};
    }
    if (op.size() == 2 && op[0] == '-') {
      return Unsupported(fmt::format("{} {} (only -e, -f, -d, -s, -n and -z are simulated)", name_, op));
    }
    host_.Error(fmt::format("bash: {}: {}: unary operator expected", name_, op));
    return CommandOutcome{2, {}};
  }

  CommandOutcome Binary(std::string const& left, std::string const& op, std::string const& right) {
    if (op == "=" || op == "==") return CommandOutcome{left == right ? 0 : 1, {}};
    if (op == "!=") return CommandOutcome{left != right ? 0 : 1, {}};
    static constexpr std::string_view kNumeric[] = {"-eq", "-ne", "-lt", "-le", "-gt", "-ge"};
    if (std::find(std::begin(kNumeric), std::end(kNumeric), op) != std::end(kNumeric)) {
      auto const a = Integer(left);
      auto const b = Integer(right);
      if (!a || !b) {
        host_.Error(fmt::format("bash: {}: {}: integer expression expected", name_, a ? right : left));
        return CommandOutcome{2, {}};
      }
      bool const result = op == "-eq" ? *a == *b : op == "-ne" ? *a != *b : op == "-lt" ? *a < *b
                          : op == "-le" ? *a <= *b : op == "-gt" ? *a > *b : *a >= *b;
      return CommandOutcome{result ? 0 : 1, {}};
    }
    host_.Error(fmt::format("bash: {}: {}: binary operator expected", name_, op));
    return CommandOutcome{2, {}};
  }

  // bash's test allows blanks before and after a number.
  static std::optional<long long> Integer(std::string_view text) {
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
    return ParseSignedDecimal(text);
  }

  std::string_view name_;
  ShellHost& host_;
};

CommandOutcome Test(std::vector<std::string> const& words, ShellHost& host) {
  std::vector<std::string> args(words.begin() + 1, words.end());
  if (words[0] == "[") {
    if (args.empty() || args.back() != "]") {
      host.Error("bash: [: missing `]'");
      return CommandOutcome{2, {}};
    }
    args.pop_back();
  }
  return TestExpression(words[0], host).Evaluate(std::move(args));
}

// base64 [-d] [-w COLS] [FILE|-]: GNU coreutils' encoder (lines of 76 characters unless -w) and
// decoder.
CommandOutcome Base64(std::vector<std::string> const& words, ShellHost& host) {
  bool decode = false;
  std::size_t wrap = 76;
  std::optional<std::string> file;
  for (std::size_t i = 1; i < words.size(); ++i) {
    std::string const& word = words[i];
    if (word == "-d" || word == "--decode") {
      decode = true;
    } else if ((word == "-w" || word == "--wrap") && i + 1 < words.size()) {
      std::string const& cols = words[++i];
      if (cols.empty() || cols.size() > 9 || cols.find_first_not_of("0123456789") != std::string::npos) {
        host.Error(fmt::format("base64: invalid wrap size: '{}'", cols));
        return CommandOutcome{1, {}};
      }
      wrap = std::stoul(cols);
    } else if (word.size() > 1 && word[0] == '-') {
      return Unsupported(fmt::format("base64 option '{}'", word));
    } else if (file) {
      host.Error(fmt::format("base64: extra operand '{}'", word));
      return CommandOutcome{1, {}};
    } else {
      file = word;
    }
  }
  std::shared_ptr<std::string const> held;  // Keeps a file's bytes alive while they are read.
  std::string_view input;
  CommandOutcome outcome;
  if (!file || *file == "-") {
    if (!host.In()) return Unsupported("base64 reading a standard input that no pipe feeds");
    input = *host.In();
  } else {
    auto at = Locate(host, "base64", *file, outcome);
    if (!at) return outcome;
    if (at->found.kind != Kind::kFile || !at->found.bytes) {
      host.Error(fmt::format("base64: {}: {}", *file,
                             at->found.kind == Kind::kDirectory ? "Is a directory"
                                                                : "No such file or directory"));
      return CommandOutcome{1, {}};
    }
    held = at->found.bytes;
    input = *held;
  }
  if (decode) {
    Base64Decoded decoded = Base64Decode(input);
    if (!host.Out(decoded.bytes)) {
      host.Error(fmt::format("[fake-lepton] base64: more than {} bytes made in one run, the "
                             "fake's limit", host.Limits().max_made_bytes));
      return CommandOutcome{1, {}};
    }
    if (!decoded.ok) {
      host.Error("base64: invalid input");
      return CommandOutcome{1, {}};
    }
    return outcome;
  }
  std::string const encoded = Base64Encode(input);
  std::string text;
  for (std::size_t at = 0; at < encoded.size(); at += wrap == 0 ? encoded.size() : wrap) {
    text.append(encoded, at, wrap == 0 ? std::string::npos : wrap);
    if (wrap != 0) text += '\n';
  }
  if (wrap != 0 && encoded.empty()) text.clear();
  if (!host.Out(text)) {
    host.Error(fmt::format("[fake-lepton] base64: more than {} bytes made in one run, the "
                           "fake's limit", host.Limits().max_made_bytes));
    return CommandOutcome{1, {}};
  }
  return outcome;
}

}  // namespace

std::optional<Located> Locate(ShellHost& host, std::string_view command, std::string const& word,
                              CommandOutcome& outcome) {
  auto absolute = host.Resolve(word);
  if (!absolute) {
    outcome = Unsupported(fmt::format("{}: relative path '{}' before any 'cd' (the image's "
                                      "working directory is unknown)", command, word));
    return std::nullopt;
  }
  ContainerPath found = host.Files().Lookup(*absolute);
  if (found.kind == Kind::kUnknown) {
    outcome = Unsupported(fmt::format("{}: '{}' is outside every storage mount", command, word));
    return std::nullopt;
  }
  return Located{*std::move(absolute), std::move(found)};
}

bool IsFileCommand(std::string_view name) {
  static constexpr std::string_view kNames[] = {"mkdir", "rm", "touch", "cp", "mv",
                                                "test", "[", "base64", "tar"};
  return std::find(std::begin(kNames), std::end(kNames), name) != std::end(kNames);
}

CommandOutcome RunFileCommand(std::vector<std::string> const& words, ShellHost& host) {
  std::string_view const name = words[0];
  if (name == "mkdir") return Mkdir(words, host);
  if (name == "rm") return Rm(words, host);
  if (name == "touch") return Touch(words, host);
  if (name == "cp") return CopyOrMove(words, host, /*move=*/false);
  if (name == "mv") return CopyOrMove(words, host, /*move=*/true);
  if (name == "test" || name == "[") return Test(words, host);
  if (name == "base64") return Base64(words, host);
  if (name == "tar") return RunTar(words, host);
  return Unsupported(fmt::format("unsupported command '{}'", name));
}

}  // namespace lepton::fake
