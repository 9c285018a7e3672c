#include "leptonctl/output.h"

#include <unistd.h>

#include <algorithm>

#include <fmt/format.h>

namespace lepton::ctl {

void PrintJson(nlohmann::json const& value) {
  fmt::print("{}\n", value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
  std::fflush(stdout);
}

void Table::Print(std::FILE* out) const {
  std::vector<std::size_t> widths;
  for (auto const& row : rows_) {
    widths.resize(std::max(widths.size(), row.size()), 0);
    for (std::size_t c = 0; c < row.size(); ++c) widths[c] = std::max(widths[c], row[c].size());
  }
  for (auto const& row : rows_) {
    std::string line;
    for (std::size_t c = 0; c < row.size(); ++c) {
      line += c + 1 < row.size() ? fmt::format("{:<{}}  ", row[c], widths[c]) : row[c];
    }
    fmt::print(out, "{}\n", line);
  }
}

StatusLine::StatusLine(std::FILE* out) : out_(out), terminal_(isatty(fileno(out)) == 1) {}

void StatusLine::Show(std::string const& text, std::string const& elapsed) {
  if (terminal_) {
    fmt::print(out_, "\r\033[K{}  {}", text, elapsed);
    std::fflush(out_);
    shown_ = true;
    return;
  }
  if (text == last_) return;
  last_ = text;
  fmt::print(out_, "{}  {}\n", text, elapsed);
  std::fflush(out_);
}

void StatusLine::Finish() {
  if (terminal_ && shown_) fmt::print(out_, "\n");
  shown_ = false;
}

std::string FormatDuration(double seconds) {
  auto const s = static_cast<long long>(seconds);
  if (s >= 3600) return fmt::format("{}h{:02}m", s / 3600, (s % 3600) / 60);
  if (s >= 60) return fmt::format("{}m{:02}s", s / 60, s % 60);
  return fmt::format("{}s", s);
}

}  // namespace lepton::ctl
