#include "json_field_reader.h"

#include <fmt/format.h>

#include "lepton/fake/plan.h"

namespace lepton::fake {

using internal::Json;

Status JsonFieldReader::Fail(std::string const& path, std::string_view expected) {
  if (status_.ok()) {
    status_ = Status(StatusCode::kInvalidArgument,
                     fmt::format("{} {}: expected {}", what_, path.empty() ? "/" : path, expected));
  }
  return status_;
}

bool JsonFieldReader::Object(Json const& j, std::string const& path) {
  if (j.is_object()) return true;
  Fail(path, "an object");
  return false;
}

bool JsonFieldReader::OnlyKeys(Json const& j, std::string const& path,
                               std::initializer_list<std::string_view> known) {
  for (auto const& [key, value] : j.items()) {
    bool found = false;
    for (std::string_view k : known) found = found || k == key;
    if (!found) {
      Fail(path + "/" + key.substr(0, 64), fmt::format("one of the keys {}", fmt::join(known, ", ")));
      return false;
    }
  }
  return true;
}

template <typename T>
std::optional<T> JsonFieldReader::Typed(Json const& j, char const* key, std::string const& path,
                                        bool (Json::*is_type)() const noexcept,
                                        std::string_view expected) {
  auto it = j.find(key);
  if (it == j.end()) return std::nullopt;
  if (!((*it).*is_type)()) {
    Fail(path + "/" + key, expected);
    return std::nullopt;
  }
  return it->get<T>();
}

std::optional<std::string> JsonFieldReader::String(Json const& j, char const* key,
                                                   std::string const& path) {
  return Typed<std::string>(j, key, path, &Json::is_string, "a string");
}

std::optional<std::int64_t> JsonFieldReader::Integer(Json const& j, char const* key,
                                                     std::string const& path) {
  return Typed<std::int64_t>(j, key, path, &Json::is_number_integer, "an integer");
}

std::optional<double> JsonFieldReader::Number(Json const& j, char const* key,
                                              std::string const& path) {
  return Typed<double>(j, key, path, &Json::is_number, "a number");
}

std::optional<bool> JsonFieldReader::Bool(Json const& j, char const* key,
                                          std::string const& path) {
  return Typed<bool>(j, key, path, &Json::is_boolean, "true or false");
}

std::optional<Duration> JsonFieldReader::DurationField(Json const& j, char const* key,
                                                       std::string const& path) {
  auto text = String(j, key, path);
  if (!text) return std::nullopt;
  auto d = ParseDuration(*text);
  if (!d) Fail(path + "/" + key, "a duration such as \"500ms\", \"2s\", \"1.5m\" or \"1h\"");
  return d;
}

}  // namespace lepton::fake
