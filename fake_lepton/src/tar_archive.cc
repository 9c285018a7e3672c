#include "tar_archive.h"

#include <algorithm>
#include <array>
#include <optional>
#include <utility>

#include <fmt/format.h>

namespace lepton::fake {
namespace {

constexpr std::size_t kBlock = 512;
constexpr std::size_t kRecord = 20 * kBlock;

// Field offsets and lengths of a ustar header (POSIX.1-1988).
struct Field {
  std::size_t offset;
  std::size_t length;
};
constexpr Field kName{0, 100};
constexpr Field kMode{100, 8};
constexpr Field kUid{108, 8};
constexpr Field kGid{116, 8};
constexpr Field kSize{124, 12};
constexpr Field kMtime{136, 12};
constexpr Field kChecksum{148, 8};
constexpr std::size_t kTypeFlag = 156;
constexpr Field kMagic{257, 8};  // "ustar\0" "00" (POSIX) or "ustar  \0" (GNU).
constexpr Field kPrefix{345, 155};

std::string_view Slice(std::string_view block, Field field) {
  return block.substr(field.offset, field.length);
}

// A NUL-terminated string field.
std::string Text(std::string_view block, Field field) {
  std::string_view const raw = Slice(block, field);
  return std::string(raw.substr(0, raw.find('\0')));
}

// An octal number field (leading spaces, ended by NUL or space), or base-256 when the first
// byte has its high bit set. Nothing when it is neither.
std::optional<std::uint64_t> Number(std::string_view block, Field field) {
  std::string_view const raw = Slice(block, field);
  if (!raw.empty() && (static_cast<unsigned char>(raw[0]) & 0x80) != 0) {
    if ((static_cast<unsigned char>(raw[0]) & 0x40) != 0) return std::nullopt;  // Negative.
    std::uint64_t value = static_cast<unsigned char>(raw[0]) & 0x3f;
    for (std::size_t i = 1; i < raw.size(); ++i) {
      if (value > (UINT64_MAX >> 8)) return std::nullopt;
      value = (value << 8) | static_cast<unsigned char>(raw[i]);
    }
    return value;
  }
  std::size_t i = 0;
  while (i < raw.size() && raw[i] == ' ') ++i;
  std::uint64_t value = 0;
  bool any = false;
  for (; i < raw.size() && raw[i] >= '0' && raw[i] <= '7'; ++i) {
    if (value > (UINT64_MAX >> 3)) return std::nullopt;
    value = value * 8 + static_cast<std::uint64_t>(raw[i] - '0');
    any = true;
  }
  if (i < raw.size() && raw[i] != '\0' && raw[i] != ' ') return std::nullopt;
  if (!any) return std::uint64_t{0};
  return value;
}

bool ChecksumMatches(std::string_view block) {
  auto const stored = Number(block, kChecksum);
  if (!stored) return false;
  std::uint64_t sum = 0;
  for (std::size_t i = 0; i < kBlock; ++i) {
    bool const in_field = i >= kChecksum.offset && i < kChecksum.offset + kChecksum.length;
    sum += in_field ? static_cast<unsigned char>(' ') : static_cast<unsigned char>(block[i]);
  }
  return sum == *stored;
}

bool IsZeroBlock(std::string_view block) {
  return std::all_of(block.begin(), block.end(), [](char c) { return c == '\0'; });
}

std::size_t Padded(std::uint64_t size) {
  return static_cast<std::size_t>((size + kBlock - 1) / kBlock * kBlock);
}

// The `path` record of a pax extended header ("<len> path=<value>\n"...), if any.
std::optional<std::string> PaxPath(std::string_view records) {
  std::optional<std::string> path;
  while (!records.empty()) {
    auto const space = records.find(' ');
    if (space == std::string_view::npos || space == 0 || space > 20) break;
    std::size_t length = 0;
    for (char c : records.substr(0, space)) {
      if (c < '0' || c > '9') return path;
      length = length * 10 + static_cast<std::size_t>(c - '0');
    }
    if (length <= space + 1 || length > records.size()) break;
    std::string_view record = records.substr(space + 1, length - space - 1);
    if (!record.empty() && record.back() == '\n') record.remove_suffix(1);
    if (record.starts_with("path=")) path = std::string(record.substr(5));
    records.remove_prefix(length);
  }
  return path;
}

void PutOctal(std::string& block, Field field, std::uint64_t value) {
  // length-1 digits, zero padded, then NUL (as GNU tar writes them).
  std::string const digits = fmt::format("{:0{}o}", value, field.length - 1);
  block.replace(field.offset, field.length - 1, digits.substr(digits.size() - (field.length - 1)));
  block[field.offset + field.length - 1] = '\0';
}

std::string Header(std::string_view name, char type, std::uint32_t mode, std::uint64_t size,
                   std::int64_t mtime) {
  std::string block(kBlock, '\0');
  block.replace(kName.offset, std::min(name.size(), kName.length), name.substr(0, kName.length));
  PutOctal(block, kMode, mode & 07777);
  PutOctal(block, kUid, 0);
  PutOctal(block, kGid, 0);
  PutOctal(block, kSize, size);
  PutOctal(block, kMtime, static_cast<std::uint64_t>(std::max<std::int64_t>(mtime, 0)));
  block[kTypeFlag] = type;
  block.replace(kMagic.offset, kMagic.length, std::string_view("ustar  \0", 8));
  std::uint64_t sum = 0;
  for (std::size_t i = 0; i < kBlock; ++i) {
    bool const in_field = i >= kChecksum.offset && i < kChecksum.offset + kChecksum.length;
    sum += in_field ? static_cast<unsigned char>(' ') : static_cast<unsigned char>(block[i]);
  }
  // Six octal digits, NUL, space: GNU tar's checksum field.
  std::string const checksum = fmt::format("{:06o}", sum);
  block.replace(kChecksum.offset, 6, checksum);
  block[kChecksum.offset + 6] = '\0';
  block[kChecksum.offset + 7] = ' ';
  return block;
}

void AppendMember(std::string& out, std::string_view name, char type, std::uint32_t mode,
                  std::string_view bytes, std::int64_t mtime) {
  out += Header(name, type, mode, bytes.size(), mtime);
  out.append(bytes);
  out.append(Padded(bytes.size()) - bytes.size(), '\0');
}

}  // namespace

TarRead ReadTar(std::string_view bytes, std::size_t max_entries) {
  TarRead out;
  std::optional<std::string> long_name;  // From an 'L' or pax 'x' header, for the next member.
  bool first = true;
  std::size_t at = 0;
  while (true) {
    if (at == bytes.size() && !first) return out;  // No end blocks: GNU tar accepts that.
    if (bytes.size() - at < kBlock) {
      out.outcome = first ? TarRead::Outcome::kNotTar : TarRead::Outcome::kTruncated;
      return out;
    }
    std::string_view const block = bytes.substr(at, kBlock);
    if (IsZeroBlock(block)) return out;
    if (!ChecksumMatches(block)) {
      out.outcome = first ? TarRead::Outcome::kNotTar : TarRead::Outcome::kBadHeader;
      return out;
    }
    first = false;
    auto const size = Number(block, kSize);
    if (!size || *size > bytes.size() - at - kBlock) {
      out.outcome = TarRead::Outcome::kTruncated;
      return out;
    }
    std::string_view const data = bytes.substr(at + kBlock, static_cast<std::size_t>(*size));
    // The padding of the last member may be missing; GNU tar accepts that too.
    at = std::min(bytes.size(), at + kBlock + Padded(*size));
    char const type = block[kTypeFlag];
    if (type == 'L') {
      long_name = std::string(data.substr(0, data.find('\0')));
      continue;
    }
    if (type == 'x') {
      if (auto path = PaxPath(data)) long_name = std::move(path);
      continue;
    }
    if (type == 'g' || type == 'K') continue;  // Global pax header; a long link name.
    if (out.entries.size() >= max_entries) {
      out.outcome = TarRead::Outcome::kTooManyEntries;
      return out;
    }
    TarEntry entry;
    entry.type_flag = type;
    if (long_name) {
      entry.name = *std::exchange(long_name, std::nullopt);
    } else {
      entry.name = Text(block, kName);
      // Only POSIX ustar has a name prefix; GNU keeps other fields in those bytes.
      if (Slice(block, kMagic) == std::string_view("ustar\0" "00", 8)) {
        std::string const prefix = Text(block, kPrefix);
        if (!prefix.empty()) entry.name = prefix + "/" + entry.name;
      }
    }
    entry.mode = static_cast<std::uint32_t>(Number(block, kMode).value_or(0644) & 07777);
    if (type == '0' || type == '\0' || type == '7') {
      entry.type = TarEntry::Type::kFile;
      entry.bytes = std::string(data);
    } else if (type == '5') {
      entry.type = TarEntry::Type::kDirectory;
    } else {
      entry.type = TarEntry::Type::kUnsupported;
    }
    while (entry.name.size() > 1 && entry.name.back() == '/') entry.name.pop_back();
    out.entries.push_back(std::move(entry));
  }
}

std::string WriteTar(std::vector<TarEntry> const& entries, std::int64_t mtime) {
  std::string out;
  for (auto const& entry : entries) {
    if (entry.type == TarEntry::Type::kUnsupported) continue;
    bool const directory = entry.type == TarEntry::Type::kDirectory;
    std::string name = entry.name;
    if (directory && !name.ends_with('/')) name += '/';
    if (name.size() > kName.length) {
      std::string long_name = name;
      long_name.push_back('\0');
      AppendMember(out, "././@LongLink", 'L', 0644, long_name, 0);
    }
    AppendMember(out, name, directory ? '5' : '0', entry.mode, directory ? "" : entry.bytes,
                 mtime);
  }
  out.append(2 * kBlock, '\0');
  out.append((kRecord - out.size() % kRecord) % kRecord, '\0');
  return out;
}

}  // namespace lepton::fake
