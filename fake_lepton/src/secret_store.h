#ifndef LEPTONKIT_FAKE_LEPTON_SRC_SECRET_STORE_H_
#define LEPTONKIT_FAKE_LEPTON_SRC_SECRET_STORE_H_

#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "lepton/secret.h"
#include "lepton/status.h"

namespace lepton::fake {

/// The workspace's user secrets (`/usersecrets`). Values are write-only: List never returns
/// them. No HTTP.
///
/// @par Thread Safety
/// All methods lock an internal mutex.
class SecretStore {
 public:
  explicit SecretStore(std::string owner) : owner_(std::move(owner)) {}

  /// Adds every secret of `secrets` or none: kInvalidArgument for a missing name or value, a
  /// reserved `LEPTON_`/`lepton_` name or a bad visibility; kAlreadyExists for a name that is
  /// taken (the SDK checks this on the client; the server's answer is unknown, see
  /// fixtures/README.md).
  Status Add(std::vector<Secret> const& secrets);
  std::vector<Secret> List() const;
  Status Remove(std::string const& name);
  /// The value of a secret, for jobs that reference it; empty when there is none.
  std::string Value(std::string const& name) const;
  std::size_t size() const;
  void Clear();

 private:
  std::string const owner_;
  mutable std::mutex mu_;
  std::map<std::string, Secret> secrets_;
};

}  // namespace lepton::fake

#endif  // LEPTONKIT_FAKE_LEPTON_SRC_SECRET_STORE_H_
