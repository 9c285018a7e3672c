#include "pending_queue.h"

#include <vector>

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
  std::set<std::string> refused;
  for (;;) {
    // The head of every demand group not refused yet; the smallest key is next.
    std::set<Key>* best_group = nullptr;
    std::string const* best_demand = nullptr;
    for (auto& [demand, keys] : by_demand_) {
      if (refused.contains(demand)) continue;
      if (best_group == nullptr || *keys.begin() < *best_group->begin()) {
        best_group = &keys;
        best_demand = &demand;
      }
    }
    if (best_group == nullptr) return;
    std::string const job_id = std::get<2>(*best_group->begin());
    if (place(by_job_.at(job_id))) {
      Remove(job_id);
    } else {
      refused.insert(*best_demand);
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
