#ifndef LEPTONKIT_FAKE_LEPTON_SRC_TAR_ARCHIVE_H_
#define LEPTONKIT_FAKE_LEPTON_SRC_TAR_ARCHIVE_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace lepton::fake {

/// One member of a tar archive.
struct TarEntry {
  enum class Type {
    kFile,
    kDirectory,
    /// A member the fake does not extract (hard or symbolic link, device, FIFO, sparse file,
    /// volume label...): `type_flag` says which.
    kUnsupported,
  };
  Type type = Type::kFile;
  /// The member's name as stored (e.g. "./src/main.py"; a directory's without its final '/').
  std::string name;
  std::string bytes;  ///< A file's content; empty otherwise.
  std::uint32_t mode = 0644;
  char type_flag = '0';  ///< The ustar type flag as read ('0', '5', '2'...).

  friend bool operator==(TarEntry const&, TarEntry const&) = default;
};

/// What ReadTar found.
struct TarRead {
  enum class Outcome {
    kOk,
    kNotTar,         ///< The first header is not a tar header: "This does not look like a tar archive".
    kTruncated,      ///< The archive ends inside a header or a member: "Unexpected EOF in archive".
    kBadHeader,      ///< A later header's checksum is wrong: "Skipping to next header" (GNU tar).
    kTooManyEntries, ///< More than `max_entries` members.
  };
  Outcome outcome = Outcome::kOk;
  /// The members read before any failure, in archive order (GNU long-name 'L' and pax 'x'
  /// headers are applied to the member they precede, not listed).
  std::vector<TarEntry> entries;
};

/// Reads a tar archive: POSIX ustar (name prefix), GNU (long names in 'L' members) and pax
/// (`path` records in 'x' headers; 'g' headers ignored), regular files ('0', '\0', '7') and
/// directories ('5'); any other member is listed as kUnsupported with its bytes skipped. The
/// archive ends at a zero block or at the end of the bytes after a whole member. Sizes in
/// base-256 are read. Never reads past `bytes`; the work is linear in its size.
TarRead ReadTar(std::string_view bytes, std::size_t max_entries);

/// Writes `entries` (files and directories; kUnsupported ones are left out) as GNU tar does by
/// default: ustar headers with the GNU magic, names over 100 bytes in a preceding
/// "././@LongLink" 'L' member, a directory's name with a final '/', owner and group 0, every
/// member stamped `mtime` (seconds since the epoch), two zero blocks at the end, padded to a
/// multiple of 10240 bytes (GNU tar's default record size).
std::string WriteTar(std::vector<TarEntry> const& entries, std::int64_t mtime);

}  // namespace lepton::fake

#endif  // LEPTONKIT_FAKE_LEPTON_SRC_TAR_ARCHIVE_H_
