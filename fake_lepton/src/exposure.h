#ifndef LEPTONKIT_FAKE_LEPTON_SRC_EXPOSURE_H_
#define LEPTONKIT_FAKE_LEPTON_SRC_EXPOSURE_H_

#include <string_view>

namespace lepton::fake {

/// Whether `a` equals `b`, in a time that depends only on their lengths (every byte of both is
/// read whatever the first difference), so answers do not reveal how much of a guessed token
/// was right.
bool ConstantTimeEquals(std::string_view a, std::string_view b);

/// Whether `host` (an address the fake may listen on) only accepts connections from this
/// machine: "localhost", an IPv4 address in 127.0.0.0/8, or "::1" (with or without brackets).
/// Anything else, "0.0.0.0" and "::" included, exposes the fake to the network.
bool IsLoopbackHost(std::string_view host);

}  // namespace lepton::fake

#endif  // LEPTONKIT_FAKE_LEPTON_SRC_EXPOSURE_H_
