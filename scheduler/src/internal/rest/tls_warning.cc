#include "internal/rest/tls_warning.h"

#include <atomic>
#include <cstdio>

#include <fmt/format.h>

namespace lepton::internal {

bool TlsVerificationIsOff(ClientOptions const& options, WorkspaceUrl const& url) {
  return url.https && !options.verify_tls;
}

bool WarnIfTlsVerificationIsOff(ClientOptions const& options, WorkspaceUrl const& url) {
  if (!TlsVerificationIsOff(options, url)) return false;
  static std::atomic<bool> warned{false};
  if (warned.exchange(true)) return false;
  fmt::print(stderr,
             "leptonkit: warning: HTTPS certificate verification is off for {} "
             "(ClientOptions::verify_tls = false): whoever answers can read the workspace token "
             "and every request. Said once per process.\n",
             url.origin);
  std::fflush(stderr);
  return true;
}

}  // namespace lepton::internal
