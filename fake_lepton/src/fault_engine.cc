#include "fault_engine.h"

#include <algorithm>

#include <fmt/format.h>

#include "ascii.h"

namespace lepton::fake {
namespace {

constexpr std::string_view kWorkspacePrefix = "/api/v2/workspaces/";

// The path below /api/v2/workspaces/<id>, or the whole path outside the workspace API.
std::string_view RelativePath(std::string_view path) {
  if (!path.starts_with(kWorkspacePrefix)) return path;
  std::string_view rest = path.substr(kWorkspacePrefix.size());
  auto const slash = rest.find('/');
  return slash == std::string_view::npos ? std::string_view() : rest.substr(slash);
}

bool IsLogFault(FaultKind kind) { return kind == FaultKind::kLogStall || kind == FaultKind::kLogBreak; }

// Actions that rewrite a JSON answer: meaningless on a log stream, which they never match.
bool DamagesBody(FaultKind kind) {
  return kind == FaultKind::kResetMidBody || kind == FaultKind::kTruncatedBody ||
         kind == FaultKind::kMalformedBody;
}

// FNV-1a: a stable hash, so that rules without their own seed draw different sequences from
// the fake's seed, the same on every platform.
std::uint64_t NameHash(std::string_view name) {
  std::uint64_t hash = 0xcbf29ce484222325ULL;
  for (unsigned char c : name) hash = (hash ^ c) * 0x100000001b3ULL;
  return hash;
}

}  // namespace

bool IsLogStreamPath(std::string_view path) {
  static std::regex const kLog(R"(/jobs/[^/]+/replicas/[^/]+/log)");
  std::string_view const relative = RelativePath(path);
  return std::regex_match(relative.begin(), relative.end(), kLog);
}

FaultEngine::FaultEngine(std::shared_ptr<Clock> clock, std::uint64_t seed)
    : clock_(std::move(clock)), seed_(seed) {}

StatusOr<std::string> FaultEngine::Add(FaultRule rule) {
  if (Status s = ValidateFaultRule(rule); !s.ok()) return s;
  std::lock_guard<std::mutex> lock(mu_);
  if (rule.name.empty()) {
    for (;;) {
      rule.name = fmt::format("fault-{}", next_id_++);
      bool const taken = std::any_of(entries_.begin(), entries_.end(), [&](Entry const& e) {
        return e.stats.rule.name == rule.name;
      });
      if (!taken) break;
    }
  } else if (std::any_of(entries_.begin(), entries_.end(),
                         [&](Entry const& e) { return e.stats.rule.name == rule.name; })) {
    return Status(StatusCode::kAlreadyExists,
                  fmt::format("a fault named '{}' exists already", rule.name));
  }
  Entry entry;
  if (!rule.match.path.empty()) entry.path.emplace(rule.match.path);
  entry.random.seed(rule.seed.value_or(seed_ ^ NameHash(rule.name)));
  entry.added_at = clock_->Now();
  entry.stats.rule = std::move(rule);
  std::string name = entry.stats.rule.name;
  entries_.push_back(std::move(entry));
  size_.store(entries_.size(), std::memory_order_release);
  return name;
}

Status FaultEngine::Remove(std::string const& name) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = std::find_if(entries_.begin(), entries_.end(),
                         [&](Entry const& e) { return e.stats.rule.name == name; });
  if (it == entries_.end()) {
    return Status(StatusCode::kNotFound, fmt::format("no fault named '{}'", name));
  }
  entries_.erase(it);
  size_.store(entries_.size(), std::memory_order_release);
  return Status();
}

void FaultEngine::Clear() {
  std::lock_guard<std::mutex> lock(mu_);
  entries_.clear();
  size_.store(0, std::memory_order_release);
  header_fired_.store(0);
}

std::vector<FaultStats> FaultEngine::List() const {
  std::lock_guard<std::mutex> lock(mu_);
  TimePoint const now = clock_->Now();
  std::vector<FaultStats> out;
  out.reserve(entries_.size());
  for (auto const& entry : entries_) {
    out.push_back(entry.stats);
    out.back().active = Active(entry, now);
  }
  return out;
}

bool FaultEngine::Active(Entry const& entry, TimePoint now) const {
  FaultRule const& rule = entry.stats.rule;
  if (rule.times && entry.stats.fired >= *rule.times) return false;
  if (rule.active_for && now >= entry.added_at + *rule.active_for) return false;
  return true;
}

bool FaultEngine::Matches(Entry const& entry, FaultRequest const& request,
                          std::optional<std::string>& job_name) const {
  FaultMatch const& match = entry.stats.rule.match;
  if (!match.method.empty() && !EqualsIgnoreCase(match.method, request.method)) return false;
  if (IsLogFault(entry.stats.rule.kind) && !IsLogStreamPath(request.path)) return false;
  if (DamagesBody(entry.stats.rule.kind) && IsLogStreamPath(request.path)) return false;
  if (entry.path) {
    std::string_view const relative = RelativePath(request.path);
    if (!std::regex_match(relative.begin(), relative.end(), *entry.path)) return false;
  }
  if (!match.header.empty()) {
    auto value = request.header ? request.header(match.header) : std::nullopt;
    if (!value || (match.header_value && *value != *match.header_value)) return false;
  }
  if (!match.job_name.empty()) {
    if (!job_name) job_name = request.job_name ? request.job_name() : std::string();
    if (*job_name != match.job_name) return false;
  }
  return true;
}

// A uniform draw in [0, 1) from the rule's own generator, computed the same way on every
// platform (std::uniform_real_distribution is not), so a seed replays exactly.
bool FaultEngine::Draw(Entry& entry) {
  double const p = entry.stats.rule.probability;
  if (p >= 1) return true;
  double const u = static_cast<double>(entry.random() >> 11) * 0x1.0p-53;
  return u < p;
}

FaultDecision FaultEngine::Decide(FaultRequest const& request) {
  FaultDecision decision;
  std::optional<std::string> job_name;
  std::lock_guard<std::mutex> lock(mu_);
  TimePoint const now = clock_->Now();
  for (auto& entry : entries_) {
    if (!Matches(entry, request, job_name)) continue;
    ++entry.stats.matched;
    if (entry.stats.matched < entry.stats.rule.nth || !Active(entry, now) || !Draw(entry)) {
      continue;
    }
    ++entry.stats.fired;
    FaultRule const& rule = entry.stats.rule;
    if (!decision.fired.empty()) decision.fired += ",";
    decision.fired += rule.name;
    if (rule.kind == FaultKind::kDelay) {
      (rule.real_time ? decision.real_delay : decision.clock_delay) += rule.delay;
      continue;
    }
    decision.act = rule;
    break;
  }
  return decision;
}

}  // namespace lepton::fake
