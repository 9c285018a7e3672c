#ifndef LEPTONKIT_SCHEDULER_SRC_INTERNAL_REST_TLS_WARNING_H_
#define LEPTONKIT_SCHEDULER_SRC_INTERNAL_REST_TLS_WARNING_H_

#include "internal/rest/workspace_url.h"
#include "lepton/options.h"

namespace lepton::internal {

/// Whether `options` and `url` call for the warning below: an https workspace whose
/// ClientOptions::verify_tls is false. Plain http has nothing to verify.
[[nodiscard]] bool TlsVerificationIsOff(ClientOptions const& options, WorkspaceUrl const& url);

/// HTTPS verification is never off silently: for an https workspace whose
/// ClientOptions::verify_tls is false, prints one warning line on stderr naming the origin
/// (never the token), the first time in this process only, so a program that makes many
/// connections says it once. Plain http (nothing to verify) and verified https print nothing.
/// Returns whether it printed. Safe to call from several threads.
bool WarnIfTlsVerificationIsOff(ClientOptions const& options, WorkspaceUrl const& url);

}  // namespace lepton::internal

#endif  // LEPTONKIT_SCHEDULER_SRC_INTERNAL_REST_TLS_WARNING_H_
