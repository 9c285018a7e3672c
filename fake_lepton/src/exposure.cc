#include "exposure.h"

#include <arpa/inet.h>

#include <cstddef>
#include <string>

namespace lepton::fake {

bool ConstantTimeEquals(std::string_view a, std::string_view b) {
  // Differences are OR-ed together over the longer length, never returned early.
  std::size_t const n = a.size() > b.size() ? a.size() : b.size();
  unsigned difference = a.size() == b.size() ? 0u : 1u;
  for (std::size_t i = 0; i < n; ++i) {
    auto const x = static_cast<unsigned char>(i < a.size() ? a[i] : 0);
    auto const y = static_cast<unsigned char>(i < b.size() ? b[i] : 0);
    difference |= static_cast<unsigned>(x ^ y);
  }
  return difference == 0;
}

bool IsLoopbackHost(std::string_view host) {
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  }
  if (host == "localhost") return true;
  std::string const text(host);
  in_addr v4{};
  if (inet_pton(AF_INET, text.c_str(), &v4) == 1) {
    return (ntohl(v4.s_addr) >> 24) == 127;
  }
  in6_addr v6{};
  if (inet_pton(AF_INET6, text.c_str(), &v6) == 1) {
    in6_addr const loopback = IN6ADDR_LOOPBACK_INIT;
    for (std::size_t i = 0; i < sizeof(v6.s6_addr); ++i) {
      if (v6.s6_addr[i] != loopback.s6_addr[i]) return false;
    }
    return true;
  }
  return false;
}

}  // namespace lepton::fake
