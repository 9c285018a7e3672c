#include <algorithm>
#include <charconv>

#include <fmt/format.h>

#include "ascii.h"

#include "internal/json_codec.h"
#include "lepton/fake/journal.h"

namespace lepton::fake {
namespace {

using internal::Json;

// Follows "a.b.0.c" through objects (by key) and arrays (by index).
Json const* Walk(Json const& root, std::string_view dotted_path) {
  Json const* at = &root;
  while (!dotted_path.empty()) {
    auto const dot = dotted_path.find('.');
    std::string_view const step = dotted_path.substr(0, dot);
    dotted_path = dot == std::string_view::npos ? std::string_view() : dotted_path.substr(dot + 1);
    if (at->is_object()) {
      auto it = at->find(std::string(step));
      if (it == at->end()) return nullptr;
      at = &*it;
    } else if (at->is_array()) {
      std::size_t index = 0;
      auto [end, error] = std::from_chars(step.data(), step.data() + step.size(), index);
      if (error != std::errc() || end != step.data() + step.size() || index >= at->size()) {
        return nullptr;
      }
      at = &(*at)[index];
    } else {
      return nullptr;
    }
  }
  return at;
}

}  // namespace

std::string RecordedRequest::Header(std::string_view name) const {
  for (auto const& [key, value] : headers) {
    if (EqualsIgnoreCase(key, name)) return value;
  }
  return "";
}

std::optional<std::string> RecordedRequest::BodyField(std::string_view dotted_path) const {
  auto parsed = internal::ParseJson(body);
  if (!parsed) return std::nullopt;
  Json const* value = Walk(*parsed, dotted_path);
  if (value == nullptr) return std::nullopt;
  return internal::DumpJson(*value);
}

std::string RecordedRequest::Summary() const {
  std::string const status_text = status == 0 ? "no answer" : fmt::format("{}", status);
  return fmt::format("#{} {} {}{}{} -> {}{}", sequence, method, path, query.empty() ? "" : "?",
                     query, status_text, fault.empty() ? "" : " (fault " + fault + ")");
}

}  // namespace lepton::fake
