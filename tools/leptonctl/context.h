#ifndef LEPTONKIT_TOOLS_LEPTONCTL_CONTEXT_H_
#define LEPTONKIT_TOOLS_LEPTONCTL_CONTEXT_H_

#include <memory>
#include <optional>
#include <string>

#include "lepton/client.h"
#include "lepton/clock.h"
#include "lepton/fake/fake_lepton.h"
#include "lepton/options.h"
#include "lepton/sched/lepton_scheduler.h"
#include "lepton/status.h"

namespace lepton::ctl {

/// Where leptonctl sends its requests: flags first, then the official SDK's environment
/// variables (LEPTON_WORKSPACE_ID, LEPTON_WORKSPACE_TOKEN, LEPTON_WORKSPACE_URL), or a fake
/// started in this process.
struct WorkspaceFlags {
  std::string workspace_id;
  std::string token;
  std::string url;
  bool fake = false;
  std::string fake_cluster;  ///< Cluster file for the embedded fake.
  std::vector<std::string> fake_plans;
  double time_scale = 1.0;  ///< How much faster than real time the embedded fake's clock runs.
  /// The embedded fake serves its dashboard (/fake/ui/), whose URL is printed on stderr.
  bool serve_ui = false;
  /// Transient failures (429, 5xx, no answer) a call rides out before failing; the client's
  /// default (5) when negative.
  int retries = -1;
};

/// What every verb works with: one client, one scheduler, the clock, how output is printed.
class Context {
 public:
  /// kUnauthenticated when no workspace or token is configured (the message says what to set).
  /// From then on every token the flags and the environment hold is masked in error lines
  /// (MaskInErrors), whichever is used.
  static StatusOr<std::unique_ptr<Context>> Open(WorkspaceFlags const& flags, bool json);

  Client& client() { return *client_; }
  sched::LeptonScheduler& scheduler() { return *scheduler_; }
  Clock& clock() { return *clock_; }
  /// A scheduler like scheduler() whose calls end near `deadline` on the clock: each request
  /// times out at the (real) time left, at least 1 s and at most the usual 120 s, and a call
  /// stops retrying once that time has passed. For following a log under --deadline, where a
  /// quiet stream would otherwise hold a request open for the whole usual timeout, per retry.
  StatusOr<std::unique_ptr<sched::LeptonScheduler>> SchedulerUntil(TimePoint deadline);
  /// When a call answered 404: the workspace's own 404 message if the workspace itself does
  /// not exist (one more request), nothing if it does (then the thing asked for is missing).
  std::optional<std::string> MissingWorkspace();
  /// Sleeps `d` on the clock (real time divided by the time scale).
  void Sleep(Duration d) const;
  [[nodiscard]] bool json() const { return json_; }
  /// The embedded fake, when --fake.
  [[nodiscard]] fake::FakeLepton* embedded_fake() { return fake_.get(); }

 private:
  Context() = default;

  bool json_ = false;
  double time_scale_ = 1.0;
  std::shared_ptr<Clock> clock_;
  std::unique_ptr<fake::FakeLepton> fake_;
  ClientOptions client_options_;
  sched::SchedulerOptions scheduler_options_;
  std::optional<Client> client_;
  std::optional<sched::LeptonScheduler> scheduler_;
};

}  // namespace lepton::ctl

#endif  // LEPTONKIT_TOOLS_LEPTONCTL_CONTEXT_H_
