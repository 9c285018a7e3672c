#include "gzip_codec.h"

#include <algorithm>
#include <array>

#include <zlib.h>

namespace lepton::fake {
namespace {

// windowBits for a gzip wrapper (15 + 16), as zlib's deflateInit2/inflateInit2 document.
constexpr int kGzipWindowBits = 15 + 16;
constexpr std::size_t kChunk = 64 * 1024;

// zlib's counters are uInt: input is fed in pieces no larger than this.
constexpr std::size_t kMaxPiece = 1U << 30;

}  // namespace

bool LooksGzipped(std::string_view bytes) {
  return bytes.size() >= 2 && static_cast<unsigned char>(bytes[0]) == 0x1f &&
         static_cast<unsigned char>(bytes[1]) == 0x8b;
}

std::string GzipCompress(std::string_view bytes) {
  z_stream stream{};
  if (deflateInit2(&stream, Z_DEFAULT_COMPRESSION, Z_DEFLATED, kGzipWindowBits, 8,
                   Z_DEFAULT_STRATEGY) != Z_OK) {
    return {};
  }
  std::string out;
  std::array<unsigned char, kChunk> buffer{};
  std::string_view rest = bytes;
  int result = Z_OK;
  do {
    std::size_t const piece = std::min(rest.size(), kMaxPiece);
    // zlib takes non-const input pointers but does not write through them.
    stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(rest.data()));
    stream.avail_in = static_cast<uInt>(piece);
    int const flush = piece == rest.size() ? Z_FINISH : Z_NO_FLUSH;
    do {
      stream.next_out = buffer.data();
      stream.avail_out = static_cast<uInt>(buffer.size());
      result = deflate(&stream, flush);
      out.append(reinterpret_cast<char const*>(buffer.data()), buffer.size() - stream.avail_out);
    } while (stream.avail_out == 0);
    rest.remove_prefix(piece);
  } while (result != Z_STREAM_END && result != Z_STREAM_ERROR);
  deflateEnd(&stream);
  return out;
}

Gunzipped GzipDecompress(std::string_view bytes, std::size_t max_bytes) {
  Gunzipped out;
  if (!LooksGzipped(bytes)) {
    out.outcome = Gunzipped::Outcome::kNotGzip;
    return out;
  }
  std::array<unsigned char, kChunk> buffer{};
  std::string_view rest = bytes;
  // One member at a time: inflate ends at a member's trailer; another member may follow.
  while (!rest.empty()) {
    if (!LooksGzipped(rest)) {
      // gzip ignores trailing zeros and warns about other trailing garbage; the fake treats
      // anything but a further member as corrupt, which is stricter. [INF]
      bool const zeros = std::all_of(rest.begin(), rest.end(), [](char c) { return c == 0; });
      if (!zeros) out.outcome = Gunzipped::Outcome::kCorrupt;
      break;
    }
    z_stream stream{};
    if (inflateInit2(&stream, kGzipWindowBits) != Z_OK) {
      out.outcome = Gunzipped::Outcome::kCorrupt;
      break;
    }
    int result = Z_OK;
    bool output_full = false;  // inflate may hold more output without needing more input.
    while (result != Z_STREAM_END && out.outcome == Gunzipped::Outcome::kOk) {
      if (stream.avail_in == 0 && !rest.empty()) {
        std::size_t const piece = std::min(rest.size(), kMaxPiece);
        stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(rest.data()));
        stream.avail_in = static_cast<uInt>(piece);
        rest.remove_prefix(piece);
      } else if (stream.avail_in == 0 && !output_full) {
        out.outcome = Gunzipped::Outcome::kTruncated;
        break;
      }
      stream.next_out = buffer.data();
      stream.avail_out = static_cast<uInt>(buffer.size());
      result = inflate(&stream, Z_NO_FLUSH);
      std::size_t const produced = buffer.size() - stream.avail_out;
      output_full = stream.avail_out == 0;
      if (result == Z_NEED_DICT || result == Z_DATA_ERROR || result == Z_MEM_ERROR ||
          result == Z_STREAM_ERROR) {
        out.outcome = Gunzipped::Outcome::kCorrupt;
        break;
      }
      if (produced > max_bytes - std::min(max_bytes, out.bytes.size())) {
        out.outcome = Gunzipped::Outcome::kTooLarge;
        break;
      }
      out.bytes.append(reinterpret_cast<char const*>(buffer.data()), produced);
    }
    // Input inflate did not use belongs to the next member.
    std::size_t const unused = stream.avail_in;
    inflateEnd(&stream);
    if (out.outcome != Gunzipped::Outcome::kOk) break;
    rest = std::string_view(rest.data() - unused, rest.size() + unused);
  }
  if (out.outcome != Gunzipped::Outcome::kOk) out.bytes.clear();
  return out;
}

}  // namespace lepton::fake
