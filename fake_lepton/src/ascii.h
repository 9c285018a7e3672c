#ifndef LEPTONKIT_FAKE_LEPTON_SRC_ASCII_H_
#define LEPTONKIT_FAKE_LEPTON_SRC_ASCII_H_

#include <algorithm>
#include <cctype>
#include <string_view>

namespace lepton::fake {

/// ASCII case-insensitive equality, as HTTP compares methods and header names.
inline bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](char x, char y) {
    return std::tolower(static_cast<unsigned char>(x)) ==
           std::tolower(static_cast<unsigned char>(y));
  });
}

}  // namespace lepton::fake

#endif  // LEPTONKIT_FAKE_LEPTON_SRC_ASCII_H_
