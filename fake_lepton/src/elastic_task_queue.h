#ifndef LEPTONKIT_FAKE_LEPTON_SRC_ELASTIC_TASK_QUEUE_H_
#define LEPTONKIT_FAKE_LEPTON_SRC_ELASTIC_TASK_QUEUE_H_

#include <httplib.h>

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace lepton::fake {

/// The fake server's workers: each accepted connection is a task that runs on its own worker
/// for as long as the connection lives (kept alive, or a log stream that follows a replica).
/// Starts `initial` workers and adds one, up to `max`, whenever a task arrives and no worker is
/// idle, so a fresh fake pays for few threads (thread creation dominated its start-up) while
/// many connections still each get one. Workers are kept until shutdown(), which runs the
/// queued tasks and joins every worker.
class ElasticTaskQueue final : public httplib::TaskQueue {
 public:
  ElasticTaskQueue(std::size_t initial, std::size_t max);
  ~ElasticTaskQueue() override;
  ElasticTaskQueue(ElasticTaskQueue const&) = delete;
  ElasticTaskQueue& operator=(ElasticTaskQueue const&) = delete;

  void enqueue(std::function<void()> task) override;
  void shutdown() override;

  /// Workers started so far.
  [[nodiscard]] std::size_t workers() const;

 private:
  void AddWorkerLocked();
  void Work();

  std::size_t const max_;
  mutable std::mutex mu_;
  std::condition_variable ready_;
  std::deque<std::function<void()>> tasks_;
  std::vector<std::thread> workers_;
  std::size_t idle_ = 0;
  bool stopping_ = false;
};

}  // namespace lepton::fake

#endif  // LEPTONKIT_FAKE_LEPTON_SRC_ELASTIC_TASK_QUEUE_H_
