#include "request_journal.h"

#include <algorithm>
#include <cctype>
#include <string_view>

#include "ascii.h"

namespace lepton::fake {
namespace {

constexpr char kRedacted[] = "<redacted>";

// Headers whose whole value is a credential, whatever it holds (a wrong token is a secret too).
bool IsCredentialHeader(std::string_view name) {
  return EqualsIgnoreCase(name, "Authorization") || EqualsIgnoreCase(name, "Proxy-Authorization") ||
         EqualsIgnoreCase(name, "Cookie");
}

// The token as it appears in a URL query when a client percent-encodes it.
std::string PercentEncoded(std::string_view text) {
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      static constexpr char kHex[] = "0123456789ABCDEF";
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

void ReplaceAll(std::string& text, std::string const& secret) {
  if (secret.empty()) return;
  for (std::size_t at = text.find(secret); at != std::string::npos;
       at = text.find(secret, at + sizeof(kRedacted) - 1)) {
    text.replace(at, secret.size(), kRedacted);
  }
}

}  // namespace

RequestJournal::RequestJournal(std::size_t capacity, std::string token)
    : capacity_(capacity), token_(std::move(token)) {}

void RequestJournal::Redact(RecordedRequest& entry) const {
  for (auto& [name, value] : entry.headers) {
    if (IsCredentialHeader(name)) {
      value = kRedacted;
    } else {
      ReplaceAll(value, token_);
    }
  }
  ReplaceAll(entry.path, token_);
  ReplaceAll(entry.query, token_);
  ReplaceAll(entry.query, PercentEncoded(token_));
  ReplaceAll(entry.body, token_);
  // Secret values are credentials too; the names are not worth the risk of parsing.
  if (entry.path.find("/usersecrets") != std::string::npos && !entry.body.empty()) {
    entry.body = "<redacted: secret values>";
  }
  // Cut only after redacting, so that a token across the limit cannot survive in part.
  if (entry.body.size() > kJournalBodyLimit) {
    entry.body.resize(kJournalBodyLimit);
    entry.body_truncated = true;
  }
}

void RequestJournal::Record(RecordedRequest entry) {
  if (capacity_ == 0) {
    std::lock_guard<std::mutex> lock(mu_);
    ++total_;
    return;
  }
  Redact(entry);
  std::lock_guard<std::mutex> lock(mu_);
  entry.sequence = ++total_;
  if (entries_.size() == capacity_) entries_.pop_front();
  entries_.push_back(std::move(entry));
}

std::vector<RecordedRequest> RequestJournal::Entries() const {
  std::lock_guard<std::mutex> lock(mu_);
  return {entries_.begin(), entries_.end()};
}

void RequestJournal::Clear() {
  std::lock_guard<std::mutex> lock(mu_);
  entries_.clear();
}

std::uint64_t RequestJournal::total() const {
  std::lock_guard<std::mutex> lock(mu_);
  return total_;
}

}  // namespace lepton::fake
