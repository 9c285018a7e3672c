#include "leptonctl/batch.h"

#include <charconv>
#include <string_view>

#include <fmt/format.h>

namespace lepton::ctl {

StatusOr<std::vector<std::string>> SplitWords(std::string const& line) {
  std::vector<std::string> words;
  std::string word;
  bool in_word = false;
  char quote = 0;
  for (std::size_t i = 0; i < line.size(); ++i) {
    char const c = line[i];
    if (quote != 0) {
      if (c == quote) {
        quote = 0;
      } else if (c == '\\' && quote == '"' && i + 1 < line.size() &&
                 std::string_view("\"\\$`").find(line[i + 1]) != std::string_view::npos) {
        word += line[++i];  // As in the shell: inside "", a backslash escapes only " \ $ `.
      } else {
        word += c;
      }
      continue;
    }
    if (c == ' ' || c == '\t') {
      if (in_word) words.push_back(std::move(word));
      word.clear();
      in_word = false;
    } else if (c == '#' && !in_word) {
      break;
    } else if (c == '\'' || c == '"') {
      quote = c;
      in_word = true;
    } else if (c == '\\' && i + 1 < line.size()) {
      word += line[++i];
      in_word = true;
    } else {
      word += c;
      in_word = true;
    }
  }
  if (quote != 0) {
    return lepton::Status(StatusCode::kInvalidArgument, fmt::format("unterminated {} quote", quote));
  }
  if (in_word) words.push_back(std::move(word));
  return words;
}

lepton::Status ResolveJobRefs(std::vector<std::string>& words,
                              std::vector<std::string> const& submitted) {
  for (auto& word : words) {
    if (word.size() < 2 || word[0] != '@') continue;
    std::size_t index = 0;
    if (word == "@last") {
      index = submitted.size();
    } else {
      auto const [end, ec] = std::from_chars(word.data() + 1, word.data() + word.size(), index);
      if (ec != std::errc() || end != word.data() + word.size()) continue;
    }
    if (index == 0 || index > submitted.size()) {
      return lepton::Status(StatusCode::kInvalidArgument,
                            fmt::format("{} refers to a job not submitted in this batch ({} so far)",
                                        word, submitted.size()));
    }
    word = submitted[index - 1];
  }
  return {};
}

}  // namespace lepton::ctl
