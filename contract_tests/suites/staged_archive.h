#ifndef LEPTONKIT_CONTRACT_TESTS_SUITES_STAGED_ARCHIVE_H_
#define LEPTONKIT_CONTRACT_TESTS_SUITES_STAGED_ARCHIVE_H_

// A job directory packed as NeMo-Run ships it to a helper job: `tar -czf archive.tar.gz -C DIR .`
// (members "./", "./a", ...), base64 in one shell word. Written here from the formats' rules
// (POSIX ustar headers, gzip through zlib, RFC 4648 base64), apart from the fake's own reader
// and writer, so the suite checks the fake against the formats rather than against itself.

#include <zlib.h>

#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

namespace lepton::contract {

/// A member of a staged archive: a directory when `directory`, else a file with `content`.
struct StagedMember {
  std::string name;  ///< "./configs" (a directory's without its final '/').
  bool directory = false;
  std::string content;
};

namespace staged_archive_detail {

inline void PutOctal(std::string& header, std::size_t offset, std::size_t length,
                     std::uint64_t value) {
  // length-1 octal digits, zero padded, then NUL.
  std::string digits(length - 1, '0');
  for (std::size_t i = length - 1; i-- > 0 && value != 0; value >>= 3) {
    digits[i] = static_cast<char>('0' + (value & 7));
  }
  header.replace(offset, length - 1, digits);
  header[offset + length - 1] = '\0';
}

// One POSIX ustar header block; names must fit in 100 bytes.
inline std::string Header(std::string const& name, bool directory, std::uint64_t size) {
  std::string header(512, '\0');
  header.replace(0, name.size(), name);
  PutOctal(header, 100, 8, directory ? 0755 : 0644);  // mode
  PutOctal(header, 108, 8, 0);                        // uid
  PutOctal(header, 116, 8, 0);                        // gid
  PutOctal(header, 124, 12, size);                    // size
  PutOctal(header, 136, 12, 1700000000);              // mtime
  header[156] = directory ? '5' : '0';                // typeflag
  header.replace(257, 8, std::string_view("ustar\0" "00", 8));
  header.replace(148, 8, "        ");  // The checksum counts its own field as spaces.
  unsigned sum = 0;
  for (char c : header) sum += static_cast<unsigned char>(c);
  char checksum[8];
  std::snprintf(checksum, sizeof checksum, "%06o", sum);
  header.replace(148, 6, checksum);
  header[154] = '\0';
  header[155] = ' ';
  return header;
}

inline std::string Gzip(std::string const& bytes) {
  z_stream stream{};
  // windowBits 15 + 16: a gzip wrapper (zlib.h).
  if (deflateInit2(&stream, Z_BEST_COMPRESSION, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
    return {};
  }
  std::string out(deflateBound(&stream, static_cast<uLong>(bytes.size())), '\0');
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(bytes.data()));
  stream.avail_in = static_cast<uInt>(bytes.size());
  stream.next_out = reinterpret_cast<Bytef*>(out.data());
  stream.avail_out = static_cast<uInt>(out.size());
  int const result = deflate(&stream, Z_FINISH);
  out.resize(result == Z_STREAM_END ? stream.total_out : 0);
  deflateEnd(&stream);
  return out;
}

inline std::string Base64(std::string const& bytes) {
  static constexpr char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  for (std::size_t i = 0; i < bytes.size(); i += 3) {
    std::uint32_t group = static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[i])) << 16;
    if (i + 1 < bytes.size()) group |= static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[i + 1])) << 8;
    if (i + 2 < bytes.size()) group |= static_cast<unsigned char>(bytes[i + 2]);
    out += kAlphabet[(group >> 18) & 63];
    out += kAlphabet[(group >> 12) & 63];
    out += i + 1 < bytes.size() ? kAlphabet[(group >> 6) & 63] : '=';
    out += i + 2 < bytes.size() ? kAlphabet[group & 63] : '=';
  }
  return out;
}

}  // namespace staged_archive_detail

/// `members` as a gzip-compressed tar archive (ending in two zero blocks), base64 encoded on
/// one line.
inline std::string StagedArchiveBase64(std::vector<StagedMember> const& members) {
  using namespace staged_archive_detail;
  std::string tar;
  for (auto const& member : members) {
    tar += Header(member.directory ? member.name + "/" : member.name, member.directory,
                  member.directory ? 0 : member.content.size());
    if (member.directory) continue;
    tar += member.content;
    tar.append((512 - member.content.size() % 512) % 512, '\0');
  }
  tar.append(1024, '\0');
  return Base64(Gzip(tar));
}

}  // namespace lepton::contract

#endif  // LEPTONKIT_CONTRACT_TESTS_SUITES_STAGED_ARCHIVE_H_
