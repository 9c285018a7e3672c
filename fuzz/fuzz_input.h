#ifndef LEPTONKIT_FUZZ_FUZZ_INPUT_H_
#define LEPTONKIT_FUZZ_FUZZ_INPUT_H_

// Splits a fuzzer's input into the parts of an HTTP message: a leading byte, lines, headers
// and the rest as a body. Text-friendly, so that seeds can be written by hand.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace lepton::fuzzing {

class FuzzInput {
 public:
  FuzzInput(uint8_t const* data, std::size_t size)
      : rest_(reinterpret_cast<char const*>(data), size) {}

  /// The next byte, or 0 once the input is used up.
  std::uint8_t NextByte() {
    if (rest_.empty()) return 0;
    auto const byte = static_cast<std::uint8_t>(rest_.front());
    rest_.remove_prefix(1);
    return byte;
  }

  /// The text up to the next '\n' (not included), or the rest when there is none.
  std::string_view NextLine() {
    std::size_t const end = rest_.find('\n');
    std::string_view const line = rest_.substr(0, end);
    rest_.remove_prefix(end == std::string_view::npos ? rest_.size() : end + 1);
    return line;
  }

  /// `Name: value` lines up to the first empty line; a line without ':' is a name with an
  /// empty value. A trailing '\r' is kept: what the transport does with it is part of the test.
  std::vector<std::pair<std::string, std::string>> NextHeaders() {
    std::vector<std::pair<std::string, std::string>> headers;
    while (!rest_.empty()) {
      std::string_view const line = NextLine();
      if (line.empty()) break;
      std::size_t const colon = line.find(':');
      std::string_view name = line.substr(0, colon);
      std::string_view value =
          colon == std::string_view::npos ? std::string_view() : line.substr(colon + 1);
      while (value.starts_with(' ')) value.remove_prefix(1);
      headers.emplace_back(std::string(name), std::string(value));
    }
    return headers;
  }

  /// Everything not read yet.
  std::string_view Rest() const { return rest_; }

 private:
  std::string_view rest_;
};

}  // namespace lepton::fuzzing

#endif  // LEPTONKIT_FUZZ_FUZZ_INPUT_H_
