#ifndef LEPTONKIT_FAKE_LEPTON_SRC_PENDING_QUEUE_H_
#define LEPTONKIT_FAKE_LEPTON_SRC_PENDING_QUEUE_H_

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <tuple>
#include <unordered_map>

namespace lepton::fake {

/// The jobs waiting for room (Queueing), in the order they get it: higher priority first, then
/// first come (the lower `seq`).
///
/// Jobs are grouped by what they ask for (`demand`: shape, replica count, allowed groups and
/// nodes, reservation, whether they may preempt). When the first job of a group does not fit,
/// no later job of that group fits either, so a pass stops offering the group: a pass costs
/// O((groups + jobs placed) log), not O(jobs waiting). Jobs of other groups that do fit still start
/// (backfill), so a large job at the head does not block small jobs behind it.
///
/// [INF] Lepton does not document whether its queue backfills; Kueue's BestEffortFIFO, which
/// this mirrors, is the common default for Kubernetes batch queues.
class PendingQueue {
 public:
  struct Entry {
    int priority = 0;
    std::uint64_t seq = 0;
    std::string job_id;
    std::string demand;  ///< Jobs with equal demand fit or not alike.
  };

  /// Adds a job; a job already waiting is moved to its new place.
  void Push(Entry entry);
  /// Whether the job was waiting.
  bool Remove(std::string const& job_id);
  [[nodiscard]] bool Contains(std::string const& job_id) const;
  /// Whether the job is the first of its demand group (the one a pass would offer).
  [[nodiscard]] bool IsHead(std::string const& job_id) const;
  [[nodiscard]] std::size_t size() const { return by_job_.size(); }
  void Clear();

  /// Offers the waiting jobs in order to `place`, which answers whether the job got room (and
  /// then leaves the queue). After a refusal the refused job's demand group is not offered
  /// again in this pass. `place` must not change the queue.
  void Pass(std::function<bool(Entry const&)> const& place);

  /// The job's 1-based place among every waiting job, in the order above; O(waiting jobs).
  [[nodiscard]] std::optional<std::size_t> Position(std::string const& job_id) const;
  /// Every waiting job's place at once; O(w log w) for w waiting jobs.
  [[nodiscard]] std::unordered_map<std::string, std::size_t> Positions() const;

 private:
  // Ordered so that the first element is the next to offer.
  using Key = std::tuple<int, std::uint64_t, std::string>;  // (-priority, seq, job id)
  static Key KeyOf(Entry const& e) { return {-e.priority, e.seq, e.job_id}; }
  // Keeps heads_ in step after the demand group's first key may have changed from `old_head`.
  void UpdateHead(std::string const& demand, std::optional<Key> const& old_head);

  std::map<std::string, std::set<Key>> by_demand_;
  // The first key of every demand group, in offering order: a pass walks it once.
  std::set<std::pair<Key, std::string>> heads_;
  std::unordered_map<std::string, Entry> by_job_;
};

}  // namespace lepton::fake

#endif  // LEPTONKIT_FAKE_LEPTON_SRC_PENDING_QUEUE_H_
