// The job routes: /jobs, /jobs/{id}, events, replicas and the replica log stream.

#include <chrono>
#include <limits>
#include <memory>

#include "job_filter.h"
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

// Chunked text/plain: the lines so far, then new lines as the replica writes them; the stream
// ends when the replica ends (lepton-api.md §5.4) or the server stops.
void StreamLog(RouteContext const& ctx, std::string const& job_id, std::string const& replica_id,
               httplib::Response& res) {
  auto next_line = std::make_shared<std::size_t>(0);
  World& world = ctx.world;
  std::atomic<bool> const& stopping = ctx.stopping;
  res.set_chunked_content_provider(
      "text/plain",
      [&world, &stopping, job_id, replica_id, next_line](std::size_t, httplib::DataSink& sink) {
        while (!stopping.load()) {
          auto read = world.ReadLog(job_id, replica_id, *next_line);
          if (!read) break;
          std::string chunk;
          for (auto const& line : read->lines) chunk += line + "\n";
          *next_line += read->lines.size();
          if (!chunk.empty()) return sink.write(chunk.data(), chunk.size());
          if (read->ended) break;
          if (!sink.is_writable()) return false;
          world.WaitForChange(kLogPollInterval);
        }
        sink.done();
        return true;
      });
}

}  // namespace

void InstallJobRoutes(httplib::Server& server, RouteContext const& ctx) {
  std::string const jobs = R"(/api/v2/workspaces/[^/]+/jobs)";
  std::string const job = jobs + R"(/([^/]+))";
  World& world = ctx.world;

  server.Get(jobs, [&world](httplib::Request const& req, httplib::Response& res) {
    ListJobs(world, req, res);
  });

  server.Post(jobs, [&world](httplib::Request const& req, httplib::Response& res) {
    auto body = Body<Job>(req, res);
    if (!body) return;
    ReplyJson(res, world.CreateJob(*std::move(body)));
  });

  server.Get(job, [&world](httplib::Request const& req, httplib::Response& res) {
    auto mode = QueryMode(req, JobQueryMode::kAliveAndArchive, res);
    if (!mode) return;
    ReplyJson(res, world.GetJob(req.matches[1], *mode));
  });

  server.Patch(job, [&world](httplib::Request const& req, httplib::Response& res) {
    auto body = Body<Job>(req, res);
    if (!body) return;
    ReplyStatus(res, world.PatchJob(req.matches[1], *body));
  });

  server.Delete(job, [&world](httplib::Request const& req, httplib::Response& res) {
    auto mode = QueryMode(req, JobQueryMode::kAliveOnly, res);
    if (!mode) return;
    ReplyStatus(res, world.DeleteJob(req.matches[1], *mode));
  });

  server.Get(job + "/replicas", [&world](httplib::Request const& req, httplib::Response& res) {
    auto mode = QueryMode(req, JobQueryMode::kAliveAndArchive, res);
    if (!mode) return;
    ReplyJson(res, world.ListReplicas(req.matches[1], *mode));
  });

  server.Get(job + "/events", [&world](httplib::Request const& req, httplib::Response& res) {
    ReplyJson(res, world.ListEvents(req.matches[1]));
  });

  server.Get(job + R"(/replicas/([^/]+)/log)",
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
