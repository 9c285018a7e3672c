#ifndef LEPTONKIT_FAKE_LEPTON_SRC_REQUEST_JOURNAL_H_
#define LEPTONKIT_FAKE_LEPTON_SRC_REQUEST_JOURNAL_H_

#include <cstddef>
#include <cstdint>
#include <deque>
#include <mutex>
#include <string>
#include <vector>

#include "lepton/fake/journal.h"

namespace lepton::fake {

/// The bounded ring of answered requests (everything the fake keeps is bounded; WireMock's
/// unbounded journal exhausted its users' heaps). When full, the oldest entry goes.
///
/// @par Thread Safety
/// All methods may be called concurrently.
class RequestJournal {
 public:
  /// `capacity` 0 keeps nothing. `token` is the workspace token to scrub from every entry.
  RequestJournal(std::size_t capacity, std::string token);

  /// Redacts the entry (see RecordedRequest), numbers it and keeps it.
  void Record(RecordedRequest entry);
  /// The kept entries, oldest first.
  [[nodiscard]] std::vector<RecordedRequest> Entries() const;
  /// Forgets the kept entries; sequence numbers go on.
  void Clear();

  [[nodiscard]] std::size_t capacity() const { return capacity_; }
  /// Requests recorded since the fake started, kept or not.
  [[nodiscard]] std::uint64_t total() const;

 private:
  void Redact(RecordedRequest& entry) const;

  std::size_t const capacity_;
  std::string const token_;
  mutable std::mutex mu_;
  std::deque<RecordedRequest> entries_;
  std::uint64_t total_ = 0;
};

}  // namespace lepton::fake

#endif  // LEPTONKIT_FAKE_LEPTON_SRC_REQUEST_JOURNAL_H_
