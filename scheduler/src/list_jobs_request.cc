#include "lepton/list_jobs_request.h"

namespace lepton {

char const* JobQueryModeName(JobQueryMode mode) {
  switch (mode) {
    case JobQueryMode::kAliveOnly: return "alive_only";
    case JobQueryMode::kArchiveOnly: return "archive_only";
    case JobQueryMode::kAliveAndArchive: return "alive_and_archive";
  }
  return "alive_only";
}

}  // namespace lepton
