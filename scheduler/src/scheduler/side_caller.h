#ifndef LEPTONKIT_SCHEDULER_SRC_SCHEDULER_SIDE_CALLER_H_
#define LEPTONKIT_SCHEDULER_SRC_SCHEDULER_SIDE_CALLER_H_

#include <condition_variable>
#include <deque>
#include <functional>
#include <future>
#include <memory>
#include <mutex>
#include <thread>
#include <utility>

namespace lepton::internal {

/// One background thread that runs calls in order, so that a caller can overlap a request with
/// another one of its own: Describe reads a job and its replicas at once, one round trip
/// instead of two. The thread starts with the first call; the destructor runs every call
/// already queued, then joins.
///
/// @par Thread Safety
/// Run may be called from any thread.
class SideCaller {
 public:
  SideCaller() = default;
  ~SideCaller() {
    {
      std::lock_guard lock(mu_);
      stop_ = true;
    }
    ready_.notify_one();
    if (thread_.joinable()) thread_.join();
  }
  SideCaller(SideCaller const&) = delete;
  SideCaller& operator=(SideCaller const&) = delete;

  /// Runs `call` on the background thread; its result (or its exception) through the future.
  template <typename F>
  [[nodiscard]] auto Run(F call) -> std::future<decltype(call())> {
    auto task = std::make_shared<std::packaged_task<decltype(call())()>>(std::move(call));
    auto result = task->get_future();
    {
      std::lock_guard lock(mu_);
      calls_.emplace_back([task] { (*task)(); });
      if (!thread_.joinable()) thread_ = std::thread([this] { Loop(); });
    }
    ready_.notify_one();
    return result;
  }

 private:
  void Loop() {
    std::unique_lock lock(mu_);
    while (true) {
      ready_.wait(lock, [this] { return stop_ || !calls_.empty(); });
      if (calls_.empty()) return;  // Stopping, and nothing left to run.
      auto call = std::move(calls_.front());
      calls_.pop_front();
      lock.unlock();
      call();
      lock.lock();
    }
  }

  std::mutex mu_;
  std::condition_variable ready_;
  std::deque<std::function<void()>> calls_;
  bool stop_ = false;
  std::thread thread_;
};

}  // namespace lepton::internal

#endif  // LEPTONKIT_SCHEDULER_SRC_SCHEDULER_SIDE_CALLER_H_
