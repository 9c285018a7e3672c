#include "pending_queue.h"

#include <algorithm>
#include <vector>

namespace lepton::fake {

void PendingQueue::UpdateHead(std::string const& demand, std::optional<Key> const& old_head) {
  auto group = by_demand_.find(demand);
  std::optional<Key> new_head;
  if (group != by_demand_.end() && !group->second.empty()) new_head = *group->second.begin();
  if (old_head == new_head) return;
  if (old_head) heads_.erase({*old_head, demand});
  if (new_head) heads_.emplace(*new_head, demand);
}

void PendingQueue::Push(Entry entry) {
  Remove(entry.job_id);
  auto& keys = by_demand_[entry.demand];
  std::optional<Key> const old_head = keys.empty() ? std::nullopt : std::optional<Key>(*keys.begin());
  keys.insert(KeyOf(entry));
  UpdateHead(entry.demand, old_head);
  std::string const id = entry.job_id;
  by_job_.emplace(id, std::move(entry));
}

bool PendingQueue::Remove(std::string const& job_id) {
  auto it = by_job_.find(job_id);
  if (it == by_job_.end()) return false;
  std::string const demand = it->second.demand;
  auto group = by_demand_.find(demand);
  std::optional<Key> const old_head = *group->second.begin();
  group->second.erase(KeyOf(it->second));
  if (group->second.empty()) by_demand_.erase(group);
  UpdateHead(demand, old_head);
  by_job_.erase(it);
  return true;
}

bool PendingQueue::Contains(std::string const& job_id) const { return by_job_.contains(job_id); }

bool PendingQueue::IsHead(std::string const& job_id) const {
  auto it = by_job_.find(job_id);
  if (it == by_job_.end()) return false;
  return *by_demand_.at(it->second.demand).begin() == KeyOf(it->second);
}

void PendingQueue::Clear() {
  by_demand_.clear();
  heads_.clear();
  by_job_.clear();
}

void PendingQueue::Pass(std::function<bool(Entry const&)> const& place) {
  // Every head before `it` was refused in this pass. Placing a job makes the next job of its
  // group the head, with a larger key, so it comes after `it` and is offered in this pass.
  Entry offered;
  auto it = heads_.begin();
  while (it != heads_.end()) {
    auto const [key, demand] = *it;
    auto const& [neg_priority, seq, job_id] = key;
    offered.priority = -neg_priority;
    offered.seq = seq;
    offered.job_id = job_id;
    offered.demand = demand;
    if (place(offered)) {
      Remove(offered.job_id);
      it = heads_.upper_bound({key, demand});
    } else {
      ++it;
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

std::unordered_map<std::string, std::size_t> PendingQueue::Positions() const {
  std::vector<Key const*> all;
  all.reserve(by_job_.size());
  for (auto const& [demand, keys] : by_demand_) {
    for (auto const& key : keys) all.push_back(&key);
  }
  std::sort(all.begin(), all.end(), [](Key const* a, Key const* b) { return *a < *b; });
  std::unordered_map<std::string, std::size_t> out;
  for (std::size_t i = 0; i < all.size(); ++i) out.emplace(std::get<2>(*all[i]), i + 1);
  return out;
}

}  // namespace lepton::fake
