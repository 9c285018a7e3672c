#include "pending_queue.h"

#include <string_view>

namespace lepton::fake {

void PendingQueue::Push(Entry entry) {
  Remove(entry.job_id);
  by_demand_[entry.demand].insert(KeyOf(entry));
  std::string const id = entry.job_id;
  by_job_.emplace(id, std::move(entry));
}

bool PendingQueue::Remove(std::string const& job_id) {
  auto it = by_job_.find(job_id);
  if (it == by_job_.end()) return false;
  auto group = by_demand_.find(it->second.demand);
  group->second.erase(KeyOf(it->second));
  if (group->second.empty()) by_demand_.erase(group);
  by_job_.erase(it);
  return true;
}

bool PendingQueue::Contains(std::string const& job_id) const { return by_job_.contains(job_id); }

void PendingQueue::Clear() {
  by_demand_.clear();
  by_job_.clear();
}

void PendingQueue::Pass(std::function<bool(Entry const&)> const& place) {
  std::set<std::string_view> refused;
  Entry offered;
  for (;;) {
    // The head of every demand group not refused yet; the smallest key is next.
    std::map<std::string, std::set<Key>>::iterator best = by_demand_.end();
    for (auto it = by_demand_.begin(); it != by_demand_.end(); ++it) {
      if (!refused.empty() && refused.contains(it->first)) continue;
      if (best == by_demand_.end() || *it->second.begin() < *best->second.begin()) best = it;
    }
    if (best == by_demand_.end()) return;
    auto const& [neg_priority, seq, job_id] = *best->second.begin();
    offered.priority = -neg_priority;
    offered.seq = seq;
    offered.job_id = job_id;
    offered.demand = best->first;
    if (place(offered)) {
      Remove(offered.job_id);
    } else {
      refused.insert(best->first);  // Demand groups are erased only when they empty out.
    }
  }
}

std::optional<std::size_t> PendingQueue::Position(std::string const& job_id) const {
  auto it = by_job_.find(job_id);
  if (it == by_job_.end()) return std::nullopt;
  Key const mine = KeyOf(it->second);
  std::size_t ahead = 0;
  for (auto const& [demand, keys] : by_demand_) {
    for (auto const& key : keys) {
      if (!(key < mine)) break;
      ++ahead;
    }
  }
  return ahead + 1;
}

}  // namespace lepton::fake
