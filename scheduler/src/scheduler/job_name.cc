#include "lepton/sched/job_name.h"

#include <cstdint>

#include <fmt/format.h>

namespace lepton::sched {
namespace {

// Characters of the base kept before the hash and suffix.
constexpr std::size_t kMaxBase = 22;

std::string Sanitise(std::string_view text) {
  std::string out;
  for (unsigned char c : text) {
    char mapped = '-';
    if (c >= 'a' && c <= 'z') mapped = static_cast<char>(c);
    if (c >= 'A' && c <= 'Z') mapped = static_cast<char>(c - 'A' + 'a');
    if (c >= '0' && c <= '9') mapped = static_cast<char>(c);
    if (mapped == '-' && (out.empty() || out.back() == '-')) continue;
    out += mapped;
  }
  while (!out.empty() && out.back() == '-') out.pop_back();
  return out;
}

std::uint32_t Fnv1a(std::string_view text) {
  std::uint32_t hash = 2166136261u;
  for (unsigned char c : text) hash = (hash ^ c) * 16777619u;
  return hash;
}

}  // namespace

std::string MakeJobName(std::string_view app_name, std::string_view unique_suffix) {
  std::string base = Sanitise(app_name);
  if (base.empty() || base[0] < 'a' || base[0] > 'z') base = "app-" + base;
  while (!base.empty() && base.back() == '-') base.pop_back();
  if (base.size() > kMaxBase) {
    std::string const hash = fmt::format("{:06x}", Fnv1a(app_name) & 0xffffff);
    base.resize(kMaxBase - hash.size() - 1);
    while (!base.empty() && base.back() == '-') base.pop_back();
    base += "-" + hash;
  }
  std::string const suffix = Sanitise(unique_suffix);
  std::string name = suffix.empty() ? base : base + "-" + suffix;
  if (name.size() > kMaxJobNameLength) name.resize(kMaxJobNameLength);
  while (!name.empty() && name.back() == '-') name.pop_back();
  return name;
}

}  // namespace lepton::sched
