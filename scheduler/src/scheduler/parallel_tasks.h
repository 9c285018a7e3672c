#ifndef LEPTONKIT_SCHEDULER_SRC_SCHEDULER_PARALLEL_TASKS_H_
#define LEPTONKIT_SCHEDULER_SRC_SCHEDULER_PARALLEL_TASKS_H_

#include <cstddef>
#include <functional>

#include "lepton/status.h"

namespace lepton::internal {

/// Runs `task(0)` to `task(count - 1)` on up to `threads` threads (the caller's among them),
/// started in index order. After a failure no further task starts; the ones running finish.
/// Returns the failure with the lowest index, or OK. `task` must not throw.
Status RunTasks(std::size_t count, int threads, std::function<Status(std::size_t)> const& task);

}  // namespace lepton::internal

#endif  // LEPTONKIT_SCHEDULER_SRC_SCHEDULER_PARALLEL_TASKS_H_
