#ifndef LEPTONKIT_FAKE_LEPTON_SRC_BASE64_CODEC_H_
#define LEPTONKIT_FAKE_LEPTON_SRC_BASE64_CODEC_H_

#include <cstddef>
#include <string>
#include <string_view>

namespace lepton::fake {

/// Standard base64 (RFC 4648 alphabet, `=` padding), no line breaks.
std::string Base64Encode(std::string_view bytes);

/// What GNU coreutils' `base64 -d` makes of `text`.
struct Base64Decoded {
  std::string bytes;  ///< Every byte decoded before any error, as `base64 -d` writes them.
  bool ok = true;     ///< False: invalid input (`base64: invalid input`, status 1).
};

/// Decodes as GNU coreutils 9.1 `base64 -d` does: newlines are skipped anywhere; each group of
/// four characters decodes on its own (so "QQ==QQ==" is "AA"); any other byte outside the
/// alphabet, or data inside a group after its `=`, is invalid input; an unfinished final group
/// ("QQ", "QQ=") writes its whole bytes and is invalid input.
Base64Decoded Base64Decode(std::string_view text);

}  // namespace lepton::fake

#endif  // LEPTONKIT_FAKE_LEPTON_SRC_BASE64_CODEC_H_
