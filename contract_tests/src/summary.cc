#include "summary.h"

#include <fstream>
#include <map>
#include <sstream>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace lepton::contract {
namespace {

// The first line of a gtest message, without the file:line prefix gtest adds to failures.
std::string FirstLine(std::string const& message) {
  std::string line = message.substr(0, message.find('\n'));
  return line.size() > 200 ? line.substr(0, 200) + "..." : line;
}

}  // namespace

int BackendSummary::Count(std::string const& result) const {
  int n = 0;
  for (auto const& o : outcomes) n += o.result == result ? 1 : 0;
  return n;
}

void SummaryListener::OnTestEnd(::testing::TestInfo const& info) {
  BackendSummary::Outcome outcome;
  outcome.test = fmt::format("{}.{}", info.test_suite_name(), info.name());
  ::testing::TestResult const& result = *info.result();
  if (result.Skipped()) {
    outcome.result = "skipped";
  } else if (result.Failed()) {
    outcome.result = "failed";
  } else {
    outcome.result = "passed";
  }
  for (int i = 0; i < result.total_part_count() && outcome.why.empty(); ++i) {
    auto const& part = result.GetTestPartResult(i);
    if ((outcome.result == "skipped" && part.skipped()) ||
        (outcome.result == "failed" && part.failed())) {
      outcome.why = FirstLine(part.message());
      if (outcome.result == "failed" && part.file_name() != nullptr) {
        outcome.why = fmt::format("{}:{}: {}", part.file_name(), part.line_number(), outcome.why);
      }
    }
  }
  summary_.outcomes.push_back(std::move(outcome));
}

Status WriteSummary(BackendSummary const& summary, std::string const& file) {
  nlohmann::json json = {{"backend", summary.backend}, {"outcomes", nlohmann::json::array()}};
  for (auto const& o : summary.outcomes) {
    json["outcomes"].push_back({{"test", o.test}, {"result", o.result}, {"why", o.why}});
  }
  std::ofstream out(file);
  out << json.dump(1, ' ', false, nlohmann::json::error_handler_t::replace);
  if (!out) return Status(StatusCode::kInternal, fmt::format("cannot write {}", file));
  return Status();
}

StatusOr<BackendSummary> ReadSummary(std::string const& file) {
  std::ifstream in(file);
  std::stringstream text;
  text << in.rdbuf();
  auto const json = nlohmann::json::parse(text.str(), nullptr, /*allow_exceptions=*/false);
  if (!json.is_object() || !json.contains("outcomes") || !json["outcomes"].is_array()) {
    return Status(StatusCode::kDataLoss, fmt::format("no summary in {}", file));
  }
  BackendSummary summary;
  summary.backend = json.value("backend", "");
  for (auto const& o : json["outcomes"]) {
    if (!o.is_object()) continue;
    summary.outcomes.push_back({o.value("test", ""), o.value("result", ""), o.value("why", "")});
  }
  return summary;
}

std::string FormatSummaries(std::vector<BackendSummary> const& summaries) {
  std::string out = "\n=== contract suite summary ===\n";
  for (auto const& s : summaries) {
    if (!s.error.empty()) {
      out += fmt::format("{:<10} did not report: {}\n", s.backend, s.error);
      continue;
    }
    out += fmt::format("{:<10} {:>3} passed, {:>3} failed, {:>3} skipped\n", s.backend,
                       s.Count("passed"), s.Count("failed"), s.Count("skipped"));
    for (auto const& o : s.outcomes) {
      if (o.result == "failed") out += fmt::format("  FAILED  {}: {}\n", o.test, o.why);
    }
    std::map<std::string, std::vector<std::string>> skips;  // Reason -> tests.
    for (auto const& o : s.outcomes) {
      if (o.result == "skipped") skips[o.why.empty() ? "(no reason given)" : o.why].push_back(o.test);
    }
    for (auto const& [why, tests] : skips) {
      out += fmt::format("  skipped {:>3}: {}\n", tests.size(), why);
      // Every name, unless the whole run was skipped for one reason (a backend not configured).
      if (tests.size() < s.outcomes.size()) {
        out += fmt::format("              {}\n", fmt::join(tests, ", "));
      }
    }
  }
  return out;
}

}  // namespace lepton::contract
