#include "elastic_task_queue.h"

#include <algorithm>
#include <utility>

namespace lepton::fake {

ElasticTaskQueue::ElasticTaskQueue(std::size_t initial, std::size_t max)
    : max_(std::max<std::size_t>(max, 1)) {
  std::lock_guard lock(mu_);
  for (std::size_t i = 0; i < std::min(initial, max_); ++i) AddWorkerLocked();
}

ElasticTaskQueue::~ElasticTaskQueue() { shutdown(); }

void ElasticTaskQueue::enqueue(std::function<void()> task) {
  {
    std::lock_guard lock(mu_);
    tasks_.push_back(std::move(task));
    // Every waiting task needs an idle worker; a task beyond them gets a new one while allowed
    // (past `max_` it waits for a worker to finish).
    if (!stopping_ && tasks_.size() > idle_ && workers_.size() < max_) AddWorkerLocked();
  }
  ready_.notify_one();
}

void ElasticTaskQueue::shutdown() {
  std::vector<std::thread> workers;
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
    workers.swap(workers_);
  }
  ready_.notify_all();
  for (auto& worker : workers) worker.join();
}

std::size_t ElasticTaskQueue::workers() const {
  std::lock_guard lock(mu_);
  return workers_.size();
}

// A new worker counts as idle at once, before its thread reaches the queue: otherwise tasks
// enqueued meanwhile would each start yet another worker.
void ElasticTaskQueue::AddWorkerLocked() {
  ++idle_;
  workers_.emplace_back([this] { Work(); });
}

void ElasticTaskQueue::Work() {
  for (;;) {
    std::function<void()> task;
    {
      std::unique_lock lock(mu_);
      ready_.wait(lock, [&] { return stopping_ || !tasks_.empty(); });
      --idle_;
      if (tasks_.empty()) return;  // Stopping, and nothing left to run.
      task = std::move(tasks_.front());
      tasks_.pop_front();
    }
    task();
    std::lock_guard lock(mu_);
    ++idle_;
  }
}

}  // namespace lepton::fake
