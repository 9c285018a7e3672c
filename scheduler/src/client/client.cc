#include "lepton/client.h"

#include <fmt/format.h>

namespace lepton {

StatusOr<std::vector<Job>> Client::ListJobs(ListJobsRequest const& request) {
  if (request.page_size <= 0) {
    return Status(StatusCode::kInvalidArgument,
                  fmt::format("page_size must be positive, got {}", request.page_size));
  }
  if (request.page) {
    auto page = connection_->ListJobsPage(request, *request.page);
    if (!page) return std::move(page).status();
    return std::move(page->jobs);
  }
  // Pages until the first empty one, as the SDK does. A server that ignored `page` would repeat
  // page 1 forever; the page count is bounded so that such a server gives an error, not a hang.
  constexpr int kMaxPages = 100'000;
  // Pages are kept as they come and joined once at the end: a Job is about 2 KB, and growing
  // one vector page by page moved every job several times into freshly faulted memory (a
  // profile of listing 100,000 jobs put a third of the client's time there).
  std::vector<std::vector<Job>> pages;
  std::size_t total = 0;
  for (int page = 1; page <= kMaxPages; ++page) {
    auto answer = connection_->ListJobsPage(request, page);
    if (!answer) return std::move(answer).status();
    if (answer->jobs.empty()) {
      std::vector<Job> all;
      all.reserve(total);
      for (auto& p : pages) {
        for (auto& job : p) all.push_back(std::move(job));
        std::vector<Job>().swap(p);  // Freed as we go: the peak stays near one copy.
      }
      return all;
    }
    total += answer->jobs.size();
    pages.push_back(std::move(answer->jobs));
  }
  return Status(StatusCode::kOutOfRange,
                fmt::format("GET /jobs: still not at the end after {} pages", kMaxPages));
}

Status Client::StopJob(std::string const& job_id) {
  Job patch;
  patch.spec.emplace().stopped = true;
  return connection_->UpdateJob(job_id, patch);
}

Status Client::StartJob(std::string const& job_id) {
  Job patch;
  patch.spec.emplace().stopped = false;
  return connection_->UpdateJob(job_id, patch);
}

}  // namespace lepton
