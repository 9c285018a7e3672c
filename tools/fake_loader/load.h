#ifndef LEPTONKIT_TOOLS_FAKE_LOADER_LOAD_H_
#define LEPTONKIT_TOOLS_FAKE_LOADER_LOAD_H_

// The load fake-loader puts on a workspace, and the check of what it leaves behind. The job mix
// (fake_loader/job_mix.h) is shared with scheduler/test/load/concurrency_test.cc: each worker
// creates its share of the jobs, patches each one (a third stopped, the rest given a new
// priority class; a sixth started again), deletes every other one and now and then lists its
// own jobs, which must then be exactly those it created.

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include "lepton/client.h"

namespace lepton::loader {

using SteadyTime = std::chrono::steady_clock::time_point;

struct LoadOptions {
  int threads = 8;
  /// All workers together; worker w gets jobs / threads, plus one while w < jobs % threads.
  int jobs = 4000;
  /// How often each worker lists its own jobs while it works, at even intervals, besides once
  /// at its end. A filtered page costs the server a scan of every job it holds, so a fixed
  /// number (rather than one every n jobs) keeps the listings from dominating a large run.
  int lists_per_worker = 8;
  /// The value of the `fake-loader-run` label on every job of this run: its listings and the
  /// final check see only this run's jobs, whatever else the workspace holds.
  std::string run_id;
  /// No call starts after this; a worker stops at its next step once it has passed.
  SteadyTime deadline;
};

/// The jobs one worker created, by index in its sequence (empty where the create failed).
struct WorkerJobs {
  std::vector<std::string> ids;
};

struct LoadReport {
  std::vector<WorkerJobs> workers;
  /// Failed calls and listings that were not what the worker expected, one line each.
  std::vector<std::string> errors;
  std::uint64_t operations = 0;
  bool deadline_passed = false;
};

/// Runs the mix from `options.threads` threads sharing `client`; returns once every worker has
/// stopped (each stops at the deadline, after the call it has in flight).
[[nodiscard]] LoadReport RunLoad(Client const& client, LoadOptions const& options);

/// What the final listings showed against what the workers did.
struct Verification {
  std::size_t lost = 0;        ///< Created, and missing from the listing of the run's jobs.
  std::size_t duplicated = 0;  ///< Listed more than once.
  std::size_t unexpected = 0;  ///< Listed with the run's label, but no create returned it.
  /// Deleted jobs still live, surviving ones deleting or deleted, or live ones missing from the
  /// live view.
  std::size_t wrong_state = 0;
  /// Failed calls and the first few mismatches, one line each.
  std::vector<std::string> problems;
  bool deadline_passed = false;

  [[nodiscard]] bool ok() const {
    return lost == 0 && duplicated == 0 && unexpected == 0 && wrong_state == 0 &&
           problems.empty() && !deadline_passed;
  }
};

/// Lists the run's jobs (every mode, then the live view once no deleted job is still
/// Deleting, waiting for that until the deadline at most) and compares them with `report`.
[[nodiscard]] Verification Verify(Client const& client, LoadOptions const& options,
                                  LoadReport const& report);

/// The label selector of the run's jobs, or of one worker's when `worker` >= 0.
[[nodiscard]] std::string RunSelector(std::string const& run_id, int worker = -1);

}  // namespace lepton::loader

#endif  // LEPTONKIT_TOOLS_FAKE_LOADER_LOAD_H_
