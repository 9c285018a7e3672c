#ifndef LEPTONKIT_CONTRACT_TESTS_SUITES_LOG_LINES_H_
#define LEPTONKIT_CONTRACT_TESTS_SUITES_LOG_LINES_H_

#include <string>
#include <string_view>
#include <vector>

namespace lepton::contract {

/// The lines of a log text, without their newlines (and a `\r` before one); a last line
/// without a newline included.
inline std::vector<std::string> LinesOf(std::string_view text) {
  std::vector<std::string> lines;
  while (!text.empty()) {
    auto const newline = text.find('\n');
    std::string_view line = text.substr(0, newline);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    lines.emplace_back(line);
    if (newline == std::string_view::npos) break;
    text.remove_prefix(newline + 1);
  }
  return lines;
}

}  // namespace lepton::contract

#endif  // LEPTONKIT_CONTRACT_TESTS_SUITES_LOG_LINES_H_
