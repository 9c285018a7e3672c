// Reads the JSON files Google Benchmark wrote (--benchmark_out) and prints the figures of
// bench/README.md as one table: figure, median, target, and whether the target holds.
// Medians are taken over the repetitions of one run. Exit code: 0 when every figure could be
// computed (targets missed are reported, never an error: the machine is noisy), 1 when a
// benchmark is missing or reported an error, 2 for bad arguments.
//
// Usage: perf_table FILE.json...

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace {

using Json = nlohmann::json;

// Every repetition's entry, by run name ("BM_X/10000/real_time").
class Results {
 public:
  void Add(Json const& file) {
    for (auto const& entry : file.value("benchmarks", Json::array())) {
      std::string const name = entry.value("run_name", entry.value("name", ""));
      if (entry.value("error_occurred", false)) {
        errors_.push_back(fmt::format("{}: {}", name, entry.value("error_message", "error")));
        continue;
      }
      if (entry.value("run_type", "iteration") != "iteration") continue;
      runs_[name].push_back(entry);
    }
  }

  // The median over repetitions of `field` ("real_time" in milliseconds, or a counter).
  [[nodiscard]] std::optional<double> Median(std::string const& run, std::string const& field) const {
    auto it = runs_.find(run);
    if (it == runs_.end()) return std::nullopt;
    std::vector<double> values;
    for (auto const& entry : it->second) {
      if (!entry.contains(field)) continue;
      double value = entry[field].get<double>();
      if (field == "real_time") value *= MillisPer(entry.value("time_unit", "ns"));
      values.push_back(value);
    }
    if (values.empty()) return std::nullopt;
    std::sort(values.begin(), values.end());
    std::size_t const n = values.size();
    return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
  }

  [[nodiscard]] std::vector<std::string> const& errors() const { return errors_; }

 private:
  static double MillisPer(std::string const& unit) {
    if (unit == "ns") return 1e-6;
    if (unit == "us") return 1e-3;
    if (unit == "s") return 1e3;
    return 1.0;
  }

  std::map<std::string, std::vector<Json>> runs_;
  std::vector<std::string> errors_;
};

struct Figure {
  std::string name;
  std::function<std::optional<double>(Results const&)> value;
  std::string format;  // fmt format of the value with its unit, e.g. "{:.2f} ms".
  std::string target;  // As printed; empty for a reference figure.
  std::function<bool(double)> holds;
};

std::function<std::optional<double>(Results const&)> Of(std::string run, std::string field) {
  return [run, field](Results const& r) { return r.Median(run, field); };
}

std::function<std::optional<double>(Results const&)> Ratio(std::string run_a, std::string field_a,
                                                            std::string run_b, std::string field_b) {
  return [=](Results const& r) -> std::optional<double> {
    auto a = r.Median(run_a, field_a);
    auto b = r.Median(run_b, field_b);
    if (!a || !b || *b == 0) return std::nullopt;
    return *a / *b;
  };
}

std::vector<Figure> Figures() {
  auto at_most = [](double limit) { return [limit](double v) { return v <= limit; }; };
  auto at_least = [](double limit) { return [limit](double v) { return v >= limit; }; };
  std::string const t1 = "BM_CreateGetThreads/real_time/threads:1";
  std::string const t8 = "BM_CreateGetThreads/real_time/threads:8";
  return {
      {"fresh in-process fake to first answered request", Of("BM_FreshFakeToFirstAnswer/real_time", "real_time"),
       "{:.2f} ms", "<= 2 ms", at_most(2)},
      {"create+get, one kept-alive connection", Of("BM_CreateGetSequential/1/real_time", "items_per_second"),
       "{:.0f} req/s", ">= 10,000 req/s", at_least(10'000)},
      {"  bare cpp-httplib floor, same client", Of("BM_BareHttplibFloor/real_time", "items_per_second"),
       "{:.0f} req/s", "", nullptr},
      {"create+get, 8 client threads", Of(t8, "items_per_second"), "{:.0f} req/s", "", nullptr},
      {"  8 threads vs 1", Ratio(t8, "items_per_second", t1, "items_per_second"), "{:.2f}x", ">= 1.5x",
       at_least(1.5)},
      {"GET /jobs/{id} among 10,000 stored, p50", Of("BM_GetJobAmongStored/10000/real_time", "p50_us"),
       "{:.0f} us", "", nullptr},
      {"GET /jobs/{id} among 10,000 stored, p99", Of("BM_GetJobAmongStored/10000/real_time", "p99_us"),
       "{:.0f} us", "", nullptr},
      {"list 10,000 jobs (auto-pagination)", Of("BM_ListAllStored/10000/real_time", "real_time"), "{:.0f} ms",
       "", nullptr},
      {"list 100,000 jobs (auto-pagination)", Of("BM_ListAllStored/100000/real_time", "real_time"), "{:.0f} ms",
       "", nullptr},
      {"  100,000 vs 10,000 listed",
       Ratio("BM_ListAllStored/100000/real_time", "real_time", "BM_ListAllStored/10000/real_time", "real_time"),
       "{:.1f}x", "<= 12x (linear)", at_most(12)},
      {"10,000 jobs through their lifecycle", Of("BM_LifecycleOnManualClock/10000", "real_time"), "{:.0f} ms",
       "< 1,000 ms", [](double v) { return v < 1000; }},
      {"100,000 jobs through their lifecycle", Of("BM_LifecycleOnManualClock/100000", "real_time"),
       "{:.0f} ms", "", nullptr},
      {"  100,000 vs 10,000 lifecycles",
       Ratio("BM_LifecycleOnManualClock/100000", "real_time", "BM_LifecycleOnManualClock/10000", "real_time"),
       "{:.1f}x", "<= 12x (linear)", at_most(12)},
      {"resident memory per stored job at 100,000",
       [](Results const& r) -> std::optional<double> {
         auto bytes = r.Median("BM_ResidentPerStoredJob/100000/iterations:1", "resident_B_per_job");
         if (!bytes) return std::nullopt;
         return *bytes / 1024;
       },
       "{:.2f} KiB", "<= 4 KiB", at_most(4)},
      {"scheduler describe vs raw GETs, overhead", Of("BM_DescribeOverhead/0/real_time", "overhead_pct"),
       "{:+.1f} %", "< 20 %", [](double v) { return v < 20; }},
      {"cluster: 100,000 jobs on 1,000 nodes", Of("BM_ClusterPlacesAndFinishes/100000/1000/iterations:1", "real_time"),
       "{:.0f} ms", "", nullptr},
      {"contract suite, in-process fake (wall)", Of("contract_suite_wall", "real_time"), "{:.0f} ms",
       "< 5,000 ms", [](double v) { return v < 5000; }},
  };
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: perf_table FILE.json...\n");
    return 2;
  }
  Results results;
  for (int i = 1; i < argc; ++i) {
    std::ifstream in(argv[i]);
    Json file = Json::parse(in, nullptr, false);
    if (file.is_discarded()) {
      std::fprintf(stderr, "perf_table: %s is not a benchmark JSON file\n", argv[i]);
      return 1;
    }
    results.Add(file);
  }
  std::vector<std::vector<std::string>> rows = {{"figure", "median", "target", "result"}};
  int missing = 0, missed = 0;
  std::vector<Figure> const figures = Figures();
  for (auto const& figure : figures) {
    auto value = figure.value(results);
    std::string shown = value ? fmt::format(fmt::runtime(figure.format), *value) : "not measured";
    std::string verdict = "";
    if (!value) {
      ++missing;
      verdict = "MISSING";
    } else if (figure.holds) {
      bool const ok = figure.holds(*value);
      missed += ok ? 0 : 1;
      verdict = ok ? "pass" : "MISS";
    }
    rows.push_back({figure.name, shown, figure.target.empty() ? "(reference)" : figure.target, verdict});
  }
  std::vector<std::size_t> widths(4, 0);
  for (auto const& row : rows) {
    for (std::size_t c = 0; c < row.size(); ++c) widths[c] = std::max(widths[c], row[c].size());
  }
  for (std::size_t r = 0; r < rows.size(); ++r) {
    fmt::print("| {:<{}} | {:>{}} | {:<{}} | {:<{}} |\n", rows[r][0], widths[0], rows[r][1], widths[1],
               rows[r][2], widths[2], rows[r][3], widths[3]);
    if (r == 0) {
      fmt::print("|{}|{}:|{}|{}|\n", std::string(widths[0] + 2, '-'), std::string(widths[1] + 1, '-'),
                 std::string(widths[2] + 2, '-'), std::string(widths[3] + 2, '-'));
    }
  }
  for (auto const& error : results.errors()) fmt::print("benchmark error: {}\n", error);
  fmt::print("{} figures, {} targets missed, {} not measured, {} benchmark errors\n", figures.size(),
             missed, missing, results.errors().size());
  return missing > 0 || !results.errors().empty() ? 1 : 0;
}
