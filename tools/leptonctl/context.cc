#include "leptonctl/context.h"

#include <algorithm>
#include <cstdlib>
#include <string_view>
#include <thread>
#include <utility>

#include <fmt/format.h>

#include "lepton/fake/cluster_config.h"
#include "lepton/fake/plan.h"
#include "lepton/options.h"
#include "lepton/retry_policy.h"
#include "leptonctl/secret_words.h"

namespace lepton::ctl {
namespace {

char const* Env(char const* name) {
  char const* value = std::getenv(name);
  return value != nullptr && *value != '\0' ? value : nullptr;
}

// Every place a token may come from is masked in error lines (FailWith), whichever is used.
void MaskEveryToken(WorkspaceFlags const& flags) {
  char const* env_token = Env(kWorkspaceTokenEnv);
  char const* env_id = Env(kWorkspaceIdEnv);
  MaskInErrors(flags.token);
  MaskInErrors(env_token != nullptr ? env_token : "");
  MaskInErrors(SplitWorkspaceCredential(flags.workspace_id).token);
  MaskInErrors(SplitWorkspaceCredential(env_id != nullptr ? env_id : "").token);
}

// Flags override the environment, as the SDK's own precedence puts explicit arguments first.
// --workspace-id takes the SDK's credential string "<id>:<token>" as LEPTON_WORKSPACE_ID does
// (the token part is used when no token is given otherwise), so a token never ends up in the
// request path.
StatusOr<ClientOptions> LiveOptions(WorkspaceFlags const& flags) {
  auto options = ClientOptionsFromArguments({flags.url, flags.workspace_id, flags.token});
  if (!options) {
    return Status(StatusCode::kUnauthenticated,
                  "no workspace configured: set LEPTON_WORKSPACE_ID and LEPTON_WORKSPACE_TOKEN "
                  "(or --workspace-id and --token), or run against a fake with --fake");
  }
  if (options->token.empty()) {
    return Status(StatusCode::kUnauthenticated,
                  "no token: set LEPTON_WORKSPACE_TOKEN (or --token) to the workspace's API token");
  }
  return options;
}

}  // namespace

StatusOr<std::unique_ptr<Context>> Context::Open(WorkspaceFlags const& flags, bool json) {
  MaskEveryToken(flags);
  std::unique_ptr<Context> ctx(new Context());
  ctx->json_ = json;
  ctx->time_scale_ = flags.time_scale;
  ClientOptions options;
  if (flags.fake) {
    auto clock = std::make_shared<ScaledClock>(flags.time_scale);
    ctx->clock_ = clock;
    fake::FakeLeptonOptions fake_options;
    fake_options.clock = clock;
    if (!flags.fake_cluster.empty()) {
      auto cluster = fake::LoadClusterFile(flags.fake_cluster);
      if (!cluster) return std::move(cluster).status();
      fake_options.node_groups = std::move(cluster->node_groups);
      fake_options.shapes = std::move(cluster->shapes);
      fake_options.reservations = std::move(cluster->reservations);
    }
    for (auto const& file : flags.fake_plans) {
      auto plan = fake::LoadPlanFile(file);
      if (!plan) return std::move(plan).status();
      fake_options.plans.push_back(*std::move(plan));
    }
    fake_options.serve_ui = flags.serve_ui;
    auto started = fake::FakeLepton::Start(fake_options);
    if (!started) return std::move(started).status();
    ctx->fake_ = *std::move(started);
    if (flags.serve_ui) {
      fmt::print(stderr, "leptonctl: the fake's dashboard: {}/fake/ui/\n", ctx->fake_->base_url());
    }
    options.workspace_url = ctx->fake_->workspace_url();
    options.token = fake_options.token;
  } else {
    auto live = LiveOptions(flags);
    if (!live) return std::move(live).status();
    options = *std::move(live);
    ctx->clock_ = std::make_shared<SystemClock>();
  }
  options.clock = ctx->clock_;
  if (flags.retries >= 0) {
    options.retry_policy = std::make_shared<LimitedErrorCountRetryPolicy>(flags.retries);
  }
  double const scale = flags.time_scale;
  options.sleeper = [scale](Duration d) {
    std::this_thread::sleep_for(std::chrono::duration_cast<std::chrono::nanoseconds>(d / scale));
  };
  ctx->client_options_ = options;
  auto connection = MakeConnection(options);
  if (!connection) return std::move(connection).status();
  ctx->client_.emplace(*connection);
  sched::SchedulerOptions sched_options;
  sched_options.session = "leptonctl";
  sched_options.clock = ctx->clock_;
  sched_options.sleeper = options.sleeper;
  sched_options.poll_initial = std::chrono::milliseconds(500);
  sched_options.poll_max = std::chrono::seconds(5);
  // Progress, on stderr like every progress line: stdout stays the verb's result.
  sched_options.on_staged = [](sched::StagingReport const& report) {
    fmt::print(stderr, "staged {} files: {} uploaded ({} bytes), {} unchanged, {} deleted\n",
               report.files, report.files_uploaded, report.bytes_uploaded,
               report.files_unchanged, report.files_deleted);
  };
  ctx->scheduler_options_ = sched_options;
  ctx->scheduler_.emplace(*ctx->client_, sched_options);
  return ctx;
}

StatusOr<std::unique_ptr<sched::LeptonScheduler>> Context::SchedulerUntil(TimePoint deadline) {
  Duration const left = std::max(Duration::zero(), deadline - clock_->Now());
  ClientOptions options = client_options_;
  auto const real_left = std::chrono::duration_cast<std::chrono::milliseconds>(left / time_scale_);
  options.request_timeout =
      std::max(std::min(real_left, options.request_timeout), std::chrono::milliseconds(1000));
  options.retry_policy = std::make_shared<DeadlineRetryPolicy>(deadline, clock_);
  auto connection = MakeConnection(options);
  if (!connection) return std::move(connection).status();
  return std::make_unique<sched::LeptonScheduler>(Client(*connection), scheduler_options_);
}

std::optional<std::string> Context::MissingWorkspace() {
  auto workspace = client_->GetWorkspaceInfo();
  if (workspace || workspace.status().code() != StatusCode::kNotFound) return std::nullopt;
  return workspace.status().message();
}

void Context::Sleep(Duration d) const {
  std::this_thread::sleep_for(std::chrono::duration_cast<std::chrono::nanoseconds>(d / time_scale_));
}

}  // namespace lepton::ctl
