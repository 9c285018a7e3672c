#ifndef LEPTONKIT_SCHEDULER_SRC_INTERNAL_REST_WORKSPACE_URL_H_
#define LEPTONKIT_SCHEDULER_SRC_INTERNAL_REST_WORKSPACE_URL_H_

#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "lepton/status.h"

namespace lepton::internal {

/// A workspace URL split for the HTTP client: `origin` is scheme://host[:port] and
/// `path_prefix` is what every request path is appended to (e.g. `/api/v2/workspaces/ws1`).
struct WorkspaceUrl {
  std::string origin;
  std::string path_prefix;
  bool https = false;
};

/// Accepts http:// and https:// URLs with an optional port and path; no query or fragment.
StatusOr<WorkspaceUrl> ParseWorkspaceUrl(std::string_view url);

/// `key=value&...` with RFC 3986 percent-encoding; repeated keys stay repeated, in order.
std::string EncodeQuery(std::vector<std::pair<std::string, std::string>> const& params);

/// Percent-encodes one path segment (a job or replica id).
std::string EncodePathSegment(std::string_view segment);

}  // namespace lepton::internal

#endif  // LEPTONKIT_SCHEDULER_SRC_INTERNAL_REST_WORKSPACE_URL_H_
