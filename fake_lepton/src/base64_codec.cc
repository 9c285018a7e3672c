#include "base64_codec.h"

#include <array>
#include <cstdint>

namespace lepton::fake {
namespace {

constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

// The value of each byte in the alphabet, or -1.
constexpr std::array<std::int8_t, 256> DecodeTable() {
  std::array<std::int8_t, 256> table{};
  for (auto& value : table) value = -1;
  for (int i = 0; i < 64; ++i) table[static_cast<unsigned char>(kAlphabet[i])] = static_cast<std::int8_t>(i);
  return table;
}

constexpr auto kDecode = DecodeTable();

}  // namespace

std::string Base64Encode(std::string_view bytes) {
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  std::size_t i = 0;
  for (; i + 3 <= bytes.size(); i += 3) {
    std::uint32_t const group = (static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[i])) << 16) |
                                (static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[i + 1])) << 8) |
                                static_cast<unsigned char>(bytes[i + 2]);
    out += kAlphabet[(group >> 18) & 63];
    out += kAlphabet[(group >> 12) & 63];
    out += kAlphabet[(group >> 6) & 63];
    out += kAlphabet[group & 63];
  }
  std::size_t const rest = bytes.size() - i;
  if (rest > 0) {
    std::uint32_t group = static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[i])) << 16;
    if (rest == 2) group |= static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[i + 1])) << 8;
    out += kAlphabet[(group >> 18) & 63];
    out += kAlphabet[(group >> 12) & 63];
    out += rest == 2 ? kAlphabet[(group >> 6) & 63] : '=';
    out += '=';
  }
  return out;
}

Base64Decoded Base64Decode(std::string_view text) {
  Base64Decoded out;
  out.bytes.reserve(text.size() / 4 * 3 + 3);
  std::uint32_t group = 0;
  int count = 0;     // Characters in the current group.
  int padding = 0;   // '=' seen in the current group.
  for (char const c : text) {
    if (c == '\n') continue;
    if (c == '=') {
      // Padding completes a group of 2 or 3 characters.
      if (count + padding < 2) {
        out.ok = false;
        return out;
      }
      ++padding;
      if (count + padding == 4) {
        if (count == 2) out.bytes += static_cast<char>((group >> 4) & 0xff);
        if (count == 3) {
          out.bytes += static_cast<char>((group >> 10) & 0xff);
          out.bytes += static_cast<char>((group >> 2) & 0xff);
        }
        group = 0;
        count = 0;
        padding = 0;
      }
      continue;
    }
    std::int8_t const value = kDecode[static_cast<unsigned char>(c)];
    if (value < 0 || padding > 0) {
      out.ok = false;
      return out;
    }
    group = (group << 6) | static_cast<std::uint32_t>(value);
    if (++count == 4) {
      out.bytes += static_cast<char>((group >> 16) & 0xff);
      out.bytes += static_cast<char>((group >> 8) & 0xff);
      out.bytes += static_cast<char>(group & 0xff);
      group = 0;
      count = 0;
    }
  }
  // An unfinished group ("QQ", "QQ="): its whole bytes are written, and the input is invalid.
  if (count == 2) out.bytes += static_cast<char>((group >> 4) & 0xff);
  if (count == 3) {
    out.bytes += static_cast<char>((group >> 10) & 0xff);
    out.bytes += static_cast<char>((group >> 2) & 0xff);
  }
  if (count + padding > 0) out.ok = false;
  return out;
}

}  // namespace lepton::fake
