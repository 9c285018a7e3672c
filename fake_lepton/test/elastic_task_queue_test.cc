// The fake server's worker pool: few threads at start, one more when a connection finds none
// idle, never more than the limit, queued work still run at shutdown.

#include "elastic_task_queue.h"

#include <gtest/gtest.h>

#include <condition_variable>
#include <mutex>

namespace lepton::fake {
namespace {

// Tasks that block until released, and a count of those that started.
class Gate {
 public:
  std::function<void()> Task() {
    return [this] {
      std::unique_lock lock(mu_);
      ++started_;
      changed_.notify_all();
      changed_.wait(lock, [&] { return open_; });
    };
  }
  void WaitStarted(int n) {
    std::unique_lock lock(mu_);
    changed_.wait(lock, [&] { return started_ >= n; });
  }
  int started() {
    std::lock_guard lock(mu_);
    return started_;
  }
  void Open() {
    std::lock_guard lock(mu_);
    open_ = true;
    changed_.notify_all();
  }

 private:
  std::mutex mu_;
  std::condition_variable changed_;
  int started_ = 0;
  bool open_ = false;
};

TEST(ElasticTaskQueueTest, StartsWithTheInitialWorkersOnly) {
  ElasticTaskQueue queue(2, 64);
  EXPECT_EQ(queue.workers(), 2U);
}

TEST(ElasticTaskQueueTest, AddsAWorkerWhenATaskFindsNoneIdle) {
  ElasticTaskQueue queue(1, 64);
  Gate gate;
  for (int i = 0; i < 3; ++i) queue.enqueue(gate.Task());
  gate.WaitStarted(3);  // All three run at once: each got a worker.
  EXPECT_EQ(queue.workers(), 3U);
  gate.Open();
  queue.shutdown();
}

TEST(ElasticTaskQueueTest, NeverStartsMoreThanTheLimit) {
  ElasticTaskQueue queue(1, 2);
  Gate gate;
  for (int i = 0; i < 3; ++i) queue.enqueue(gate.Task());
  gate.WaitStarted(2);
  EXPECT_EQ(queue.workers(), 2U);
  EXPECT_EQ(gate.started(), 2) << "the third task waits for a worker";
  gate.Open();
  queue.shutdown();  // Runs the third before joining.
  EXPECT_EQ(gate.started(), 3);
}

TEST(ElasticTaskQueueTest, ShutdownRunsWhatIsQueued) {
  ElasticTaskQueue queue(1, 1);
  int ran = 0;  // One worker: the tasks run one after the other.
  for (int i = 0; i < 5; ++i) queue.enqueue([&] { ++ran; });
  queue.shutdown();
  EXPECT_EQ(ran, 5);
}

}  // namespace
}  // namespace lepton::fake
