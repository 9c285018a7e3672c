#ifndef LEPTONKIT_SCHEDULER_SRC_SCHEDULER_SHA256_H_
#define LEPTONKIT_SCHEDULER_SRC_SCHEDULER_SHA256_H_

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace lepton::internal {

/// SHA-256 (FIPS 180-4 §6.2), fed in pieces of any size. Staging uses it to tell unchanged
/// files; no cryptographic library is a dependency.
class Sha256 {
 public:
  Sha256();
  /// Adds bytes to the message. Must not be called after Finish.
  void Update(std::string_view bytes);
  /// Pads the message and returns the digest; the object is then spent.
  std::array<std::uint8_t, 32> Finish();
  /// Finish as 64 lowercase hex digits.
  std::string FinishHex();

 private:
  void Compress(std::uint8_t const* block);

  std::array<std::uint32_t, 8> h_;
  std::array<std::uint8_t, 64> block_{};
  std::size_t block_used_ = 0;
  std::uint64_t length_bytes_ = 0;
};

/// The hex digest of `bytes`, for tests and small inputs.
std::string Sha256Hex(std::string_view bytes);

}  // namespace lepton::internal

#endif  // LEPTONKIT_SCHEDULER_SRC_SCHEDULER_SHA256_H_
