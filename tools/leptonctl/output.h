#ifndef LEPTONKIT_TOOLS_LEPTONCTL_OUTPUT_H_
#define LEPTONKIT_TOOLS_LEPTONCTL_OUTPUT_H_

#include <cstdio>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace lepton::ctl {

/// A table for people: a header row and rows, columns padded to their widest cell.
class Table {
 public:
  explicit Table(std::vector<std::string> header) : rows_{std::move(header)} {}
  void Add(std::vector<std::string> row) { rows_.push_back(std::move(row)); }
  void Print(std::FILE* out = stdout) const;

 private:
  std::vector<std::vector<std::string>> rows_;
};

/// One line that shows progress: rewritten in place on a terminal; on anything else printed as
/// a new line only when its text (apart from the `elapsed` part) changes, so logs and CI output
/// stay short.
class StatusLine {
 public:
  explicit StatusLine(std::FILE* out = stderr);
  /// `text` is the line; `elapsed` is appended and does not count as a change.
  void Show(std::string const& text, std::string const& elapsed);
  /// Ends the line (a newline on a terminal).
  void Finish();

 private:
  std::FILE* out_;
  bool terminal_;
  bool shown_ = false;
  std::string last_;
};

/// Prints `value` as one line of JSON on stdout and flushes. Bytes that are not UTF-8 (a log
/// line can hold anything) are printed as U+FFFD instead of failing.
void PrintJson(nlohmann::json const& value);

/// "1h02m", "3m05s", "12s".
std::string FormatDuration(double seconds);

}  // namespace lepton::ctl

#endif  // LEPTONKIT_TOOLS_LEPTONCTL_OUTPUT_H_
