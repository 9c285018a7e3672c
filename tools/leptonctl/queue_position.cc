#include "leptonctl/queue_position.h"

#include <algorithm>
#include <charconv>
#include <string>
#include <tuple>
#include <vector>

namespace lepton::ctl {
namespace {

// "high-9000" -> 9000; mid-4000 (the CLI's default) when unset or unreadable.
int Priority(Job const& job) {
  int value = 4000;
  if (job.spec && job.spec->queue_config && job.spec->queue_config->priority_class) {
    std::string const& text = *job.spec->queue_config->priority_class;
    auto const dash = text.rfind('-');
    if (dash != std::string::npos) std::from_chars(text.data() + dash + 1, text.data() + text.size(), value);
  }
  return value;
}

std::vector<std::string> Groups(Job const& job) {
  if (job.spec && job.spec->affinity && job.spec->affinity->allowed_dedicated_node_groups) {
    return *job.spec->affinity->allowed_dedicated_node_groups;
  }
  return {};
}

// Whether two jobs can compete for the same nodes: a job that names no node group may go
// anywhere, so it competes with every job; two that name groups compete when they share one.
bool Compete(std::vector<std::string> const& a, std::vector<std::string> const& b) {
  if (a.empty() || b.empty()) return true;
  for (auto const& group : a) {
    if (std::find(b.begin(), b.end(), group) != b.end()) return true;
  }
  return false;
}

}  // namespace

std::optional<int> QueuePositionOf(Client& client, Job const& job) {
  if (!job.status || job.status->state != JobState::kQueueing) return std::nullopt;
  ListJobsRequest request;
  request.states = {"Queueing"};
  auto queued = client.ListJobs(request);
  if (!queued) return std::nullopt;
  auto rank = [](Job const& j) {
    return std::tuple(-Priority(j), j.metadata.created_at.value_or(0), j.metadata.id.value_or(""));
  };
  auto const mine = rank(job);
  auto const groups = Groups(job);
  int ahead = 0;
  for (auto const& other : *queued) {
    if (other.metadata.id == job.metadata.id || !Compete(Groups(other), groups)) continue;
    if (other.status && other.status->state != JobState::kQueueing) continue;
    if (rank(other) < mine) ++ahead;
  }
  return ahead + 1;
}

}  // namespace lepton::ctl
