#ifndef LEPTONKIT_FAKE_LEPTON_SRC_JSON_FIELD_READER_H_
#define LEPTONKIT_FAKE_LEPTON_SRC_JSON_FIELD_READER_H_

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>

#include "internal/json_codec.h"
#include "lepton/clock.h"
#include "lepton/status.h"

namespace lepton::fake {

/// Reads typed fields out of the JSON documents the fake accepts from tests (plans, fault
/// rules). The first problem wins and is kept as kInvalidArgument naming its JSON path, e.g.
/// `plan /rules/0/jitter: expected a number in [0, 1)`; `what` ("plan", "fault") starts it.
class JsonFieldReader {
 public:
  explicit JsonFieldReader(std::string what) : what_(std::move(what)) {}

  /// Records a problem at `path` unless one is recorded already; returns the kept status.
  Status Fail(std::string const& path, std::string_view expected);
  [[nodiscard]] Status const& status() const { return status_; }
  [[nodiscard]] bool ok() const { return status_.ok(); }

  bool Object(internal::Json const& j, std::string const& path);
  /// Fails for any key of `j` not in `known`.
  bool OnlyKeys(internal::Json const& j, std::string const& path,
                std::initializer_list<std::string_view> known);

  /// Each returns nothing when the key is absent, and nothing (with a failure recorded) when
  /// it has the wrong type.
  std::optional<std::string> String(internal::Json const& j, char const* key,
                                    std::string const& path);
  std::optional<Duration> DurationField(internal::Json const& j, char const* key,
                                        std::string const& path);
  std::optional<std::int64_t> Integer(internal::Json const& j, char const* key,
                                      std::string const& path);
  std::optional<double> Number(internal::Json const& j, char const* key, std::string const& path);
  std::optional<bool> Bool(internal::Json const& j, char const* key, std::string const& path);

 private:
  template <typename T>
  std::optional<T> Typed(internal::Json const& j, char const* key, std::string const& path,
                         bool (internal::Json::*is_type)() const noexcept,
                         std::string_view expected);

  std::string what_;
  Status status_;
};

}  // namespace lepton::fake

#endif  // LEPTONKIT_FAKE_LEPTON_SRC_JSON_FIELD_READER_H_
