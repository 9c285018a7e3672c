// Fuzzes the Lepton wire JSON codec (lepton/wire_codec.h) with arbitrary bytes.
//
// Every input is decoded as each wire type. Decoding must never crash or throw; whatever
// decodes must survive a round trip: ToJson gives text that decodes again, and encoding that
// second value gives the same text (the codec's output is a fixed point after one pass).
//
// FromJson<T>(text) is ParseJson(text) followed by FromJsonValue<T> (json_codec.cc), and the
// parse does not depend on T. So the input is parsed once and the parsed value decoded as each
// type, instead of parsing the same text once per type (18 times, twice each for malformed text,
// whose parse is re-run to get the parser's message). The public FromJson<T> still reads the
// raw input for one type per input (picked by the input's size, so a replay picks the same
// one) and must agree with the split path: the same status, or values that encode alike.
// The round trips go through the public text functions.

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "internal/json_codec.h"
#include "lepton/wire_codec.h"

namespace lepton {
namespace {

[[noreturn]] void Fail(char const* type_name, char const* what, std::string const& a,
                       std::string const& b) {
  std::fprintf(stderr, "wire_codec_fuzzer: %s: %s\n  %s\n  %s\n", type_name, what, a.c_str(),
               b.c_str());
  std::abort();
}

template <typename T>
void CheckRoundTrip(T const& decoded, char const* type_name) {
  std::string const first = ToJson(decoded);
  StatusOr<T> again = FromJson<T>(first);
  if (!again.ok()) {
    Fail(type_name, "ToJson output does not decode", "error: " + again.status().message(),
         "text:  " + first);
  }
  std::string const second = ToJson(*again);
  if (first != second) {
    Fail(type_name, "round trip changed the encoding", "first:  " + first, "second: " + second);
  }
}

// `parsed` is ParseJson(text). With `check_public`, FromJson<T>(text) must give what the
// split path gives.
template <typename T>
void CheckType(StatusOr<internal::Json> const& parsed, std::string_view text, bool check_public,
               char const* type_name) {
  T value{};
  Status const status = parsed.ok() ? internal::FromJsonValue(*parsed, value) : parsed.status();
  if (check_public) {
    StatusOr<T> const direct = FromJson<T>(text);
    if (direct.status() != status) {
      Fail(type_name, "FromJson and ParseJson + FromJsonValue disagree",
           "FromJson:      " + direct.status().ToString(),
           "FromJsonValue: " + status.ToString());
    }
    if (direct.ok() && ToJson(*direct) != ToJson(value)) {
      Fail(type_name, "FromJson and ParseJson + FromJsonValue decode differently",
           "FromJson:      " + ToJson(*direct), "FromJsonValue: " + ToJson(value));
    }
  }
  if (status.ok()) CheckRoundTrip(value, type_name);
}

#define LEPTONKIT_FUZZ_COUNT_TYPE(T) +1
constexpr std::size_t kTypeCount = 0 LEPTONKIT_WIRE_TYPES(LEPTONKIT_FUZZ_COUNT_TYPE);
#undef LEPTONKIT_FUZZ_COUNT_TYPE

// Unqualified names inside lepton, so that the list's `std::vector<Job>` entries resolve.
void CheckEveryType(std::string_view text) {
  StatusOr<internal::Json> const parsed = internal::ParseJson(text);
  std::size_t const public_type = text.size() % kTypeCount;
  std::size_t index = 0;
#define LEPTONKIT_FUZZ_WIRE_TYPE(T) CheckType<T>(parsed, text, index++ == public_type, #T);
  LEPTONKIT_WIRE_TYPES(LEPTONKIT_FUZZ_WIRE_TYPE)
#undef LEPTONKIT_FUZZ_WIRE_TYPE
}

}  // namespace
}  // namespace lepton

extern "C" int LLVMFuzzerTestOneInput(uint8_t const* data, size_t size) {
  lepton::CheckEveryType(std::string_view(reinterpret_cast<char const*>(data), size));
  return 0;
}
