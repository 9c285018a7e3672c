#ifndef LEPTONKIT_FAKE_LEPTON_INCLUDE_LEPTON_FAKE_JOURNAL_H_
#define LEPTONKIT_FAKE_LEPTON_INCLUDE_LEPTON_FAKE_JOURNAL_H_

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "lepton/clock.h"

namespace lepton::fake {

/// One request the fake answered (or deliberately left unanswered), as the journal keeps it.
/// Secrets are gone before it is stored: the Authorization, Proxy-Authorization and Cookie
/// values are replaced by "<redacted>", and so is every occurrence of the workspace token in
/// the path, query (also percent-encoded), headers and body; the body of a /usersecrets request
/// (secret values) is dropped whole. The body is cut only after that.
struct RecordedRequest {
  /// 1 for the first request the fake journaled, counting across evictions and never reset
  /// by ClearJournal(), so gaps show what the bound dropped.
  std::uint64_t sequence = 0;
  /// On the fake's clock, when the request arrived.
  TimePoint received_at{};
  std::string method;
  std::string path;
  /// The raw query string without `?` ("" when there is none).
  std::string query;
  /// In arrival order; names as the client sent them.
  std::vector<std::pair<std::string, std::string>> headers;
  /// At most kJournalBodyLimit bytes of the request body.
  std::string body;
  bool body_truncated = false;
  /// The status answered; 0 when the connection was closed without an answer.
  int status = 0;
  /// From arrival to answer on the fake's clock (includes injected delays), and in real time.
  Duration latency{};
  std::chrono::nanoseconds wall_latency{};
  /// The fault that fired on this request ("" for none; "header" for the per-request header).
  std::string fault;

  /// The first value of a header, compared case-insensitively; empty if absent.
  [[nodiscard]] std::string Header(std::string_view name) const;
  /// The compact JSON text at a dotted path of the body ("spec.completions",
  /// "spec.envs.0.name"); empty when the body is not JSON or has nothing there.
  [[nodiscard]] std::optional<std::string> BodyField(std::string_view dotted_path) const;
  /// "POST /api/v2/workspaces/ws/jobs?x=1 -> 200": for messages.
  [[nodiscard]] std::string Summary() const;
};

/// Request bodies longer than this are cut in the journal (and marked body_truncated).
inline constexpr std::size_t kJournalBodyLimit = 64 * 1024;

}  // namespace lepton::fake

#endif  // LEPTONKIT_FAKE_LEPTON_INCLUDE_LEPTON_FAKE_JOURNAL_H_
