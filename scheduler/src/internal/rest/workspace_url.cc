#include "internal/rest/workspace_url.h"

#include <fmt/format.h>

namespace lepton::internal {
namespace {

bool IsUnreserved(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '.' || c == '_' || c == '~';
}

std::string PercentEncode(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    if (IsUnreserved(c)) {
      out += c;
    } else {
      out += fmt::format("%{:02X}", static_cast<unsigned char>(c));
    }
  }
  return out;
}

// `url` as an error message may show it: everything from after the scheme up to the last '@'
// before the query (credentials) and everything after a '?' or '#' (a query may carry a token)
// is "***". When an '@' also comes after the first '?' or '#', that character may as well be
// part of a password typed raw, so nothing after the scheme is shown.
std::string Shown(std::string_view url) {
  auto const scheme_end = url.find("://");
  // A scheme only when "://" comes before any '/', '?', '#' or '@' (npos never does).
  bool const has_scheme = scheme_end < url.find_first_of("/?#@");
  std::size_t const start = has_scheme ? scheme_end + 3 : 0;
  std::string shown(url.substr(0, start));
  std::string_view rest = url.substr(start);
  auto const query = rest.find_first_of("?#");
  std::string_view const before_query = rest.substr(0, query);
  if (query != std::string_view::npos && rest.find('@', query) != std::string_view::npos) {
    return shown + "***";
  }
  if (auto const at = before_query.rfind('@'); at != std::string_view::npos) {
    shown += "***@";
    rest.remove_prefix(at + 1);
  }
  if (auto const cut = rest.find_first_of("?#"); cut != std::string_view::npos) {
    shown += rest.substr(0, cut + 1);
    shown += "***";
  } else {
    shown += rest;
  }
  return shown;
}

}  // namespace

StatusOr<WorkspaceUrl> ParseWorkspaceUrl(std::string_view url) {
  WorkspaceUrl out;
  std::string_view rest;
  if (url.starts_with("https://")) {
    out.https = true;
    rest = url.substr(8);
  } else if (url.starts_with("http://")) {
    rest = url.substr(7);
  } else {
    return Status(StatusCode::kInvalidArgument,
                  fmt::format("workspace URL '{}' must start with http:// or https://",
                              Shown(url)));
  }
  if (rest.find_first_of("?#") != std::string_view::npos) {
    return Status(StatusCode::kInvalidArgument,
                  fmt::format("workspace URL '{}' must not have a query or fragment",
                              Shown(url)));
  }
  auto const slash = rest.find('/');
  std::string_view const authority = rest.substr(0, slash);
  if (authority.find('@') != std::string_view::npos) {
    return Status(StatusCode::kInvalidArgument,
                  fmt::format("workspace URL '{}' carries credentials, which are not accepted: "
                              "give the token separately",
                              Shown(url)));
  }
  if (authority.empty()) {
    return Status(StatusCode::kInvalidArgument,
                  fmt::format("workspace URL '{}' has no valid host", Shown(url)));
  }
  out.origin = fmt::format("{}://{}", out.https ? "https" : "http", authority);
  // The SDK appends paths to the URL as is; a trailing slash would give `//jobs`, which
  // Lepton's router does not treat as `/jobs`, so it is dropped here.
  if (slash != std::string_view::npos) {
    std::string_view path = rest.substr(slash);
    while (!path.empty() && path.back() == '/') path.remove_suffix(1);
    out.path_prefix = std::string(path);
  }
  return out;
}

std::string EncodeQuery(std::vector<std::pair<std::string, std::string>> const& params) {
  std::string out;
  for (auto const& [key, value] : params) {
    if (!out.empty()) out += '&';
    out += PercentEncode(key);
    out += '=';
    out += PercentEncode(value);
  }
  return out;
}

std::string EncodePathSegment(std::string_view segment) { return PercentEncode(segment); }

}  // namespace lepton::internal
