#include "job_selector.h"

#include <string>

namespace lepton::fake {

bool GlobMatch(std::string_view pattern, std::string_view text) {
  // Iterative matcher with one backtrack point: linear in practice, no recursion.
  std::size_t p = 0;
  std::size_t t = 0;
  std::size_t star = std::string_view::npos;
  std::size_t resume = 0;
  while (t < text.size()) {
    if (p < pattern.size() && (pattern[p] == '?' || pattern[p] == text[t])) {
      ++p;
      ++t;
    } else if (p < pattern.size() && pattern[p] == '*') {
      star = p++;
      resume = t;
    } else if (star != std::string_view::npos) {
      p = star + 1;
      t = ++resume;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '*') ++p;
  return p == pattern.size();
}

bool Selects(JobSelector const& selector, Job const& job) {
  if (selector.name && !GlobMatch(*selector.name, job.metadata.name.value_or(""))) return false;
  for (auto const& [key, value] : selector.labels) {
    if (!job.metadata.labels) return false;
    auto it = job.metadata.labels->find(key);
    if (it == job.metadata.labels->end() || it->second != value) return false;
  }
  Container const* container = job.spec && job.spec->container ? &*job.spec->container : nullptr;
  if (selector.image) {
    std::string const image = container ? container->image.value_or("") : "";
    if (image.find(*selector.image) == std::string::npos) return false;
  }
  if (selector.command) {
    std::string joined;
    if (container && container->command) {
      for (auto const& arg : *container->command) {
        if (!joined.empty()) joined += ' ';
        joined += arg;
      }
    }
    if (joined.find(*selector.command) == std::string::npos) return false;
  }
  return true;
}

}  // namespace lepton::fake
