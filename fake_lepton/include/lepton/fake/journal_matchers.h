#ifndef LEPTONKIT_FAKE_LEPTON_INCLUDE_LEPTON_FAKE_JOURNAL_MATCHERS_H_
#define LEPTONKIT_FAKE_LEPTON_INCLUDE_LEPTON_FAKE_JOURNAL_MATCHERS_H_

// GoogleMock matchers over the fake's request journal (FakeLepton::Journal()). Link
// leptonkit::fake_testing. Each criterion is a Matcher<RecordedRequest const&>, so they combine
// with AllOf, ElementsAre, Contains; ReceivedExactly adds WireMock-style near misses:
//
//   EXPECT_THAT(fake.Journal(),
//               ReceivedExactly(1, MethodIs("POST"), PathIs("/jobs"),
//                               BodyFieldIs("spec.completions", 4)));
//
// fails with the requests that met some of the criteria and, for each, the ones they missed.

#include <gmock/gmock.h>

#include <cstdint>
#include <ostream>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "lepton/fake/journal.h"

namespace lepton::fake {

using RequestMatcher = ::testing::Matcher<RecordedRequest const&>;

/// The HTTP method, compared case-insensitively.
RequestMatcher MethodIs(std::string method);
/// The path, whole or below `/api/v2/workspaces/<id>` ("/jobs").
RequestMatcher PathIs(std::string path);
/// An ECMAScript regular expression matching the whole path, or the whole path below the
/// workspace prefix.
RequestMatcher PathMatches(std::string regex);
/// A query parameter with this exact (still URL-encoded) value.
RequestMatcher QueryHas(std::string key, std::string value);
/// A header (name compared case-insensitively) with this exact value.
RequestMatcher HeaderIs(std::string name, std::string value);
/// The status answered (0: closed without an answer).
RequestMatcher AnsweredWith(int status);
/// The fault that fired on the request ("" for none).
RequestMatcher FaultIs(std::string name);
/// The JSON value at a dotted path of the body equals the JSON text `json_literal`.
RequestMatcher BodyFieldIsJson(std::string dotted_path, std::string json_literal);

/// The JSON text of a C++ value: true/false, a number, or a quoted and escaped string.
std::string JsonLiteral(std::string_view text);
std::string JsonLiteral(bool value);
std::string JsonLiteral(std::int64_t value);
std::string JsonLiteral(double value);

/// The value at a dotted path of the body equals `value` (a bool, number or string).
template <typename T>
RequestMatcher BodyFieldIs(std::string dotted_path, T const& value) {
  if constexpr (std::is_same_v<T, bool>) {
    return BodyFieldIsJson(std::move(dotted_path), JsonLiteral(value));
  } else if constexpr (std::is_integral_v<T>) {
    return BodyFieldIsJson(std::move(dotted_path), JsonLiteral(static_cast<std::int64_t>(value)));
  } else if constexpr (std::is_floating_point_v<T>) {
    return BodyFieldIsJson(std::move(dotted_path), JsonLiteral(static_cast<double>(value)));
  } else {
    return BodyFieldIsJson(std::move(dotted_path), JsonLiteral(std::string_view(value)));
  }
}

/// Matches a journal holding exactly `count` requests that meet every criterion. On failure it
/// explains with the near misses: the requests that met the most criteria, each with the
/// criteria it missed and why.
::testing::Matcher<std::vector<RecordedRequest> const&> ReceivedRequests(
    int count, std::vector<RequestMatcher> criteria);

template <typename... Criteria>
::testing::Matcher<std::vector<RecordedRequest> const&> ReceivedExactly(int count,
                                                                        Criteria&&... criteria) {
  return ReceivedRequests(count, std::vector<RequestMatcher>{
                                     RequestMatcher(std::forward<Criteria>(criteria))...});
}

/// Prints a journal entry as its summary (for GoogleTest messages).
void PrintTo(RecordedRequest const& request, std::ostream* os);

}  // namespace lepton::fake

#endif  // LEPTONKIT_FAKE_LEPTON_INCLUDE_LEPTON_FAKE_JOURNAL_MATCHERS_H_
