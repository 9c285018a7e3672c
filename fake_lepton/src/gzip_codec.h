#ifndef LEPTONKIT_FAKE_LEPTON_SRC_GZIP_CODEC_H_
#define LEPTONKIT_FAKE_LEPTON_SRC_GZIP_CODEC_H_

#include <cstddef>
#include <string>
#include <string_view>

namespace lepton::fake {

/// Whether `bytes` start with the gzip magic number (1f 8b).
bool LooksGzipped(std::string_view bytes);

/// `bytes` as one gzip member (zlib's deflate, default level), as `gzip -c` would write them.
std::string GzipCompress(std::string_view bytes);

/// The result of GzipDecompress.
struct Gunzipped {
  enum class Outcome {
    kOk,
    kNotGzip,   ///< No gzip header: gzip's "not in gzip format".
    kCorrupt,   ///< A bad stream, CRC or length: gzip's "invalid compressed data".
    kTruncated, ///< The stream ends early: gzip's "unexpected end of file".
    kTooLarge,  ///< More than `max_bytes` would come out (a gzip bomb stops here).
  };
  Outcome outcome = Outcome::kOk;
  std::string bytes;  ///< All of it when kOk; empty otherwise.
};

/// Inflates every gzip member of `bytes` (concatenated members decode one after the other, as
/// gzip does), never holding more than `max_bytes` of output: decompression stops as soon as
/// more would come.
Gunzipped GzipDecompress(std::string_view bytes, std::size_t max_bytes);

}  // namespace lepton::fake

#endif  // LEPTONKIT_FAKE_LEPTON_SRC_GZIP_CODEC_H_
