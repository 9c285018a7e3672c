#include "scheduler/parallel_tasks.h"

#include <algorithm>
#include <atomic>
#include <mutex>
#include <optional>
#include <system_error>
#include <thread>
#include <vector>

namespace lepton::internal {

Status RunTasks(std::size_t count, int threads, std::function<Status(std::size_t)> const& task) {
  std::atomic<std::size_t> next{0};
  std::atomic<bool> failed{false};
  std::mutex mu;
  std::optional<std::size_t> first_failed;
  Status failure;
  auto work = [&] {
    while (!failed.load()) {
      std::size_t const i = next.fetch_add(1);
      if (i >= count) return;
      Status status = task(i);
      if (status.ok()) continue;
      std::lock_guard lock(mu);
      if (!first_failed || i < *first_failed) {
        first_failed = i;
        failure = std::move(status);
      }
      failed = true;
    }
  };
  // The caller's thread is one of the workers.
  std::size_t const workers =
      std::min<std::size_t>(count, static_cast<std::size_t>(std::max(threads, 1)));
  std::size_t const extra = workers > 0 ? workers - 1 : 0;
  std::vector<std::thread> pool;
  pool.reserve(extra);
  for (std::size_t i = 0; i < extra; ++i) {
    try {
      pool.emplace_back(work);
    } catch (std::system_error const&) {
      break;  // No more threads to be had: the ones running (and this one) do the rest.
    }
  }
  work();
  for (auto& t : pool) t.join();
  return failure;
}

}  // namespace lepton::internal
