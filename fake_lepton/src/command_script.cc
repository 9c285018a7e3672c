#include "command_script.h"

#include <algorithm>
#include <cctype>
#include <optional>
#include <string_view>
#include <utility>

#include <fmt/format.h>

#include "ascii.h"
#include "container_overlay.h"
#include "file_commands.h"

namespace lepton::fake {
namespace {

using Nanos = std::chrono::nanoseconds;

// kPipe: the command reads the previous one's standard output (they form one pipeline).
enum class Connector { kFirst, kSequence, kAnd, kOr, kPipe };

// `> FILE` or `>> FILE`: the command's standard output goes to FILE.
struct Redirect {
  std::string target;
  bool append = false;
};

struct Command {
  Connector connector = Connector::kFirst;  // How this command joins the previous one.
  std::vector<std::string> words;
  std::optional<Redirect> redirect;
};

// Why a script is outside the simulated subset.
struct Unsupported {
  std::string reason;
};

bool IsNameStart(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }
bool IsNameChar(char c) { return IsNameStart(c) || (c >= '0' && c <= '9'); }

// Splits a script into commands and words, expanding variables and removing quotes.
class Lexer {
 public:
  // `allow_export` false refuses `export` (a sourced file: see SimulateCommand).
  Lexer(std::string_view script, std::map<std::string, std::string> env, bool allow_export = true)
      : in_(script), env_(std::move(env)), allow_export_(allow_export) {}

  std::optional<Unsupported> Run(std::vector<Command>& out) {
    Command current;
    std::string word;
    bool in_word = false;
    std::optional<bool> redirect_pending;  // After `>` (false) or `>>` (true): its file is next.
    auto end_word = [&] {
      if (in_word && redirect_pending) {
        current.redirect = Redirect{std::move(word), *redirect_pending};
        redirect_pending.reset();
      } else if (in_word) {
        current.words.push_back(std::move(word));
      }
      word.clear();
      in_word = false;
    };
    auto end_command = [&](Connector next) -> std::optional<Unsupported> {
      end_word();
      if (redirect_pending) return Unsupported{"syntax error: a redirection without a file"};
      if (current.words.empty()) {
        if (current.redirect) return Unsupported{"a redirection without a command"};
        // Blank lines and stray `;` are fine; `&&`, `||` and `|` need a command on their left.
        // After `a &&` a newline continues the list, so the pending connector is kept.
        if (next == Connector::kAnd || next == Connector::kOr || next == Connector::kPipe) {
          return Unsupported{"syntax error: '&&', '||' or '|' without a command before it"};
        }
        return std::nullopt;
      }
      current.connector = pending_;
      if (current.words[0] == "export") {
        // A pipeline's commands run in subshells: an export there changes nothing after it.
        if (next == Connector::kPipe || pending_ == Connector::kPipe) {
          return Unsupported{"export in a pipeline"};
        }
        if (auto e = Export(current)) return e;
      }
      out.push_back(std::move(current));
      current = Command{};
      pending_ = next;
      return std::nullopt;
    };

    while (pos_ < in_.size()) {
      char const c = in_[pos_];
      if (c == ' ' || c == '\t' || c == '\r') {
        end_word();
        ++pos_;
      } else if (c == '\n' || c == ';') {
        if (c == ';' && Peek(1) == ';') return Unsupported{"case terminator ';;'"};
        if (auto e = end_command(Connector::kSequence)) return e;
        ++pos_;
      } else if (c == '&') {
        if (Peek(1) != '&') return Unsupported{"background job '&'"};
        if (auto e = end_command(Connector::kAnd)) return e;
        pos_ += 2;
      } else if (c == '|') {
        if (Peek(1) == '&') return Unsupported{"pipe of standard error '|&'"};
        bool const or_list = Peek(1) == '|';
        if (auto e = end_command(or_list ? Connector::kOr : Connector::kPipe)) return e;
        pos_ += or_list ? 2 : 1;
      } else if (c == '#' && !in_word) {
        while (pos_ < in_.size() && in_[pos_] != '\n') ++pos_;
      } else if (c == '<') {
        return Unsupported{"input redirection '<'"};
      } else if (c == '>') {
        if (in_word && !word.empty() && word.find_first_not_of("0123456789") == std::string::npos) {
          return Unsupported{fmt::format("redirection of file descriptor {}", word)};
        }
        end_word();
        if (redirect_pending || current.redirect) {
          return Unsupported{"more than one output redirection"};
        }
        bool const append = Peek(1) == '>';
        char const after = Peek(append ? 2 : 1);
        if (after == '&' || after == '|' || after == '>') {
          return Unsupported{fmt::format("redirection '>{}'", after)};
        }
        redirect_pending = append;
        pos_ += append ? 2 : 1;
      } else if (c == '(' || c == ')') {
        return Unsupported{"subshell '(...)'"};
      } else if (c == '`') {
        return Unsupported{"command substitution '`...`'"};
      } else if (c == '\'') {
        in_word = true;
        auto const close = in_.find('\'', pos_ + 1);
        if (close == std::string_view::npos) return Unsupported{"unterminated single quote"};
        word.append(in_.substr(pos_ + 1, close - pos_ - 1));
        pos_ = close + 1;
      } else if (c == '"') {
        in_word = true;
        if (auto e = DoubleQuoted(word)) return e;
      } else if (c == '\\') {
        if (pos_ + 1 >= in_.size()) return Unsupported{"trailing backslash"};
        if (in_[pos_ + 1] != '\n') {  // Backslash-newline continues the line.
          word += in_[pos_ + 1];
          in_word = true;
        }
        pos_ += 2;
      } else if (c == '$') {
        in_word = true;
        if (auto e = Expand(word)) return e;
      } else {
        word += c;
        in_word = true;
        ++pos_;
      }
    }
    if (auto e = end_command(Connector::kSequence)) return e;
    if (pending_ == Connector::kAnd || pending_ == Connector::kOr || pending_ == Connector::kPipe) {
      return Unsupported{"script ends with '&&', '||' or '|'"};
    }
    return std::nullopt;
  }

 private:
  char Peek(std::size_t ahead) const {
    return pos_ + ahead < in_.size() ? in_[pos_ + ahead] : '\0';
  }

  std::optional<Unsupported> DoubleQuoted(std::string& word) {
    ++pos_;  // Opening quote.
    while (pos_ < in_.size()) {
      char const c = in_[pos_];
      if (c == '"') {
        ++pos_;
        return std::nullopt;
      }
      if (c == '\\') {
        char const next = Peek(1);
        if (next == '"' || next == '\\' || next == '$' || next == '`') {
          word += next;
          pos_ += 2;
        } else if (next == '\n') {
          pos_ += 2;
        } else {
          word += c;
          ++pos_;
        }
      } else if (c == '$') {
        if (auto e = Expand(word)) return e;
      } else if (c == '`') {
        return Unsupported{"command substitution '`...`'"};
      } else {
        word += c;
        ++pos_;
      }
    }
    return Unsupported{"unterminated double quote"};
  }

  // At a '$': appends the value of $NAME or ${NAME}.
  std::optional<Unsupported> Expand(std::string& word) {
    char const next = Peek(1);
    if (next == '(') return Unsupported{"command substitution '$(...)'"};
    std::string name;
    if (next == '{') {
      auto const close = in_.find('}', pos_ + 2);
      if (close == std::string_view::npos) return Unsupported{"unterminated '${'"};
      std::string_view inside = in_.substr(pos_ + 2, close - pos_ - 2);
      std::size_t name_end = 0;
      while (name_end < inside.size() && IsNameChar(inside[name_end])) ++name_end;
      name = std::string(inside.substr(0, name_end));
      if (name.empty() || !IsNameStart(name[0])) {
        return Unsupported{fmt::format("parameter expansion '${{{}}}'", inside)};
      }
      if (name_end < inside.size()) {
        // ${NAME:-WORD}: WORD when NAME is unset or empty (what lepton_env_to_pytorch.sh uses).
        if (!inside.substr(name_end).starts_with(":-")) {
          return Unsupported{fmt::format("parameter expansion '${{{}}}'", inside)};
        }
        std::string_view const fallback = inside.substr(name_end + 2);
        pos_ = close + 1;
        if (auto it = env_.find(name); it != env_.end() && !it->second.empty()) {
          word += it->second;
          return std::nullopt;
        }
        return ExpandDefault(fallback, word);
      }
      pos_ = close + 1;
    } else if (IsNameStart(next)) {
      std::size_t end = pos_ + 1;
      while (end < in_.size() && IsNameChar(in_[end])) ++end;
      name = std::string(in_.substr(pos_ + 1, end - pos_ - 1));
      pos_ = end;
    } else if (next == '\0' || next == ' ' || next == '\t' || next == '\n' || next == '"') {
      word += '$';  // A lone dollar is literal.
      ++pos_;
      return std::nullopt;
    } else {
      return Unsupported{fmt::format("special parameter '${}'", next)};
    }
    if (auto it = env_.find(name); it != env_.end()) word += it->second;
    return std::nullopt;
  }

  // The WORD of ${NAME:-WORD}: literal characters and $NAME references only (no quotes,
  // braces or substitutions inside it, which are not understood).
  std::optional<Unsupported> ExpandDefault(std::string_view fallback, std::string& word) {
    for (std::size_t i = 0; i < fallback.size();) {
      char const c = fallback[i];
      if (c == '$') {
        std::size_t end = i + 1;
        while (end < fallback.size() && IsNameChar(fallback[end])) ++end;
        std::string const ref(fallback.substr(i + 1, end - i - 1));
        if (ref.empty() || !IsNameStart(ref[0])) {
          return Unsupported{fmt::format("expansion in the default of '${{...:-{}}}'", fallback)};
        }
        if (auto it = env_.find(ref); it != env_.end()) word += it->second;
        i = end;
        continue;
      }
      if (c == '"' || c == '\'' || c == '\\' || c == '`' || c == '{') {
        return Unsupported{fmt::format("quoting in the default of '${{...:-{}}}'", fallback)};
      }
      word += c;
      ++i;
    }
    return std::nullopt;
  }

  // `export NAME=VALUE ...` sets variables for the words lexed after it. Words are expanded as
  // they are lexed, before anything runs, so an export that && or || could skip is refused
  // rather than simulated wrongly.
  std::optional<Unsupported> Export(Command const& command) {
    if (!allow_export_) {
      return Unsupported{"export in a sourced file (the words after 'source' were expanded before it)"};
    }
    if (command.connector == Connector::kAnd || command.connector == Connector::kOr) {
      return Unsupported{"export after '&&' or '||'"};
    }
    for (std::size_t i = 1; i < command.words.size(); ++i) {
      std::string const& word = command.words[i];
      auto const eq = word.find('=');
      std::string const name = word.substr(0, eq);
      bool valid = !name.empty() && IsNameStart(name[0]);
      for (char c : name) valid = valid && IsNameChar(c);
      if (!valid) return Unsupported{fmt::format("export of '{}'", word)};
      if (eq != std::string::npos) env_[name] = word.substr(eq + 1);
    }
    return std::nullopt;
  }

  std::string_view in_;
  std::map<std::string, std::string> env_;
  bool const allow_export_;
  std::size_t pos_ = 0;
  Connector pending_ = Connector::kFirst;
};

std::string_view Basename(std::string_view path) {
  auto const slash = path.rfind('/');
  return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

bool IsShell(std::string_view program) {
  auto const name = Basename(program);
  return name == "sh" || name == "bash" || name == "dash";
}

// Parses one sleep operand ("1.5", "2m") into nanoseconds, capped at kMaxSimulatedDuration.
std::optional<Nanos> ParseSleep(std::string_view text) {
  double multiplier = 1;
  if (!text.empty()) {
    switch (text.back()) {
      case 's': text.remove_suffix(1); break;
      case 'm': multiplier = 60; text.remove_suffix(1); break;
      case 'h': multiplier = 3600; text.remove_suffix(1); break;
      case 'd': multiplier = 86400; text.remove_suffix(1); break;
      default: break;
    }
  }
  if (text.empty() || text.size() > 32) return std::nullopt;
  double value = 0;
  double scale = 0;  // 0 before the decimal point, then 0.1, 0.01, ...
  bool any_digit = false;
  for (char c : text) {
    if (c == '.' && scale == 0) {
      scale = 0.1;
    } else if (c >= '0' && c <= '9') {
      any_digit = true;
      if (scale == 0) {
        value = value * 10 + (c - '0');
      } else {
        value += (c - '0') * scale;
        scale /= 10;
      }
    } else {
      return std::nullopt;
    }
  }
  if (!any_digit) return std::nullopt;
  double const cap = std::chrono::duration<double>(kMaxSimulatedDuration).count();
  double const seconds = std::min(value * multiplier, cap);
  return std::chrono::duration_cast<Nanos>(std::chrono::duration<double>(seconds));
}

// `exit N` as bash takes it: N modulo 256.
std::optional<int> ParseExitCode(std::string_view text) {
  auto const value = ParseSignedDecimal(text);
  if (!value) return std::nullopt;
  return static_cast<int>(((*value % 256) + 256) % 256);
}

SimulatedRun NotUnderstood(std::string reason) {
  SimulatedRun run;
  run.reason = std::move(reason);
  return run;
}

// Runs parsed commands, accumulating lines, time, status and file changes.
class Machine final : public ShellHost {
 public:
  // `env` expands variables in the scripts of nested shells (`bash -c '...'`) and sourced
  // files, with the exports run so far; `files` answers what is at a container path.
  Machine(SimulationLimits const& limits, bool exit_on_error,
          std::map<std::string, std::string> env, ContainerFiles const& files)
      : limits_(limits), exit_on_error_(exit_on_error), env_(std::move(env)), overlay_(files) {}

  SimulatedRun Run(std::vector<Command> const& commands) {
    if (auto e = RunCommands(commands)) return NotUnderstood(e->reason);
    run_.understood = true;
    run_.duration = std::chrono::duration_cast<Duration>(now_);
    run_.exit_code = status_;
    run_.changes = overlay_.TakeChanges();
    return std::move(run_);
  }

  std::optional<Unsupported> RunCommands(std::vector<Command> const& commands) {
    commands_run_ += commands.size();
    if (commands_run_ > limits_.max_commands) {
      return Unsupported{fmt::format("more than {} commands", limits_.max_commands)};
    }
    for (std::size_t i = 0; i < commands.size();) {
      // A pipeline (commands joined by `|`) runs, or is skipped, as one.
      std::size_t end = i + 1;
      while (end < commands.size() && commands[end].connector == Connector::kPipe) ++end;
      Connector const connector = commands[i].connector;
      bool const skipped = (connector == Connector::kAnd && status_ != 0) ||
                           (connector == Connector::kOr && status_ == 0);
      if (!skipped) {
        if (auto e = RunPipeline(commands, i, end)) return e;
        if (exited_) break;
      }
      bool const guarded = end < commands.size() &&
                           (commands[end].connector == Connector::kAnd ||
                            commands[end].connector == Connector::kOr);
      if (!skipped && exit_on_error_ && status_ != 0 && !guarded) break;
      i = end;
    }
    return std::nullopt;
  }

  // Commands [begin, end) joined by pipes: each stage after the first reads the one before's
  // standard output. Stages run side by side in subshells (their `cd`, `exit` and exports end
  // with them); the pipeline ends when its slowest stage does, with the last stage's status.
  std::optional<Unsupported> RunPipeline(std::vector<Command> const& commands, std::size_t begin,
                                         std::size_t end) {
    if (end - begin == 1) return RunRedirected(commands[begin]);
    auto const outer_cwd = cwd_;
    auto const outer_env = env_;
    auto outer_stdin = stdin_;
    std::string* const outer_capture = capture_;
    Nanos const start = now_;
    Nanos latest = now_;
    std::optional<std::string> input = stdin_;
    std::optional<Unsupported> failed;
    for (std::size_t k = begin; k < end && !failed; ++k) {
      bool const last = k + 1 == end;
      std::string output;
      capture_ = last ? outer_capture : &output;
      stdin_ = std::move(input);
      now_ = start;
      failed = RunRedirected(commands[k]);
      latest = std::max(latest, now_);
      cwd_ = outer_cwd;
      env_ = outer_env;
      exited_ = false;
      input = std::move(output);
    }
    stdin_ = std::move(outer_stdin);
    capture_ = outer_capture;
    now_ = latest;
    return failed;
  }

  // One command with its `> FILE` or `>> FILE`, if any. As bash: the file is opened (created,
  // or emptied by `>`) before the command runs, and a file that cannot be opened fails the
  // command without running it. The file's new content is written when the command ends.
  std::optional<Unsupported> RunRedirected(Command const& command) {
    if (!command.redirect) return Execute(command.words);
    Redirect const& redirect = *command.redirect;
    std::string output;
    std::string* const outer_capture = capture_;
    if (redirect.target == "/dev/null") {
      capture_ = &output;
      std::size_t const made_before = made_bytes_;
      auto failed = Execute(command.words);
      capture_ = outer_capture;
      made_bytes_ = made_before;  // Discarded bytes are not kept.
      return failed;
    }
    auto const path = Resolve(redirect.target);
    if (!path) return Unsupported{RelativeReason("redirection", redirect.target)};
    ContainerPath const found = overlay_.Lookup(*path);
    if (found.kind == ContainerPath::Kind::kUnknown) {
      return Unsupported{fmt::format("redirection: '{}' is outside every storage mount", redirect.target)};
    }
    if (found.kind == ContainerPath::Kind::kDirectory) {
      Emit(fmt::format("bash: {}: Is a directory", redirect.target));
      status_ = 1;
      return std::nullopt;
    }
    if (found.kind == ContainerPath::Kind::kMissing) {
      ContainerPath const parent = overlay_.Lookup(ParentPath(*path));
      if (parent.kind == ContainerPath::Kind::kUnknown) {
        return Unsupported{fmt::format("redirection: the directory of '{}' is outside every storage mount", redirect.target)};
      }
      if (parent.kind != ContainerPath::Kind::kDirectory) {
        Emit(fmt::format("bash: {}: {}", redirect.target,
                         parent.kind == ContainerPath::Kind::kFile ? "Not a directory"
                                                                  : "No such file or directory"));
        status_ = 1;
        return std::nullopt;
      }
    }
    std::shared_ptr<std::string const> kept;  // What `>>` appends to.
    if (redirect.append && found.kind == ContainerPath::Kind::kFile) kept = found.bytes;
    if (!redirect.append || found.kind == ContainerPath::Kind::kMissing) {
      overlay_.Write(*path, std::make_shared<std::string const>(), Now());
    }
    capture_ = &output;
    auto failed = Execute(command.words);
    capture_ = outer_capture;
    if (failed) return failed;
    if (kept && !kept->empty()) {
      if (!Spend(kept->size())) {
        Emit(fmt::format("[fake-lepton] {}: appending to '{}' is over the {} bytes the fake lets "
                         "one run make", command.words[0], redirect.target, limits_.max_made_bytes));
        status_ = 1;
        return std::nullopt;
      }
      output.insert(0, *kept);
    }
    if (output.size() > limits_.max_file_bytes) {
      Emit(fmt::format("{}: write error: File too large", command.words[0]));
      status_ = 1;
      output.resize(limits_.max_file_bytes);
    }
    if (!output.empty() || redirect.append) {
      overlay_.Write(*path, std::make_shared<std::string const>(std::move(output)), Now());
    }
    return std::nullopt;
  }

  // ShellHost: what file commands use.
  ContainerOverlay& Files() override { return overlay_; }
  Duration Now() const override { return std::chrono::duration_cast<Duration>(now_); }
  void Error(std::string line) override { Emit(std::move(line)); }
  bool Out(std::string_view bytes) override {
    if (capture_ == nullptr) {
      // The log: one line per newline, and a last line without one.
      while (!bytes.empty()) {
        auto const eol = bytes.find('\n');
        Emit(std::string(bytes.substr(0, eol)));
        if (eol == std::string_view::npos) break;
        bytes.remove_prefix(eol + 1);
      }
      return true;
    }
    if (!Spend(bytes.size())) return false;
    capture_->append(bytes);
    return true;
  }
  std::optional<std::string> const& In() const override { return stdin_; }
  bool Spend(std::size_t bytes) override {
    if (bytes > BudgetLeft()) return false;
    made_bytes_ += bytes;
    return true;
  }
  std::size_t BudgetLeft() const override {
    return limits_.max_made_bytes - std::min(limits_.max_made_bytes, made_bytes_);
  }
  SimulationLimits const& Limits() const override { return limits_; }

  // Checks and runs one command; an unsupported one stops the whole simulation.
  std::optional<Unsupported> Execute(std::vector<std::string> const& words) {
    std::string_view const name = words[0];
    if (IsShell(name)) return Shell(words);
    if (name.find('=') != std::string_view::npos && IsNameStart(name[0])) {
      return Unsupported{fmt::format("variable assignment '{}'", name)};
    }
    if (name == "echo") return Echo(words);
    if (name == "sleep") return Sleep(words);
    if (name == "exit") return Exit(words);
    if (name == "cat") return Cat(words);
    if (name == "cd") return Cd(words);
    if (name == "chmod") return Chmod(words);
    if (name == "source" || name == ".") return Source(words);
    if (name == "export") return Export(words);
    if (IsFileCommand(name)) {
      CommandOutcome outcome = RunFileCommand(words, *this);
      if (outcome.unsupported) return Unsupported{*std::move(outcome.unsupported)};
      status_ = outcome.status;
      return std::nullopt;
    }
    if (name == "exec") {
      // The command replaces the shell: it runs, and the shell ends with its status.
      if (words.size() < 2) return Unsupported{"exec without a command (redirections only)"};
      if (words[1].starts_with("-")) return Unsupported{fmt::format("exec option '{}'", words[1])};
      if (auto e = Execute(std::vector<std::string>(words.begin() + 1, words.end()))) return e;
      exited_ = true;
      return std::nullopt;
    }
    if (name == "true" || name == ":") {
      status_ = 0;
      return std::nullopt;
    }
    if (name == "false") {
      status_ = 1;
      return std::nullopt;
    }
    static constexpr std::string_view kControl[] = {"if", "then", "else", "elif", "fi", "for",
                                                    "while", "until", "do", "done", "case",
                                                    "esac", "function", "{", "}", "!"};
    for (auto word : kControl) {
      if (name == word) return Unsupported{fmt::format("control flow '{}'", name)};
    }
    return Unsupported{fmt::format("unsupported command '{}'", name)};
  }

 private:
  std::optional<Unsupported> Echo(std::vector<std::string> const& words) {
    bool newline = true;
    bool escapes = false;
    std::size_t i = 1;
    for (; i < words.size(); ++i) {
      std::string_view const w = words[i];
      if (w.size() < 2 || w[0] != '-' ||
          w.find_first_not_of("neE", 1) != std::string_view::npos) {
        break;
      }
      for (char c : w.substr(1)) {
        if (c == 'n') newline = false;
        if (c == 'e') escapes = true;
        if (c == 'E') escapes = false;
      }
    }
    std::string text;
    for (std::size_t k = i; k < words.size(); ++k) {
      if (k > i) text += ' ';
      text += words[k];
    }
    if (escapes) text = Unescape(text);
    status_ = 0;
    if (capture_ != nullptr) {
      if (newline) text += '\n';
      if (!Out(text)) OverLimit("echo");
      return std::nullopt;
    }
    if (!newline && text.empty()) return std::nullopt;
    std::size_t start = 0;
    for (;;) {
      auto const eol = text.find('\n', start);
      Emit(text.substr(start, eol == std::string::npos ? std::string::npos : eol - start));
      if (eol == std::string::npos) break;
      start = eol + 1;
      if (start == text.size()) break;  // A trailing "\n" does not make an extra line.
    }
    return std::nullopt;
  }

  static std::string Unescape(std::string const& text) {
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
      if (text[i] != '\\' || i + 1 == text.size()) {
        out += text[i];
        continue;
      }
      char const next = text[++i];
      switch (next) {
        case 'n': out += '\n'; break;
        case 't': out += '\t'; break;
        case '\\': out += '\\'; break;
        case 'x': {
          // \xHH: one or two hex digits, a raw byte (which need not be UTF-8), as bash's echo.
          int value = 0, digits = 0;
          while (digits < 2 && i + 1 < text.size() && std::isxdigit(static_cast<unsigned char>(text[i + 1]))) {
            char const h = text[++i];
            value = value * 16 + (std::isdigit(static_cast<unsigned char>(h)) ? h - '0' : (h | 0x20) - 'a' + 10);
            ++digits;
          }
          if (digits == 0) {
            out += "\\x";
          } else {
            out += static_cast<char>(value);
          }
          break;
        }
        default: out += '\\'; out += next; break;
      }
    }
    return out;
  }

  std::optional<Unsupported> Sleep(std::vector<std::string> const& words) {
    if (words.size() < 2) return Unsupported{"sleep: missing operand"};
    Nanos total{0};
    for (std::size_t i = 1; i < words.size(); ++i) {
      auto const d = ParseSleep(words[i]);
      if (!d) return Unsupported{fmt::format("sleep: invalid time interval '{}'", words[i])};
      total += *d;
    }
    now_ = std::min<Nanos>(now_ + total, kMaxSimulatedDuration);
    status_ = 0;
    return std::nullopt;
  }

  std::optional<Unsupported> Exit(std::vector<std::string> const& words) {
    if (words.size() > 2) return Unsupported{"exit: too many arguments"};
    if (words.size() == 2) {
      auto const code = ParseExitCode(words[1]);
      if (!code) return Unsupported{fmt::format("exit: numeric argument required, got '{}'", words[1])};
      status_ = *code;
    }
    exited_ = true;
    return std::nullopt;
  }

  // `bash -c 'script'` or `bash FILE` (also sh and dash, options -c, -e, -l): the script runs
  // in a child shell that shares the clock and the log; its `exit` and `cd` end with it, and
  // its status is the command's.
  std::optional<Unsupported> Shell(std::vector<std::string> const& words) {
    if (depth_ >= kMaxNesting) return Unsupported{"shells nested too deep"};
    bool script_flag = false;
    bool exit_on_error = false;
    std::size_t i = 1;
    for (; i < words.size(); ++i) {
      std::string_view const arg = words[i];
      if (arg.size() < 2 || arg[0] != '-') break;
      if (arg.find_first_not_of("cel", 1) != std::string_view::npos) {
        return Unsupported{fmt::format("shell option '{}'", arg)};
      }
      script_flag |= arg.find('c') != std::string_view::npos;
      exit_on_error |= arg.find('e') != std::string_view::npos;
    }
    if (i >= words.size()) {
      return Unsupported{script_flag ? "a nested shell -c without a script"
                                     : "a nested shell reading its standard input"};
    }
    std::string script;
    if (script_flag) {
      script = words[i];
    } else {
      if (i + 1 < words.size()) return Unsupported{"arguments to a script file"};
      auto text = ScriptFile(words[i]);
      if (!text) return text.error;
      if (!text->has_value()) return std::nullopt;  // Missing: the message and status are set.
      script = std::move(**text);
    }
    if (script.size() > limits_.max_script_bytes) return Unsupported{"nested script too long"};
    std::vector<Command> commands;
    if (auto e = Lexer(script, env_).Run(commands)) return Unsupported{e->reason};
    bool const outer_exit_on_error = exit_on_error_;
    auto const outer_cwd = cwd_;
    auto const outer_env = env_;
    exit_on_error_ = exit_on_error;
    ++depth_;
    status_ = 0;
    auto const failed = RunCommands(commands);
    --depth_;
    exit_on_error_ = outer_exit_on_error;
    cwd_ = outer_cwd;
    env_ = outer_env;
    exited_ = false;
    return failed;
  }

  // `source FILE` / `. FILE`: the file runs in this shell.
  std::optional<Unsupported> Source(std::vector<std::string> const& words) {
    if (depth_ >= kMaxNesting) return Unsupported{"sourced files nested too deep"};
    if (words.size() != 2) return Unsupported{fmt::format("{} with other than one file", words[0])};
    auto text = ScriptFile(words[1]);
    if (!text) return text.error;
    if (!text->has_value()) {
      status_ = 1;  // bash: a file `source` cannot read is status 1 (a script file's is 127).
      return std::nullopt;
    }
    if ((*text)->size() > limits_.max_script_bytes) return Unsupported{"sourced script too long"};
    std::vector<Command> commands;
    if (auto e = Lexer(**text, env_, /*allow_export=*/false).Run(commands)) {
      return Unsupported{e->reason};
    }
    ++depth_;
    status_ = 0;
    auto const failed = RunCommands(commands);
    --depth_;
    return failed;
  }

  // `export NAME=VALUE...`: the lexer already expanded the words after it; this makes the
  // values reach the scripts that nested shells and sourced files lex later.
  std::optional<Unsupported> Export(std::vector<std::string> const& words) {
    for (std::size_t i = 1; i < words.size(); ++i) {
      auto const eq = words[i].find('=');
      if (eq != std::string::npos) env_[words[i].substr(0, eq)] = words[i].substr(eq + 1);
    }
    status_ = 0;
    return std::nullopt;
  }

  // `cat FILE...`: each file's lines; a line without a final newline joins the next file's
  // first, as on a terminal.
  std::optional<Unsupported> Cat(std::vector<std::string> const& words) {
    if (words.size() < 2) {
      if (!stdin_) return Unsupported{"cat reading a standard input that no pipe feeds"};
      status_ = 0;
      if (!Out(*stdin_)) OverLimit("cat");
      return std::nullopt;
    }
    std::vector<ContainerPath> found;
    for (std::size_t i = 1; i < words.size(); ++i) {
      if (words[i].size() > 1 && words[i][0] == '-') {
        return Unsupported{fmt::format("cat option '{}'", words[i])};
      }
      auto path = Lookup("cat", words[i]);
      if (!path) return path.error;
      found.push_back(std::move(*path));
    }
    int status = 0;
    if (capture_ != nullptr) {
      for (std::size_t i = 0; i < found.size(); ++i) {
        if (found[i].kind != ContainerPath::Kind::kFile || !found[i].bytes) {
          Emit(fmt::format("cat: {}: {}", words[i + 1],
                           found[i].kind == ContainerPath::Kind::kDirectory
                               ? "Is a directory"
                               : "No such file or directory"));
          status = 1;
        } else if (!Out(*found[i].bytes)) {
          OverLimit("cat");
          return std::nullopt;
        }
      }
      status_ = status;
      return std::nullopt;
    }
    std::string pending;
    for (std::size_t i = 0; i < found.size(); ++i) {
      std::string const& name = words[i + 1];
      if (found[i].kind != ContainerPath::Kind::kFile || !found[i].bytes) {
        if (!pending.empty()) Emit(std::exchange(pending, {}));
        Emit(fmt::format("cat: {}: {}", name,
                         found[i].kind == ContainerPath::Kind::kDirectory
                             ? "Is a directory"
                             : "No such file or directory"));
        status = 1;
        continue;
      }
      std::string_view bytes = *found[i].bytes;
      while (!bytes.empty() && !run_.truncated) {
        auto const eol = bytes.find('\n');
        std::string_view const piece = eol == std::string_view::npos ? bytes : bytes.substr(0, eol);
        // A huge line (a file without newlines) is never gathered past what the log may hold.
        if (piece.size() > limits_.max_log_bytes - std::min(limits_.max_log_bytes, pending.size())) {
          run_.truncated = true;
          pending.clear();
          break;
        }
        pending.append(piece);
        if (eol == std::string_view::npos) break;
        Emit(std::exchange(pending, {}));
        bytes.remove_prefix(eol + 1);
      }
    }
    if (!pending.empty()) Emit(std::move(pending));
    status_ = status;
    return std::nullopt;
  }

  // `cd DIR`: exactly one operand (no `cd`, `cd -` or options: $HOME and $OLDPWD are unknown).
  std::optional<Unsupported> Cd(std::vector<std::string> const& words) {
    if (words.size() != 2 || words[1].empty() || words[1][0] == '-') {
      return Unsupported{"cd other than 'cd DIR'"};
    }
    auto const absolute = Resolve(words[1]);
    if (!absolute) return Unsupported{RelativeReason("cd", words[1])};
    auto path = Lookup("cd", words[1]);
    if (!path) return path.error;
    if (path->kind == ContainerPath::Kind::kDirectory) {
      cwd_ = *absolute;
      status_ = 0;
      return std::nullopt;
    }
    Emit(fmt::format("bash: cd: {}: {}", words[1],
                     path->kind == ContainerPath::Kind::kFile ? "Not a directory"
                                                              : "No such file or directory"));
    status_ = 1;
    return std::nullopt;
  }

  // `chmod [-R] MODE FILE...`: checks that the files exist; modes are not kept.
  std::optional<Unsupported> Chmod(std::vector<std::string> const& words) {
    std::size_t i = 1;
    if (i < words.size() && words[i] == "-R") ++i;
    if (i + 1 >= words.size()) return Unsupported{"chmod without a mode and a file"};
    if (!IsMode(words[i])) return Unsupported{fmt::format("chmod mode '{}'", words[i])};
    std::vector<std::pair<std::string, ContainerPath::Kind>> found;
    for (++i; i < words.size(); ++i) {
      auto path = Lookup("chmod", words[i]);
      if (!path) return path.error;
      found.emplace_back(words[i], path->kind);
    }
    status_ = 0;
    for (auto const& [name, kind] : found) {
      if (kind != ContainerPath::Kind::kMissing) continue;
      Emit(fmt::format("chmod: cannot access '{}': No such file or directory", name));
      status_ = 1;
    }
    return std::nullopt;
  }

  // An octal mode (`755`) or a symbolic one (`u+x`, `a-w,g=r`).
  static bool IsMode(std::string_view mode) {
    if (mode.empty() || mode.size() > 32) return false;
    if (mode.find_first_not_of("01234567") == std::string_view::npos) return mode.size() <= 4;
    return mode.find_first_not_of("ugoa+-=rwxXst,") == std::string_view::npos &&
           mode.find_first_of("+-=") != std::string_view::npos;
  }

  // A result or why the command is not understood.
  template <typename T>
  struct Found {
    std::optional<T> value;
    std::optional<Unsupported> error;
    explicit operator bool() const { return value.has_value(); }
    T& operator*() { return *value; }
    T* operator->() { return &*value; }
  };

  // What `word` names, or not understood when the fake cannot tell.
  Found<ContainerPath> Lookup(std::string_view command, std::string const& word) {
    auto const absolute = Resolve(word);
    if (!absolute) return {std::nullopt, Unsupported{RelativeReason(command, word)}};
    ContainerPath path = overlay_.Lookup(*absolute);
    if (path.kind == ContainerPath::Kind::kUnknown) {
      return {std::nullopt,
              Unsupported{fmt::format("{}: '{}' is outside every storage mount", command, word)}};
    }
    return {std::move(path), std::nullopt};
  }

  // A script file's text; nothing (with bash's message and status 1) when it is missing.
  Found<std::optional<std::string>> ScriptFile(std::string const& word) {
    auto path = Lookup("bash", word);
    if (!path) return {std::nullopt, path.error};
    if (path->kind != ContainerPath::Kind::kFile || !path->bytes) {
      Emit(fmt::format("bash: {}: {}", word,
                       path->kind == ContainerPath::Kind::kDirectory
                           ? "Is a directory"
                           : "No such file or directory"));
      status_ = path->kind == ContainerPath::Kind::kDirectory ? 126 : 127;
      return {std::optional<std::string>(), std::nullopt};
    }
    if (path->bytes->size() > limits_.max_script_bytes) {
      return {std::nullopt, Unsupported{fmt::format("script file '{}' too long", word)}};
    }
    return {std::optional<std::string>(*path->bytes), std::nullopt};
  }

  std::string RelativeReason(std::string_view command, std::string_view word) const {
    return fmt::format("{}: relative path '{}' before any 'cd' (the image's working directory "
                       "is unknown)",
                       command, word);
  }

  // The absolute, normalised path `word` names from the current directory; nothing for a
  // relative path while the directory is unknown. `..` above `/` stays at `/`, as the kernel.
  std::optional<std::string> Resolve(std::string_view word) const override {
    std::vector<std::string_view> segments;
    std::string base;
    if (word.empty() || word[0] != '/') {
      if (!cwd_) return std::nullopt;
      base = *cwd_;
    }
    std::string_view rest;
    for (int part = 0; part < 2; ++part) {
      rest = part == 0 ? std::string_view(base) : word;
      while (!rest.empty()) {
        auto const slash = rest.find('/');
        auto const segment = rest.substr(0, slash);
        rest = slash == std::string_view::npos ? std::string_view() : rest.substr(slash + 1);
        if (segment.empty() || segment == ".") continue;
        if (segment == "..") {
          if (!segments.empty()) segments.pop_back();
          continue;
        }
        segments.push_back(segment);
      }
      // `base` must outlive the views: it does, until the return below.
    }
    std::string out;
    for (auto segment : segments) {
      out += '/';
      out += segment;
    }
    return out.empty() ? std::string("/") : out;
  }

  // A command's output went past SimulationLimits::max_made_bytes: it fails.
  void OverLimit(std::string_view command) {
    Emit(fmt::format("[fake-lepton] {}: more than {} bytes made in one run, the fake's limit",
                     command, limits_.max_made_bytes));
    status_ = 1;
  }

  void Emit(std::string line) {
    if (run_.lines.size() >= limits_.max_lines || line.size() > limits_.max_log_bytes - log_bytes_) {
      run_.truncated = true;
      return;
    }
    log_bytes_ += line.size();
    run_.lines.push_back({std::chrono::duration_cast<Duration>(now_), std::move(line)});
  }

  SimulationLimits const& limits_;
  bool exit_on_error_;
  std::map<std::string, std::string> env_;
  ContainerOverlay overlay_;
  std::string* capture_ = nullptr;     // Where standard output goes; the log when null.
  std::optional<std::string> stdin_;   // What a pipe feeds the command; unknown when empty.
  std::size_t made_bytes_ = 0;         // Spent of SimulationLimits::max_made_bytes.
  std::optional<std::string> cwd_;  // Unknown until the first successful `cd`.
  int depth_ = 0;
  std::size_t commands_run_ = 0;
  std::size_t log_bytes_ = 0;  // Bytes of the lines emitted so far (at most max_log_bytes).
  SimulatedRun run_;
  Nanos now_{0};
  int status_ = 0;
  bool exited_ = false;
};

SimulatedRun SimulateScript(std::string_view script, bool exit_on_error,
                            std::map<std::string, std::string> const& env,
                            SimulationLimits const& limits, ContainerFiles const& files) {
  if (script.size() > limits.max_script_bytes) {
    return NotUnderstood(fmt::format("script longer than {} bytes", limits.max_script_bytes));
  }
  std::vector<Command> commands;
  if (auto e = Lexer(script, env).Run(commands)) return NotUnderstood(e->reason);
  return Machine(limits, exit_on_error, env, files).Run(commands);
}

}  // namespace

SimulatedRun SimulateCommand(std::vector<std::string> const& argv,
                             std::map<std::string, std::string> const& env,
                             SimulationLimits const& limits, ContainerFiles const& files) {
  if (argv.empty() || argv[0].empty()) return NotUnderstood("empty command");
  std::size_t first = 0;
  if (Basename(argv[0]) == "env" && argv.size() > 1 && IsShell(argv[1])) first = 1;
  if (!IsShell(argv[first])) {
    // Exec form: argv is one simple command; the kernel does no expansion.
    std::vector<Command> commands{Command{Connector::kFirst, argv, std::nullopt}};
    commands[0].words[0] = std::string(Basename(argv[0]));
    return Machine(limits, false, env, files).Run(commands);
  }
  bool has_script_flag = false;
  bool exit_on_error = false;
  std::size_t i = first + 1;
  for (; i < argv.size(); ++i) {
    std::string_view const arg = argv[i];
    if (arg.size() < 2 || arg[0] != '-') break;
    if (arg.find_first_not_of("cel", 1) != std::string_view::npos) {
      return NotUnderstood(fmt::format("shell option '{}'", arg));
    }
    has_script_flag |= arg.find('c') != std::string_view::npos;
    exit_on_error |= arg.find('e') != std::string_view::npos;
  }
  if (i >= argv.size()) {
    return NotUnderstood(has_script_flag ? "shell -c without a script"
                                         : "a shell reading its standard input");
  }
  if (!has_script_flag) {
    // `bash FILE`: the same as the one command `bash FILE` in a script.
    std::vector<Command> commands{
        Command{Connector::kFirst, std::vector<std::string>(argv.begin() + first, argv.end()), std::nullopt}};
    return Machine(limits, false, env, files).Run(commands);
  }
  return SimulateScript(argv[i], exit_on_error, env, limits, files);
}

}  // namespace lepton::fake
