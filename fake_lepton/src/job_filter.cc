#include "job_filter.h"

#include <algorithm>
#include <cctype>
#include <string>
#include <vector>

#include <fmt/format.h>

namespace lepton::fake {
namespace {

std::string Lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

bool StartsWithNoCase(std::string_view text, std::string_view prefix) {
  return Lower(text).starts_with(Lower(prefix));
}

bool ContainsNoCase(std::string_view text, std::string_view part) {
  return Lower(text).find(Lower(part)) != std::string::npos;
}

std::string_view Trim(std::string_view text) {
  while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
  while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
  return text;
}

std::vector<std::string_view> SplitTerms(std::string_view selector) {
  std::vector<std::string_view> terms;
  std::size_t start = 0;
  while (start <= selector.size()) {
    std::size_t const comma = std::min(selector.find(',', start), selector.size());
    terms.push_back(Trim(selector.substr(start, comma - start)));
    start = comma + 1;
  }
  return terms;
}

struct Term {
  enum class Op { kEquals, kNotEquals, kExists, kAbsent } op = Op::kExists;
  std::string_view key;
  std::string_view value;
};

bool ParseTerm(std::string_view text, Term& term) {
  if (text.empty()) return false;
  if (auto pos = text.find("!="); pos != std::string_view::npos) {
    term = {Term::Op::kNotEquals, Trim(text.substr(0, pos)), Trim(text.substr(pos + 2))};
  } else if (auto eq2 = text.find("=="); eq2 != std::string_view::npos) {
    term = {Term::Op::kEquals, Trim(text.substr(0, eq2)), Trim(text.substr(eq2 + 2))};
  } else if (auto eq = text.find('='); eq != std::string_view::npos) {
    term = {Term::Op::kEquals, Trim(text.substr(0, eq)), Trim(text.substr(eq + 1))};
  } else if (text.front() == '!') {
    term = {Term::Op::kAbsent, Trim(text.substr(1)), {}};
  } else {
    term = {Term::Op::kExists, text, {}};
  }
  return !term.key.empty();
}

bool Holds(Term const& term, std::map<std::string, std::string> const& labels) {
  auto const it = labels.find(std::string(term.key));
  switch (term.op) {
    case Term::Op::kEquals: return it != labels.end() && it->second == term.value;
    case Term::Op::kNotEquals: return it == labels.end() || it->second != term.value;
    case Term::Op::kExists: return it != labels.end();
    case Term::Op::kAbsent: return it == labels.end();
  }
  return false;
}

bool MatchesSelector(std::string_view selector, std::map<std::string, std::string> const& labels) {
  for (auto text : SplitTerms(selector)) {
    Term term;
    if (!ParseTerm(text, term) || !Holds(term, labels)) return false;
  }
  return true;
}

}  // namespace

Status ValidateLabelSelector(std::string_view selector) {
  for (auto text : SplitTerms(selector)) {
    Term term;
    if (!ParseTerm(text, term)) {
      return Status(StatusCode::kInvalidArgument,
                    fmt::format("query: invalid label selector term '{}' in '{}'", text, selector));
    }
  }
  return Status();
}

std::string FilterKey(ListJobsRequest const& filter) {
  // Fields joined by a unit separator, list items by a record separator.
  std::string key = std::to_string(static_cast<int>(filter.mode));
  auto field = [&](std::string const& value) { key += '\x1f' + value; };
  auto list = [&](std::vector<std::string> const& values) {
    std::string joined;
    for (auto const& v : values) joined += v + '\x1e';
    field(joined);
  };
  field(filter.name_contains.value_or("\x1d"));
  field(filter.label_selector.value_or("\x1d"));
  list(filter.states);
  list(filter.node_groups);
  field(filter.created_by.value_or("\x1d"));
  return key;
}

bool MatchesFilter(Job const& job, ListJobsRequest const& filter) {
  std::string const name = job.metadata.name.value_or("");
  std::string const id = job.metadata.id.value_or("");
  if (filter.name_contains && !filter.name_contains->empty() &&
      !ContainsNoCase(name, *filter.name_contains) && !ContainsNoCase(id, *filter.name_contains)) {
    return false;
  }
  if (!filter.states.empty()) {
    JobState const state =
        job.status && job.status->state ? *job.status->state : JobState::kUnknown;
    bool const any = std::any_of(filter.states.begin(), filter.states.end(), [&](auto const& s) {
      return StartsWithNoCase(JobStateName(state), s);
    });
    if (!any) return false;
  }
  if (filter.label_selector && !filter.label_selector->empty()) {
    static std::map<std::string, std::string> const kNoLabels;
    auto const& labels = job.metadata.labels ? *job.metadata.labels : kNoLabels;
    if (!MatchesSelector(*filter.label_selector, labels)) return false;
  }
  if (!filter.node_groups.empty()) {
    std::vector<std::string> groups;
    if (job.spec && job.spec->affinity && job.spec->affinity->allowed_dedicated_node_groups) {
      groups = *job.spec->affinity->allowed_dedicated_node_groups;
    }
    bool const any = std::any_of(filter.node_groups.begin(), filter.node_groups.end(),
                                 [&](auto const& wanted) {
                                   return std::any_of(groups.begin(), groups.end(), [&](auto& g) {
                                     return ContainsNoCase(g, wanted);
                                   });
                                 });
    if (!any) return false;
  }
  if (filter.created_by && !filter.created_by->empty() &&
      !StartsWithNoCase(job.metadata.owner.value_or(""), *filter.created_by)) {
    return false;
  }
  return true;
}

}  // namespace lepton::fake
