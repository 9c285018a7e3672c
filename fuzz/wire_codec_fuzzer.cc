// Fuzzes the Lepton wire JSON codec (lepton/wire_codec.h) with arbitrary bytes.
//
// Every input is decoded as each wire type. Decoding must never crash or throw; whatever
// decodes must survive a round trip: ToJson gives text that decodes again, and encoding that
// second value gives the same text (the codec's output is a fixed point after one pass).

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "lepton/wire_codec.h"

namespace lepton {
namespace {

template <typename T>
void CheckRoundTrip(std::string_view text, char const* type_name) {
  StatusOr<T> decoded = FromJson<T>(text);
  if (!decoded.ok()) return;
  std::string const first = ToJson(*decoded);
  StatusOr<T> again = FromJson<T>(first);
  if (!again.ok()) {
    std::fprintf(stderr, "%s: ToJson output does not decode: %s\n  text: %s\n", type_name,
                 again.status().message().c_str(), first.c_str());
    std::abort();
  }
  std::string const second = ToJson(*again);
  if (first != second) {
    std::fprintf(stderr, "%s: round trip changed the encoding\n  first:  %s\n  second: %s\n",
                 type_name, first.c_str(), second.c_str());
    std::abort();
  }
}

// Unqualified names inside lepton, so that the list's `std::vector<Job>` entries resolve.
void CheckEveryType(std::string_view text) {
#define LEPTONKIT_FUZZ_WIRE_TYPE(T) CheckRoundTrip<T>(text, #T);
  LEPTONKIT_WIRE_TYPES(LEPTONKIT_FUZZ_WIRE_TYPE)
#undef LEPTONKIT_FUZZ_WIRE_TYPE
}

}  // namespace
}  // namespace lepton

extern "C" int LLVMFuzzerTestOneInput(uint8_t const* data, size_t size) {
  lepton::CheckEveryType(std::string_view(reinterpret_cast<char const*>(data), size));
  return 0;
}
