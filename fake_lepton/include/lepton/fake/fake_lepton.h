#ifndef LEPTONKIT_FAKE_LEPTON_INCLUDE_LEPTON_FAKE_FAKE_LEPTON_H_
#define LEPTONKIT_FAKE_LEPTON_INCLUDE_LEPTON_FAKE_FAKE_LEPTON_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "lepton/clock.h"
#include "lepton/fake/fake_options.h"
#include "lepton/fake/fault.h"
#include "lepton/fake/journal.h"
#include "lepton/fake/plan.h"
#include "lepton/job.h"
#include "lepton/options.h"
#include "lepton/status.h"

namespace lepton::fake {

/// An in-process fake Lepton workspace: real HTTP on 127.0.0.1 with a kernel-chosen port, the
/// paths, JSON and status codes of the Lepton workspace API, and a job lifecycle driven by the
/// injected clock.
///
/// Start() returns once the server accepts connections; destruction stops it and joins its
/// threads (open log streams are ended). With a ManualClock nothing changes until the test
/// advances the clock: every request first applies the transitions that are due.
///
/// @par Thread Safety
/// All methods may be called from any thread, concurrently with HTTP traffic.
class FakeLepton {
 public:
  /// Binds options.host:options.port (127.0.0.1 and a kernel-chosen port by default) and starts
  /// serving. Fails with kUnavailable if the socket cannot be bound.
  [[nodiscard]] static StatusOr<std::unique_ptr<FakeLepton>> Start(FakeLeptonOptions options = {});

  ~FakeLepton();
  FakeLepton(FakeLepton const&) = delete;
  FakeLepton& operator=(FakeLepton const&) = delete;

  /// The port the kernel chose.
  [[nodiscard]] int port() const;
  /// `http://<host>:<port>`, e.g. `http://127.0.0.1:41234`.
  [[nodiscard]] std::string base_url() const;
  /// `<base_url>/api/v2/workspaces/<workspace id>`: what a client uses as its
  /// workspace URL (LEPTON_WORKSPACE_URL).
  [[nodiscard]] std::string workspace_url() const;
  [[nodiscard]] FakeLeptonOptions const& options() const;
  /// Options for lepton::MakeConnection that reach this fake with its token and clock; on a
  /// manual clock the client's waits between retries advance that clock instead of sleeping.
  [[nodiscard]] ClientOptions client_options() const;

  /// The number of jobs the fake holds, live and archived.
  [[nodiscard]] std::size_t job_count() const;
  /// A job as the fake holds it, whatever its query mode; kNotFound if it has none by that id.
  [[nodiscard]] StatusOr<Job> PeekJob(std::string const& job_id) const;
  /// Replaces the plans; jobs created afterwards follow the first rule that selects them.
  void SetPlans(std::vector<Plan> plans);
  /// Replaces the node groups, shapes and reservations (as `PUT /fake/v1/cluster`). Running
  /// jobs keep their room on nodes that keep their id; waiting jobs get another look. Reset()
  /// goes back to the options' cluster.
  void SetCluster(FakeClusterConfig config);
  /// The job's 1-based place among the jobs waiting for room, or nothing when it is not
  /// waiting (see fake_lepton/README.md for the queue's order).
  [[nodiscard]] std::optional<std::size_t> QueuePosition(std::string const& job_id) const;

  /// Forgets every job (ids and randomness start again from the seed), every secret, every
  /// stored file, every fault rule and the kept journal.
  void Reset();

  /// The bytes of the file stored at `path` (e.g. "/data/x.txt") in storage file system
  /// `file_system`, as a download would give them now; nothing when there is no such file
  /// system, the path is invalid, missing or a directory. For tests that check what a client
  /// uploaded, without HTTP.
  [[nodiscard]] std::optional<std::string> StoredFile(std::string const& file_system,
                                                      std::string const& path) const;
  /// Stores `bytes` at `path`, creating missing parent directories and replacing a file that
  /// is there; for tests that stage files without HTTP. The same limits as an upload:
  /// kInvalidArgument for a bad path, kNotFound for an unknown file system, kAlreadyExists for
  /// a directory in the way, kOutOfRange over the per-file limit, kResourceExhausted over the
  /// capacity (nothing changes then).
  Status PutFile(std::string const& file_system, std::string const& path, std::string bytes);

  /// Adds a fault rule (fault.h); its name, generated when the rule has none. kInvalidArgument
  /// for a bad rule, kAlreadyExists for a name in use. Takes effect for the next request.
  [[nodiscard]] StatusOr<std::string> AddFault(FaultRule rule);
  /// kNotFound when no rule has this name.
  Status RemoveFault(std::string const& name);
  void ClearFaults();
  /// Every rule, in the order consulted, with how often it matched and fired.
  [[nodiscard]] std::vector<FaultStats> Faults() const;
  /// How many requests carried a valid per-request fault header (X-Fake-Lepton-Fault), whatever
  /// its action; ClearFaults() and Reset() set it back to zero.
  [[nodiscard]] int header_faults_fired() const;

  /// The requests to the workspace API the journal keeps (at most
  /// FakeLeptonOptions::journal_capacity, the newest), oldest first. A request appears once
  /// its answer is decided, before its body is written. Control-plane requests are not kept.
  [[nodiscard]] std::vector<RecordedRequest> Journal() const;
  /// Requests journaled since the start, kept or evicted.
  [[nodiscard]] std::uint64_t journal_total() const;
  void ClearJournal();

  class Impl;

 private:
  explicit FakeLepton(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace lepton::fake

#endif  // LEPTONKIT_FAKE_LEPTON_INCLUDE_LEPTON_FAKE_FAKE_LEPTON_H_
