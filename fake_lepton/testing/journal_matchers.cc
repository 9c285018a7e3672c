#include "lepton/fake/journal_matchers.h"

#include <algorithm>
#include <cctype>
#include <regex>
#include <sstream>
#include <utility>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace lepton::fake {
namespace {

constexpr std::string_view kWorkspacePrefix = "/api/v2/workspaces/";
constexpr std::size_t kNearMissesShown = 5;

std::string RelativePath(std::string const& path) {
  if (!path.starts_with(kWorkspacePrefix)) return path;
  auto const slash = path.find('/', kWorkspacePrefix.size());
  return slash == std::string::npos ? std::string() : path.substr(slash);
}

std::string Lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

// One criterion: a description, and a check that explains what it saw.
class Criterion : public ::testing::MatcherInterface<RecordedRequest const&> {
 public:
  using Check = std::function<bool(RecordedRequest const&, std::string& seen)>;
  Criterion(std::string description, Check check)
      : description_(std::move(description)), check_(std::move(check)) {}

  bool MatchAndExplain(RecordedRequest const& request,
                       ::testing::MatchResultListener* listener) const override {
    std::string seen;
    bool const ok = check_(request, seen);
    if (!seen.empty()) *listener << seen;
    return ok;
  }
  void DescribeTo(std::ostream* os) const override { *os << description_; }
  void DescribeNegationTo(std::ostream* os) const override { *os << "not (" << description_ << ")"; }

 private:
  std::string description_;
  Check check_;
};

RequestMatcher MakeCriterion(std::string description, Criterion::Check check) {
  return ::testing::MakeMatcher(new Criterion(std::move(description), std::move(check)));
}

std::string QueryValue(std::string const& query, std::string const& key, bool& found) {
  std::istringstream in(query);
  std::string pair;
  while (std::getline(in, pair, '&')) {
    auto const eq = pair.find('=');
    if (pair.substr(0, eq) != key) continue;
    found = true;
    return eq == std::string::npos ? "" : pair.substr(eq + 1);
  }
  found = false;
  return "";
}

// Equal JSON values (numbers by value: 4 equals 4.0); false when either is not JSON.
bool JsonEquals(std::string const& a, std::string const& b) {
  auto const x = nlohmann::json::parse(a, nullptr, false);
  auto const y = nlohmann::json::parse(b, nullptr, false);
  return !x.is_discarded() && !y.is_discarded() && x == y;
}

std::string Describe(RequestMatcher const& matcher) {
  std::ostringstream os;
  matcher.DescribeTo(&os);
  return os.str();
}

class ReceivedMatcher : public ::testing::MatcherInterface<std::vector<RecordedRequest> const&> {
 public:
  ReceivedMatcher(int count, std::vector<RequestMatcher> criteria)
      : count_(count), criteria_(std::move(criteria)) {}

  bool MatchAndExplain(std::vector<RecordedRequest> const& journal,
                       ::testing::MatchResultListener* listener) const override {
    struct Miss {
      RecordedRequest const* request;
      std::size_t met;
      std::vector<std::string> missed;
    };
    std::vector<RecordedRequest const*> matches;
    std::vector<Miss> misses;
    for (auto const& request : journal) {
      Miss miss{&request, 0, {}};
      for (auto const& criterion : criteria_) {
        ::testing::StringMatchResultListener why;
        if (criterion.MatchAndExplain(request, &why)) {
          ++miss.met;
        } else {
          miss.missed.push_back(fmt::format("{} ({})", Describe(criterion),
                                            why.str().empty() ? "no" : why.str()));
        }
      }
      if (miss.missed.empty()) {
        matches.push_back(&request);
      } else if (miss.met > 0) {
        misses.push_back(std::move(miss));
      }
    }
    bool const ok = static_cast<int>(matches.size()) == count_;
    *listener << fmt::format("received {} matching request{} among {}", matches.size(),
                             matches.size() == 1 ? "" : "s", journal.size());
    for (auto const* match : matches) *listener << "\n    match: " << match->Summary();
    if (ok) return true;
    std::stable_sort(misses.begin(), misses.end(),
                     [](Miss const& a, Miss const& b) { return a.met > b.met; });
    if (misses.empty()) *listener << "\n  no near misses";
    for (std::size_t i = 0; i < misses.size() && i < kNearMissesShown; ++i) {
      *listener << "\n  near miss: " << misses[i].request->Summary();
      for (auto const& missed : misses[i].missed) *listener << "\n    missed: " << missed;
    }
    return false;
  }

  void DescribeTo(std::ostream* os) const override {
    *os << "has exactly " << count_ << " request" << (count_ == 1 ? "" : "s") << " that";
    for (std::size_t i = 0; i < criteria_.size(); ++i) {
      *os << (i == 0 ? " " : ", and ") << Describe(criteria_[i]);
    }
  }

 private:
  int count_;
  std::vector<RequestMatcher> criteria_;
};

}  // namespace

RequestMatcher MethodIs(std::string method) {
  return MakeCriterion(fmt::format("is a {}", method), [method](auto const& r, std::string& seen) {
    seen = fmt::format("method {}", r.method);
    return Lower(r.method) == Lower(method);
  });
}

RequestMatcher PathIs(std::string path) {
  return MakeCriterion(fmt::format("has path {}", path), [path](auto const& r, std::string& seen) {
    seen = fmt::format("path {}", r.path);
    return r.path == path || RelativePath(r.path) == path;
  });
}

RequestMatcher PathMatches(std::string regex) {
  auto pattern = std::make_shared<std::regex>(regex);
  return MakeCriterion(fmt::format("has a path matching {}", regex),
                       [pattern](auto const& r, std::string& seen) {
                         seen = fmt::format("path {}", r.path);
                         return std::regex_match(r.path, *pattern) ||
                                std::regex_match(RelativePath(r.path), *pattern);
                       });
}

RequestMatcher QueryHas(std::string key, std::string value) {
  return MakeCriterion(fmt::format("has query {}={}", key, value),
                       [key, value](auto const& r, std::string& seen) {
                         bool found = false;
                         std::string const actual = QueryValue(r.query, key, found);
                         seen = found ? fmt::format("{}={}", key, actual)
                                      : fmt::format("no {} in query '{}'", key, r.query);
                         return found && actual == value;
                       });
}

RequestMatcher HeaderIs(std::string name, std::string value) {
  return MakeCriterion(fmt::format("has header {}: {}", name, value),
                       [name, value](auto const& r, std::string& seen) {
                         std::string const actual = r.Header(name);
                         seen = fmt::format("{}: {}", name, actual);
                         return actual == value;
                       });
}

RequestMatcher AnsweredWith(int status) {
  return MakeCriterion(fmt::format("was answered {}", status),
                       [status](auto const& r, std::string& seen) {
                         seen = r.status == 0 ? "no answer" : fmt::format("answered {}", r.status);
                         return r.status == status;
                       });
}

RequestMatcher FaultIs(std::string name) {
  return MakeCriterion(name.empty() ? "met no fault" : fmt::format("met fault {}", name),
                       [name](auto const& r, std::string& seen) {
                         seen = r.fault.empty() ? "no fault" : fmt::format("fault {}", r.fault);
                         return r.fault == name;
                       });
}

RequestMatcher BodyFieldIsJson(std::string dotted_path, std::string json_literal) {
  return MakeCriterion(fmt::format("has {} = {} in its body", dotted_path, json_literal),
                       [dotted_path, json_literal](auto const& r, std::string& seen) {
                         auto const actual = r.BodyField(dotted_path);
                         seen = actual ? fmt::format("{} is {}", dotted_path, *actual)
                                       : fmt::format("no {} in the body", dotted_path);
                         return actual && JsonEquals(*actual, json_literal);
                       });
}

std::string JsonLiteral(std::string_view text) { return nlohmann::json(std::string(text)).dump(); }
std::string JsonLiteral(bool value) { return value ? "true" : "false"; }
std::string JsonLiteral(std::int64_t value) { return std::to_string(value); }
std::string JsonLiteral(double value) { return nlohmann::json(value).dump(); }

::testing::Matcher<std::vector<RecordedRequest> const&> ReceivedRequests(
    int count, std::vector<RequestMatcher> criteria) {
  return ::testing::MakeMatcher(new ReceivedMatcher(count, std::move(criteria)));
}

void PrintTo(RecordedRequest const& request, std::ostream* os) { *os << request.Summary(); }

}  // namespace lepton::fake
