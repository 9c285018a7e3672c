#ifndef LEPTONKIT_FAKE_LEPTON_SRC_ASCII_H_
#define LEPTONKIT_FAKE_LEPTON_SRC_ASCII_H_

#include <algorithm>
#include <cctype>
#include <optional>
#include <string_view>

namespace lepton::fake {

/// ASCII case-insensitive equality, as HTTP compares methods and header names.
inline bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](char x, char y) {
    return std::tolower(static_cast<unsigned char>(x)) ==
           std::tolower(static_cast<unsigned char>(y));
  });
}

/// A decimal integer with an optional sign and at most 18 digits (so it cannot overflow), as the
/// shell reads `exit N` and `[ A -eq B ]`; nullopt for anything else, an empty text included.
inline std::optional<long long> ParseSignedDecimal(std::string_view text) {
  bool negative = false;
  if (!text.empty() && (text.front() == '-' || text.front() == '+')) {
    negative = text.front() == '-';
    text.remove_prefix(1);
  }
  if (text.empty() || text.size() > 18) return std::nullopt;
  long long value = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + (c - '0');
  }
  return negative ? -value : value;
}

}  // namespace lepton::fake

#endif  // LEPTONKIT_FAKE_LEPTON_SRC_ASCII_H_
