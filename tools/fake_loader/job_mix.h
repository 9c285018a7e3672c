#ifndef LEPTONKIT_TOOLS_FAKE_LOADER_JOB_MIX_H_
#define LEPTONKIT_TOOLS_FAKE_LOADER_JOB_MIX_H_

// The job mix shared by fake-loader and scheduler/test/load/concurrency_test.cc. A job's index
// in its worker's sequence decides everything that happens to it, so the expected end state
// needs no record: every job is patched, a third of them by StopJob and the rest with a new
// priority class; a sixth (stopped ones) are started again; every odd one is deleted. The
// scripts give a mix of lifecycles, so that jobs are in every state while they are touched.

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>

#include "lepton/client.h"

namespace lepton::loader {

inline bool StoppedByPatch(int index) { return index % 3 == 0; }
inline bool StartedAgain(int index) { return index % 6 == 0; }
inline bool Deleted(int index) { return index % 2 == 1; }

/// The priority class a job that is not stopped is patched to.
inline std::string PriorityFor(int index) {
  constexpr std::array<char const*, 9> kPriorityClasses = {
      "low-1000", "low-2000",  "low-3000",  "mid-4000", "mid-5000",
      "mid-6000", "high-7000", "high-8000", "high-9000"};
  return kPriorityClasses[static_cast<std::size_t>(index) % kPriorityClasses.size()];
}

/// One script that ends at once, two that run for a while (on the server's clock), one that
/// fails.
inline std::string ScriptFor(int index) {
  constexpr std::array<char const*, 4> kScripts = {"echo hi", "sleep 3", "sleep 8",
                                                   "sleep 1; exit 1"};
  return kScripts[static_cast<std::size_t>(index) % kScripts.size()];
}

/// In a worker's sequence, job i is patched at step i + kPatchLag and deleted (or started
/// again) at step i + kDeleteLag: by then the server's clock has moved it along.
constexpr int kPatchLag = 3;
constexpr int kDeleteLag = 7;

/// Job `index` of the mix: a one-node cpu.small job named `name` running ScriptFor(index),
/// kept live for `ttl_seconds` after it finishes.
inline Job MixJob(std::string name, int index, std::int64_t ttl_seconds) {
  Job job;
  job.metadata.name = std::move(name);
  auto& spec = job.spec.emplace();
  spec.resource_shape = "cpu.small";
  spec.container.emplace().command = {"/bin/sh", "-c", ScriptFor(index)};
  spec.ttl_seconds_after_finished = ttl_seconds;
  return job;
}

/// A write of the mix: the call's name, and its Status.
struct MixWrite {
  char const* operation;
  Status status;
};

/// The patch job `index` (id `id`) gets kPatchLag steps after its create: StopJob when
/// StoppedByPatch, otherwise an UpdateJob to PriorityFor(index).
inline MixWrite PatchMixJob(Client& client, std::string const& id, int index) {
  if (StoppedByPatch(index)) return {"StopJob", client.StopJob(id)};
  Job patch;
  patch.spec.emplace().queue_config.emplace().priority_class = PriorityFor(index);
  return {"UpdateJob", client.UpdateJob(id, patch)};
}

/// The write job `index` gets kDeleteLag steps after its create: DeleteJob when Deleted,
/// StartJob when StartedAgain, otherwise none.
inline std::optional<MixWrite> DeleteOrStartMixJob(Client& client, std::string const& id,
                                                   int index) {
  if (Deleted(index)) return MixWrite{"DeleteJob", client.DeleteJob(id)};
  if (StartedAgain(index)) return MixWrite{"StartJob", client.StartJob(id)};
  return std::nullopt;
}

inline std::string IdOf(Job const& job) { return job.metadata.id.value_or("(no id)"); }

inline JobState StateOf(Job const& job) {
  return job.status && job.status->state ? *job.status->state : JobState::kUnknown;
}

}  // namespace lepton::loader

#endif  // LEPTONKIT_TOOLS_FAKE_LOADER_JOB_MIX_H_
