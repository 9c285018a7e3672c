#ifndef LEPTONKIT_FAKE_LEPTON_INCLUDE_LEPTON_FAKE_FAKE_OPTIONS_H_
#define LEPTONKIT_FAKE_LEPTON_INCLUDE_LEPTON_FAKE_FAKE_OPTIONS_H_

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "lepton/clock.h"
#include "lepton/fake/cluster_config.h"
#include "lepton/fake/plan.h"

namespace lepton::fake {

/// How long each phase of a job takes on the fake's clock when no plan says otherwise. The
/// defaults start a job about a second after it is created, so that a demo or a client works
/// against an unconfigured fake at once; plans and cluster files make it realistic.
struct LifecycleTimings {
  /// Queueing -> Starting once there is room for the replicas (the cluster model decides when
  /// there is).
  Duration schedule = std::chrono::milliseconds(100);
  /// Starting -> Running: pulling the image and starting the containers.
  Duration start = std::chrono::milliseconds(900);
  /// Replicas become ready this far apart once a job is Running (`ready` ramps up).
  Duration ready_stagger = std::chrono::milliseconds(50);
  /// How long a replica runs when its command is outside the simulated shell subset.
  Duration default_run = std::chrono::seconds(2);
  /// PendingRetry -> Starting after a failed attempt when retries remain.
  Duration retry_backoff = std::chrono::seconds(1);
  /// Stopping -> Stopped, and Terminating -> PendingRetry after a failed attempt.
  Duration stop = std::chrono::milliseconds(500);
  /// Deleting -> gone.
  Duration delete_grace = std::chrono::milliseconds(500);
};

struct FakeLeptonOptions {
  /// The address to listen on. Tests keep the loopback default; any other address (0.0.0.0,
  /// a LAN address) prints a warning on stderr at Start, since the control plane takes no token.
  std::string host = "127.0.0.1";
  /// 0 (the default) lets the kernel choose a free port; never hard-code one in a test.
  int port = 0;
  /// The workspace id in `/api/v2/workspaces/<id>`; requests for another workspace get 404.
  std::string workspace_id = "fake-ws";
  /// The expected bearer token; requests without `Authorization: Bearer <token>` get 401.
  std::string token = "fake-token";
  /// `metadata.owner` and `created_by` of created jobs.
  std::string user = "fake-user@example.com";
  /// Drives the lifecycle; the system clock when null.
  std::shared_ptr<Clock> clock;
  /// Seeds job-id suffixes and replica ids, so a run can be replayed.
  std::uint64_t seed = 1;
  /// How many requests the journal keeps (the newest); 0 keeps none.
  std::size_t journal_capacity = 1000;
  /// Larger request bodies get 413, except storage uploads (storage_max_file_bytes). A body
  /// without a length (chunked) gets 411 on those routes, so every body is bounded.
  std::size_t max_body_bytes = 1024 * 1024;
  /// The storage file systems (`/storage/{fs}`), each empty at the start and after Reset().
  /// Names must be non-empty, without `/` or control bytes, and not "du" (`/storage/du` is the
  /// usage call); Start() fails with kInvalidArgument otherwise.
  std::vector<std::string> storage_file_systems = {"default"};
  /// The bytes each file system holds at most (the sum of its file sizes); an upload that would
  /// exceed it gets 507 and changes nothing.
  std::uint64_t storage_capacity_bytes = std::uint64_t{2} << 30;
  /// The largest file an upload may store (the CLI sends files over 1 GB to rsync instead);
  /// larger ones get 413 and change nothing. The upload's request body may exceed it by the
  /// multipart framing (at most 64 KiB).
  std::uint64_t storage_max_file_bytes = std::uint64_t{1} << 30;
  LifecycleTimings timings;
  /// The node groups and shapes of the workspace.
  std::vector<FakeNodeGroup> node_groups = DefaultNodeGroups();
  std::vector<FakeShape> shapes = DefaultShapes();
  std::vector<FakeReservation> reservations;
  /// Scripted behaviour for selected jobs; jobs no rule selects follow their own command.
  std::vector<Plan> plans;
  /// Serves the dashboard at `<base_url>/fake/ui/`: a page compiled into the library that shows
  /// jobs, nodes, faults, the journal and the clock from the control plane, and can advance the
  /// clock and force states. Off by default here: a unit test's fake needs no page, and a test
  /// that checks answers for unknown paths should not meet one; turn it on to look at a test
  /// paused in a debugger. The standalone `fake-lepton` serves it unless `--no-ui`.
  bool serve_ui = false;
};

}  // namespace lepton::fake

#endif  // LEPTONKIT_FAKE_LEPTON_INCLUDE_LEPTON_FAKE_FAKE_OPTIONS_H_
