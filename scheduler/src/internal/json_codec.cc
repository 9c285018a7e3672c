#include "internal/json_codec.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include <fmt/format.h>

#include "internal/wire_fields.h"
#include "lepton/wire_codec.h"

namespace lepton::internal {
namespace {

// Set while encoding for ToJsonValueKnownFieldsOnly.
thread_local bool drop_unknown_fields = false;

// A wire object is a struct with unknown_fields and a field list in wire_fields.h.
template <typename T>
concept WireObject = requires(T t) { t.unknown_fields; };

// ---------------------------------------------------------------------------------------------
// Encoding. All overloads are declared before any is defined so that they can call each other.

Json Encode(std::string const& v);
Json Encode(std::int64_t v);
Json Encode(double v);
Json Encode(bool v);
Json Encode(RawJson const& v);
Json Encode(EventTime const& v);
Json Encode(std::map<std::string, std::string> const& v);
template <typename T>
Json Encode(std::vector<T> const& v);
template <WireObject T>
Json Encode(std::map<std::string, T> const& v);
template <WireObject T>
Json Encode(T const& v);

class ObjectEncoder {
 public:
  explicit ObjectEncoder(Json& out) : out_(out) {}

  template <typename F>
  void operator()(char const* key, std::optional<F> const& field) {
    if (field) out_[key] = Encode(*field);
  }
  template <typename F>
  void Required(char const* key, F const& field) {
    out_[key] = Encode(field);
  }
  // A known state is written by name; kUnknown writes the text it was read from, else the
  // server's own unknown, the empty string.
  void State(char const* key, std::optional<JobState> const& state,
             std::optional<std::string> const& text) {
    if (state && *state != JobState::kUnknown) {
      out_[key] = std::string(JobStateName(*state));
    } else if (state || text) {
      out_[key] = text.value_or("");
    }
  }

 private:
  Json& out_;
};

Json Encode(std::string const& v) { return v; }
Json Encode(std::int64_t v) { return v; }
Json Encode(double v) { return v; }
Json Encode(bool v) { return v; }

Json Encode(RawJson const& v) {
  Json parsed = Json::parse(v.text, nullptr, /*allow_exceptions=*/false);
  // A RawJson built by hand with invalid text is written as a string rather than lost.
  return parsed.is_discarded() ? Json(v.text) : parsed;
}

Json Encode(EventTime const& v) {
  return std::visit([](auto const& alt) { return Json(alt); }, v);
}

Json Encode(std::map<std::string, std::string> const& v) {
  Json out = Json::object();
  for (auto const& [key, value] : v) out[key] = value;
  return out;
}

template <typename T>
Json Encode(std::vector<T> const& v) {
  Json out = Json::array();
  for (auto const& item : v) out.push_back(Encode(item));
  return out;
}

template <WireObject T>
Json Encode(std::map<std::string, T> const& v) {
  Json out = Json::object();
  for (auto const& [key, value] : v) out[key] = Encode(value);
  return out;
}

template <WireObject T>
Json Encode(T const& v) {
  Json out = Json::object();
  ObjectEncoder encoder(out);
  VisitFields(v, encoder);
  if (drop_unknown_fields) return out;
  // Known fields win: an unknown field can only shadow a known key if it was added by hand.
  for (auto const& [key, value] : v.unknown_fields) {
    if (!out.contains(key)) out[key] = Encode(value);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Decoding. The first problem is recorded with its JSON path; decoding then stops descending.

// Where a value sits in the document being decoded: a chain of segments that lives on the
// stack of the decoding calls, so decoding a field allocates nothing for its path.
struct JsonPath {
  JsonPath const* parent = nullptr;
  std::string_view key;
  std::size_t index = 0;
  bool is_key = false;

  // The JSON pointer (RFC 6901), "" for the root.
  [[nodiscard]] std::string ToString() const {
    std::string out = parent != nullptr ? parent->ToString() : std::string();
    if (parent == nullptr) return out;
    out += '/';
    if (!is_key) return out + std::to_string(index);
    for (char c : key) {
      if (c == '~') {
        out += "~0";
      } else if (c == '/') {
        out += "~1";
      } else {
        out += c;
      }
    }
    return out;
  }
};

class DecodeContext {
 public:
  [[nodiscard]] bool ok() const { return status_.ok(); }
  Status const& status() const { return status_; }

  bool Fail(JsonPath const& at, std::string_view expected, Json const& got) {
    if (ok()) {
      std::string const path = at.ToString();
      status_ = Status(StatusCode::kInvalidArgument,
                       fmt::format("{}: expected {}, got {}", path.empty() ? "/" : path,
                                   expected, Describe(got)));
    }
    return false;
  }

 private:
  static std::string Describe(Json const& value) {
    std::string text = DumpJson(value);
    if (text.size() > 40) text = text.substr(0, 37) + "...";
    return fmt::format("{} {}", value.type_name(), text);
  }

  Status status_;
};

bool Decode(Json const& j, std::string& out, JsonPath const& path, DecodeContext& ctx);
bool Decode(Json const& j, std::int64_t& out, JsonPath const& path, DecodeContext& ctx);
bool Decode(Json const& j, double& out, JsonPath const& path, DecodeContext& ctx);
bool Decode(Json const& j, bool& out, JsonPath const& path, DecodeContext& ctx);
bool Decode(Json const& j, RawJson& out, JsonPath const& path, DecodeContext& ctx);
bool Decode(Json const& j, EventTime& out, JsonPath const& path, DecodeContext& ctx);
bool Decode(Json const& j, std::map<std::string, std::string>& out, JsonPath const& path,
            DecodeContext& ctx);
template <typename T>
bool Decode(Json const& j, std::vector<T>& out, JsonPath const& path, DecodeContext& ctx);
template <WireObject T>
bool Decode(Json const& j, std::map<std::string, T>& out, JsonPath const& path,
            DecodeContext& ctx);
template <WireObject T>
bool Decode(Json const& j, T& out, JsonPath const& path, DecodeContext& ctx);

// Children of a JsonPath; the string is only built when a failure is reported.
JsonPath Child(JsonPath const& parent, std::string_view key) { return JsonPath{&parent, key, 0, true}; }
JsonPath Element(JsonPath const& parent, std::size_t index) {
  return JsonPath{&parent, {}, index, false};
}

class ObjectDecoder {
 public:
  ObjectDecoder(Json const& in, JsonPath const& path, DecodeContext& ctx)
      : in_(in), path_(path), ctx_(ctx) {
    known_.reserve(32);
  }

  // Absent and null both leave the field unset.
  template <typename F>
  void operator()(char const* key, std::optional<F>& field) {
    Json const* value = Find(key);
    if (value == nullptr || !ctx_.ok()) return;
    F decoded{};
    if (Decode(*value, decoded, Child(path_, key), ctx_)) field = std::move(decoded);
  }
  // A required field that is absent keeps its default; the SDK would reject the object, but a
  // client is more useful when it reads what it can (the field is always written back).
  template <typename F>
  void Required(char const* key, F& field) {
    Json const* value = Find(key);
    if (value == nullptr || !ctx_.ok()) return;
    Decode(*value, field, Child(path_, key), ctx_);
  }
  void State(char const* key, std::optional<JobState>& state, std::optional<std::string>& text) {
    Json const* value = Find(key);
    if (value == nullptr || !ctx_.ok()) return;
    std::string decoded;
    if (!Decode(*value, decoded, Child(path_, key), ctx_)) return;
    state = ParseJobState(decoded);
    if (*state == JobState::kUnknown) text = std::move(decoded);
  }

  [[nodiscard]] bool IsKnown(std::string const& key) const {
    return std::find(known_.begin(), known_.end(), key) != known_.end();
  }

 private:
  Json const* Find(char const* key) {
    known_.emplace_back(key);
    auto it = in_.find(key);
    if (it == in_.end() || it->is_null()) return nullptr;
    return &*it;
  }

  Json const& in_;
  JsonPath const& path_;
  DecodeContext& ctx_;
  std::vector<std::string_view> known_;  // Field names are string literals.
};

bool Decode(Json const& j, std::string& out, JsonPath const& path, DecodeContext& ctx) {
  if (!j.is_string()) return ctx.Fail(path, "a string", j);
  out = j.get_ref<std::string const&>();
  return true;
}

bool Decode(Json const& j, std::int64_t& out, JsonPath const& path, DecodeContext& ctx) {
  if (j.is_number_unsigned()) {
    auto const v = j.get<std::uint64_t>();
    if (v > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
      return ctx.Fail(path, "an integer that fits in 64 bits", j);
    }
    out = static_cast<std::int64_t>(v);
    return true;
  }
  if (j.is_number_integer()) {
    out = j.get<std::int64_t>();
    return true;
  }
  if (j.is_number_float()) {
    // Python clients may send 4.0 for 4; a fraction or an out-of-range value is an error.
    double const v = j.get<double>();
    if (std::trunc(v) == v && std::abs(v) < 9.0e18) {
      out = static_cast<std::int64_t>(v);
      return true;
    }
  }
  return ctx.Fail(path, "an integer", j);
}

bool Decode(Json const& j, double& out, JsonPath const& path, DecodeContext& ctx) {
  if (!j.is_number()) return ctx.Fail(path, "a number", j);
  out = j.get<double>();
  return true;
}

bool Decode(Json const& j, bool& out, JsonPath const& path, DecodeContext& ctx) {
  if (!j.is_boolean()) return ctx.Fail(path, "a boolean", j);
  out = j.get<bool>();
  return true;
}

bool Decode(Json const& j, RawJson& out, JsonPath const&, DecodeContext&) {
  out.text = DumpJson(j);
  return true;
}

bool Decode(Json const& j, EventTime& out, JsonPath const& path, DecodeContext& ctx) {
  if (j.is_string()) {
    out = j.get<std::string>();
    return true;
  }
  std::int64_t number = 0;
  if (j.is_number() && Decode(j, number, path, ctx)) {
    out = number;
    return true;
  }
  return ctx.Fail(path, "an RFC 3339 string or a number", j);
}

bool Decode(Json const& j, std::map<std::string, std::string>& out, JsonPath const& path,
            DecodeContext& ctx) {
  if (!j.is_object()) return ctx.Fail(path, "an object of strings", j);
  for (auto const& [key, value] : j.items()) {
    if (!Decode(value, out[key], Child(path, key), ctx)) return false;
  }
  return true;
}

template <typename T>
bool Decode(Json const& j, std::vector<T>& out, JsonPath const& path, DecodeContext& ctx) {
  if (!j.is_array()) return ctx.Fail(path, "an array", j);
  out.clear();
  out.reserve(j.size());
  for (std::size_t i = 0; i < j.size(); ++i) {
    T item{};
    if (!Decode(j[i], item, Element(path, i), ctx)) return false;
    out.push_back(std::move(item));
  }
  return true;
}

template <WireObject T>
bool Decode(Json const& j, std::map<std::string, T>& out, JsonPath const& path,
            DecodeContext& ctx) {
  if (!j.is_object()) return ctx.Fail(path, "an object of objects", j);
  for (auto const& [key, value] : j.items()) {
    if (!Decode(value, out[key], Child(path, key), ctx)) return false;
  }
  return true;
}

template <WireObject T>
bool Decode(Json const& j, T& out, JsonPath const& path, DecodeContext& ctx) {
  if (!j.is_object()) return ctx.Fail(path, "an object", j);
  ObjectDecoder decoder(j, path, ctx);
  VisitFields(out, decoder);
  if (!ctx.ok()) return false;
  for (auto const& [key, value] : j.items()) {
    if (!decoder.IsKnown(key)) out.unknown_fields[key] = RawJson{DumpJson(value)};
  }
  return true;
}

// Rejects nesting deeper than max_depth before the parser sees the text.
bool NestingWithin(std::string_view text, int max_depth) {
  int depth = 0;
  bool in_string = false;
  bool escaped = false;
  for (char c : text) {
    if (in_string) {
      if (escaped) {
        escaped = false;
      } else if (c == '\\') {
        escaped = true;
      } else if (c == '"') {
        in_string = false;
      }
      continue;
    }
    if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > max_depth) return false;
    } else if (c == ']' || c == '}') {
      --depth;
    }
  }
  return true;
}

}  // namespace

StatusOr<Json> ParseJson(std::string_view text, int max_depth) {
  if (!NestingWithin(text, max_depth)) {
    return Status(StatusCode::kInvalidArgument,
                  fmt::format("malformed JSON: nesting deeper than {} levels", max_depth));
  }
  Json parsed = Json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (parsed.is_discarded()) {
    // Re-run with exceptions only to obtain the parser's message (byte position and token).
    try {
      [[maybe_unused]] Json const again = Json::parse(text);
    } catch (Json::exception const& e) {  // parse_error, or out_of_range for 1e400.
      return Status(StatusCode::kInvalidArgument, fmt::format("malformed JSON: {}", e.what()));
    }
    return Status(StatusCode::kInvalidArgument, "malformed JSON");
  }
  return parsed;
}

std::string DumpJson(Json const& json) {
  return json.dump(-1, ' ', false, Json::error_handler_t::replace);
}

template <typename T>
Json ToJsonValue(T const& value) {
  return Encode(value);
}

template <typename T>
Json ToJsonValueKnownFieldsOnly(T const& value) {
  drop_unknown_fields = true;
  Json out = Encode(value);
  drop_unknown_fields = false;
  return out;
}

template <typename T>
Status FromJsonValue(Json const& json, T& out) {
  DecodeContext ctx;
  Decode(json, out, JsonPath{}, ctx);
  return ctx.status();
}

}  // namespace lepton::internal

namespace lepton {

template <typename T>
StatusOr<T> FromJson(std::string_view text) {
  auto parsed = internal::ParseJson(text);
  if (!parsed) return std::move(parsed).status();
  T out{};
  Status status = internal::FromJsonValue(*parsed, out);
  if (!status.ok()) return status;
  return out;
}

template <typename T>
std::string ToJson(T const& value) {
  return internal::DumpJson(internal::ToJsonValue(value));
}

#define LEPTONKIT_DEFINE_WIRE_TYPE(T)                                               \
  template StatusOr<T> FromJson<T>(std::string_view text);                          \
  template std::string ToJson<T>(T const& value);                                   \
  template internal::Json internal::ToJsonValue<T>(T const& value);                 \
  template internal::Json internal::ToJsonValueKnownFieldsOnly<T>(T const& value);  \
  template Status internal::FromJsonValue<T>(internal::Json const& json, T & out);

LEPTONKIT_WIRE_TYPES(LEPTONKIT_DEFINE_WIRE_TYPE)

#undef LEPTONKIT_DEFINE_WIRE_TYPE

}  // namespace lepton
