#include "sweeper.h"

#include "lepton/contract/test_jobs.h"
#include "lepton/list_jobs_request.h"

namespace lepton::contract {

StatusOr<std::vector<std::string>> SweepLeftovers(Client& client, TimePoint now,
                                                  Duration older_than) {
  // Only contract jobs (a key-only selector), archived ones too: other users' jobs are never
  // read.
  ListJobsRequest request;
  request.mode = JobQueryMode::kAliveAndArchive;
  request.label_selector = kContractLabel;
  auto jobs = client.ListJobs(request);
  if (!jobs) return std::move(jobs).status();
  auto const cutoff_ms =
      std::chrono::duration_cast<std::chrono::milliseconds>((now - older_than).time_since_epoch())
          .count();
  std::vector<std::string> deleted;
  for (auto const& job : *jobs) {
    auto const& labels = job.metadata.labels;
    if (!labels || !labels->contains(kContractLabel) || !job.metadata.id) continue;
    if (!job.metadata.created_at || *job.metadata.created_at >= cutoff_ms) continue;
    Status s = client.DeleteJob(*job.metadata.id, JobQueryMode::kAliveAndArchive);
    if (!s.ok() && s.code() != StatusCode::kNotFound) return s;
    deleted.push_back(*job.metadata.id);
  }
  return deleted;
}

}  // namespace lepton::contract
