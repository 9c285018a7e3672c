// The job routes: /jobs, /jobs/{id}, events, replicas and the replica log stream.

#include <chrono>
#include <limits>
#include <memory>
#include <optional>

#include "job_filter.h"
#include "request_hooks.h"
#include "route_util.h"
#include "routes.h"

namespace lepton::fake {
namespace {

// A replica log stream re-reads the world at least this often (real time) so that it notices a
// manual clock moving.
constexpr std::chrono::milliseconds kLogPollInterval{20};

void ListJobs(World& world, httplib::Request const& req, httplib::Response& res) {
  auto mode = QueryMode(req, JobQueryMode::kAliveOnly, res);
  if (!mode) return;
  ListJobsRequest filter;
  filter.mode = *mode;
  if (req.has_param("q")) filter.name_contains = req.get_param_value("q");
  if (req.has_param("query")) {
    filter.label_selector = req.get_param_value("query");
    if (Status s = ValidateLabelSelector(*filter.label_selector); !s.ok()) {
      return Reply(res, BadRequest(s.message()));
    }
  }
  filter.states = Params(req, "status");
  filter.node_groups = Params(req, "node_groups");
  if (req.has_param("created_by")) filter.created_by = req.get_param_value("created_by");
  constexpr std::int64_t kMaxInt = std::numeric_limits<int>::max();
  std::int64_t page = 1;
  std::optional<int> page_size;
  if (req.has_param("page")) {
    auto p = IntParam(req, "page", 1, kMaxInt, res);
    if (!p) return;
    page = *p;
  }
  if (req.has_param("page_size")) {
    auto p = IntParam(req, "page_size", 1, kMaxInt, res);
    if (!p) return;
    page_size = static_cast<int>(*p);
  }
  ReplyJson(res, world.ListJobs(filter, static_cast<int>(page), page_size));
}

// The log fault that fired on this request, if any (fault.h): after `after_lines` lines the
// stream stalls for `delay` (forever when zero) or breaks.
std::optional<FaultRule> CurrentLogFault() {
  auto const& act = CurrentRequest().act;
  if (!act || (act->kind != FaultKind::kLogStall && act->kind != FaultKind::kLogBreak)) {
    return std::nullopt;
  }
  return act;
}

// Chunked text/plain: the lines so far, then new lines as the replica writes them; the stream
// ends when the replica ends or the server stops. The SDK reads it with no query parameters and
// no timeout and prints chunks until the server closes it (leptonai/api/v2/job.py `get_log`).
void StreamLog(RouteContext const& ctx, std::string const& job_id, std::string const& replica_id,
               httplib::Response& res) {
  struct Progress {
    std::size_t next_line = 0;
    std::size_t sent = 0;
    bool fault_done = false;
    std::optional<TimePoint> stall_until;
  };
  auto progress = std::make_shared<Progress>();
  std::optional<FaultRule> const fault = CurrentLogFault();
  res.set_chunked_content_provider(
      "text/plain",
      [&ctx, job_id, replica_id, progress, fault](std::size_t, httplib::DataSink& sink) {
        World& world = ctx.world;
        Clock const& clock = *ctx.options.clock;
        bool const timed_stall = fault && fault->kind == FaultKind::kLogStall &&
                                 fault->delay > Duration::zero();
        std::size_t const after_lines = fault ? static_cast<std::size_t>(fault->after_lines) : 0;
        while (!ctx.stopping.load()) {
          if (fault && !progress->fault_done && progress->sent >= after_lines) {
            if (fault->kind == FaultKind::kLogBreak) return false;
            if (!timed_stall) {
              // Stalled for good: hold the connection until the client or the server leaves.
              while (!ctx.stopping.load() && sink.is_writable()) world.WaitForChange(kLogPollInterval);
              return false;
            }
            progress->fault_done = true;
            if (fault->real_time) {
              SleepReal(ctx, fault->delay);
            } else {
              WaitUntil(ctx, progress->stall_until.value_or(clock.Now() + fault->delay),
                        [&sink] { return sink.is_writable(); });
            }
          }
          auto read = world.ReadLog(job_id, replica_id, progress->next_line);
          if (!read) break;
          std::size_t take = read->lines.size();
          if (fault && !progress->fault_done) {
            take = std::min(take, after_lines - progress->sent);
            // The stall counts from before the client can see its last line.
            if (timed_stall && progress->sent + take == after_lines) {
              progress->stall_until = clock.Now() + fault->delay;
            }
          }
          std::string chunk;
          for (std::size_t i = 0; i < take; ++i) chunk += read->lines[i] + "\n";
          progress->next_line += take;
          progress->sent += take;
          if (!chunk.empty()) return sink.write(chunk.data(), chunk.size());
          if (read->ended && take == read->lines.size()) break;
          if (!sink.is_writable()) return false;
          world.WaitForChange(kLogPollInterval);
        }
        sink.done();
        return true;
      });
}

}  // namespace

void InstallJobRoutes(httplib::Server& server, RouteContext const& ctx) {
  WorkspaceRoutes routes(server, ctx);
  std::string const jobs = R"(/api/v2/workspaces/[^/]+/jobs)";
  std::string const job = jobs + R"(/([^/]+))";
  World& world = ctx.world;

  routes.Get(jobs, [&world](httplib::Request const& req, httplib::Response& res) {
    ListJobs(world, req, res);
  });

  routes.Post(jobs, [&world](httplib::Request const& req, httplib::Response& res) {
    auto body = Body<Job>(req, res);
    if (!body) return;
    ReplyJson(res, world.CreateJob(*std::move(body)));
  });

  routes.Get(job, [&world](httplib::Request const& req, httplib::Response& res) {
    auto mode = QueryMode(req, JobQueryMode::kAliveAndArchive, res);
    if (!mode) return;
    ReplyJson(res, world.GetJob(req.matches[1], *mode));
  });

  routes.Patch(job, [&world](httplib::Request const& req, httplib::Response& res) {
    auto body = Body<Job>(req, res);
    if (!body) return;
    ReplyStatus(res, world.PatchJob(req.matches[1], *body));
  });

  routes.Delete(job, [&world](httplib::Request const& req, httplib::Response& res) {
    auto mode = QueryMode(req, JobQueryMode::kAliveOnly, res);
    if (!mode) return;
    ReplyStatus(res, world.DeleteJob(req.matches[1], *mode));
  });

  routes.Get(job + "/replicas", [&world](httplib::Request const& req, httplib::Response& res) {
    auto mode = QueryMode(req, JobQueryMode::kAliveAndArchive, res);
    if (!mode) return;
    ReplyJson(res, world.ListReplicas(req.matches[1], *mode));
  });

  routes.Get(job + "/events", [&world](httplib::Request const& req, httplib::Response& res) {
    ReplyJson(res, world.ListEvents(req.matches[1]));
  });

  routes.Get(job + R"(/replicas/([^/]+)/log)",
             [ctx](httplib::Request const& req, httplib::Response& res) {
               std::string const job_id = req.matches[1];
               std::string const replica_id = req.matches[2];
               // Unknown job or replica: a JSON 404 before any stream starts.
               auto first = ctx.world.ReadLog(job_id, replica_id, 0);
               if (!first) return Reply(res, FromStatus(first.status()));
               StreamLog(ctx, job_id, replica_id, res);
             });
}

}  // namespace lepton::fake
