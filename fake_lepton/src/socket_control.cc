#include "socket_control.h"

#include <arpa/inet.h>
#include <dirent.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <string>

namespace lepton::fake {
namespace {

struct Endpoint {
  std::string address;
  int port = -1;
};

Endpoint EndpointOf(sockaddr_storage const& addr) {
  char text[INET6_ADDRSTRLEN] = {};
  if (addr.ss_family == AF_INET) {
    auto const& in = reinterpret_cast<sockaddr_in const&>(addr);
    inet_ntop(AF_INET, &in.sin_addr, text, sizeof(text));
    return {text, ntohs(in.sin_port)};
  }
  if (addr.ss_family == AF_INET6) {
    auto const& in6 = reinterpret_cast<sockaddr_in6 const&>(addr);
    inet_ntop(AF_INET6, &in6.sin6_addr, text, sizeof(text));
    return {text, ntohs(in6.sin6_port)};
  }
  return {};
}

// The scan below looks at descriptors that other threads own and may be closing or reusing at
// that moment (an in-process client's sockets, httplib's other connections). That is harmless:
// only addresses are read, and a descriptor closed or reused meanwhile simply does not match.
// The two reads are made as raw system calls on purpose. ThreadSanitizer intercepts the libc
// wrappers and models a descriptor as shared memory, so it reported each such read as a race
// with the owner's close, and TSan 14 sometimes crashed while building that very report
// ("CHECK failed: sanitizer_common.h:494" in ScopedReportBase::AddLocation). Raw calls keep the
// scan out of TSan's descriptor model; the connection that matches is the calling thread's own,
// and what is done with it afterwards goes through the normal, checked wrappers.
// getsockname fails (ENOTSOCK) on anything that is not a socket, so no fstat is needed.
bool AddressOf(long call, int fd, sockaddr_storage& addr) {
  socklen_t size = sizeof(addr);
  return syscall(call, fd, reinterpret_cast<sockaddr*>(&addr), &size) == 0;
}

bool IsConnection(int fd, httplib::Request const& req) {
  sockaddr_storage local{};
  sockaddr_storage peer{};
  if (!AddressOf(SYS_getsockname, fd, local) || !AddressOf(SYS_getpeername, fd, peer)) {
    return false;
  }
  Endpoint const mine = EndpointOf(local);
  Endpoint const theirs = EndpointOf(peer);
  return mine.port == req.local_port && theirs.port == req.remote_port &&
         theirs.address == req.remote_addr;
}

}  // namespace

int ConnectionSocket(httplib::Request const& req) {
  DIR* dir = opendir("/proc/self/fd");
  if (dir == nullptr) return -1;
  int found = -1;
  while (dirent* entry = readdir(dir)) {
    char* end = nullptr;
    long const fd = std::strtol(entry->d_name, &end, 10);
    if (end == entry->d_name || *end != '\0' || fd == dirfd(dir)) continue;
    if (IsConnection(static_cast<int>(fd), req)) {
      found = static_cast<int>(fd);
      break;
    }
  }
  closedir(dir);
  return found;
}

bool CloseWithoutAnswer(int fd) { return fd >= 0 && shutdown(fd, SHUT_RDWR) == 0; }

bool ResetConnection(httplib::Request const& req) {
  int const fd = ConnectionSocket(req);
  if (fd < 0) return false;
  sockaddr unspecified{};
  unspecified.sa_family = AF_UNSPEC;
  return connect(fd, &unspecified, sizeof(unspecified)) == 0;
}

void DrainBody(httplib::Request const& req, std::uint64_t length, std::size_t buffered_at_most,
               std::chrono::milliseconds pause) {
  int const fd = ConnectionSocket(req);
  if (fd < 0) return;
  std::uint64_t const surely_unread = length > buffered_at_most ? length - buffered_at_most : 0;
  // While bytes are surely still coming, wait for them as long as a stalled client may take.
  constexpr int kStalledClientMs = 5000;
  std::uint64_t drained = 0;
  char buffer[64 * 1024];
  while (drained < length) {
    pollfd poller{fd, POLLIN, 0};
    int const wait_ms = drained < surely_unread ? kStalledClientMs : static_cast<int>(pause.count());
    if (poll(&poller, 1, wait_ms) <= 0) return;
    std::size_t const want =
        static_cast<std::size_t>(std::min<std::uint64_t>(sizeof(buffer), length - drained));
    ssize_t const n = recv(fd, buffer, want, MSG_DONTWAIT);
    if (n <= 0) return;
    drained += static_cast<std::uint64_t>(n);
  }
}

void BlockSigpipeInThisThread() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGPIPE);
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
}

}  // namespace lepton::fake
