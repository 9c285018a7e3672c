#include "half_close_server.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <chrono>
#include <cstddef>
#include <string>
#include <string_view>

namespace lepton::fake {
namespace {

int ToMillis(time_t sec, time_t usec) { return static_cast<int>(sec * 1000 + usec / 1000); }

bool Poll(int fd, short events, int timeout_ms) {
  pollfd p{fd, events, 0};
  int n = 0;
  do {
    n = poll(&p, 1, timeout_ms);
  } while (n < 0 && errno == EINTR);
  return n > 0;
}

// True unless the peer has sent end-of-file (or the socket failed): what httplib checks before
// every write.
bool PeerStillSending(int fd) {
  if (!Poll(fd, POLLIN, 0)) return true;
  char byte = 0;
  return recv(fd, &byte, 1, MSG_PEEK) > 0;
}

void AddressOf(int fd, bool peer, std::string& ip, int& port) {
  sockaddr_storage addr{};
  socklen_t size = sizeof(addr);
  int const rc = peer ? getpeername(fd, reinterpret_cast<sockaddr*>(&addr), &size)
                      : getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &size);
  if (rc != 0) return;
  std::array<char, INET6_ADDRSTRLEN> text{};
  if (addr.ss_family == AF_INET) {
    auto const& in = reinterpret_cast<sockaddr_in const&>(addr);
    inet_ntop(AF_INET, &in.sin_addr, text.data(), text.size());
    port = ntohs(in.sin_port);
  } else if (addr.ss_family == AF_INET6) {
    auto const& in6 = reinterpret_cast<sockaddr_in6 const&>(addr);
    inet_ntop(AF_INET6, &in6.sin6_addr, text.data(), text.size());
    port = ntohs(in6.sin6_port);
  } else {
    return;
  }
  ip = text.data();
}

// A connection's stream, kept for all its requests (bytes read ahead stay for the next one).
class ConnectionStream final : public httplib::Stream {
 public:
  ConnectionStream(int fd, int read_timeout_ms, int write_timeout_ms)
      : fd_(fd), read_timeout_ms_(read_timeout_ms), write_timeout_ms_(write_timeout_ms) {}

  // A new request: its answer's header block is the next write.
  void BeginRequest() {
    header_next_ = true;
    streamed_ = false;
  }
  // The answer just written said `Connection: close`: no request is read after it (a refused
  // body read ahead with its request must never be taken for the next one).
  [[nodiscard]] bool CloseAnnounced() const { return close_announced_; }
  [[nodiscard]] bool HasBufferedBytes() const { return begin_ < end_; }

  bool is_readable() const override {
    return HasBufferedBytes() || Poll(fd_, POLLIN, read_timeout_ms_);
  }

  // Writable while the socket takes bytes. Only a streamed answer also needs the peer to be
  // still sending (httplib's rule, see the header).
  bool is_writable() const override {
    return Poll(fd_, POLLOUT, write_timeout_ms_) && (!streamed_ || PeerStillSending(fd_));
  }

  ssize_t read(char* ptr, size_t size) override {
    if (!HasBufferedBytes()) {
      if (!Poll(fd_, POLLIN, read_timeout_ms_)) return -1;
      ssize_t n = 0;
      do {
        n = recv(fd_, buffer_.data(), buffer_.size(), 0);
      } while (n < 0 && errno == EINTR);
      if (n <= 0) return n;
      begin_ = 0;
      end_ = static_cast<std::size_t>(n);
    }
    std::size_t const count = std::min(size, end_ - begin_);
    std::copy_n(buffer_.data() + begin_, count, ptr);
    begin_ += count;
    return static_cast<ssize_t>(count);
  }

  ssize_t write(char const* ptr, size_t size) override {
    std::string_view const data(ptr, size);
    if (header_next_ && data.starts_with("HTTP/1.1 ") && !data.starts_with("HTTP/1.1 100 ")) {
      // The status line and headers go out in one write (httplib builds them in a buffer).
      header_next_ = false;
      streamed_ = data.find("\r\nTransfer-Encoding: chunked\r\n") != std::string_view::npos;
      close_announced_ = data.find("\r\nConnection: close\r\n") != std::string_view::npos;
    }
    if (!is_writable()) return -1;
    ssize_t n = 0;
    do {
      n = send(fd_, ptr, size, MSG_NOSIGNAL);
    } while (n < 0 && errno == EINTR);
    return n;
  }

  void get_remote_ip_and_port(std::string& ip, int& port) const override {
    AddressOf(fd_, /*peer=*/true, ip, port);
  }
  void get_local_ip_and_port(std::string& ip, int& port) const override {
    AddressOf(fd_, /*peer=*/false, ip, port);
  }
  socket_t socket() const override { return fd_; }

 private:
  int fd_;
  int read_timeout_ms_;
  int write_timeout_ms_;
  bool header_next_ = true;
  bool streamed_ = false;
  bool close_announced_ = false;
  std::array<char, 4096> buffer_{};
  std::size_t begin_ = 0;
  std::size_t end_ = 0;
};

}  // namespace

bool HalfCloseServer::process_and_close_socket(socket_t sock) {
  ConnectionStream stream(sock, ToMillis(read_timeout_sec_, read_timeout_usec_),
                          ToMillis(write_timeout_sec_, write_timeout_usec_));
  // As httplib: serve requests while the server runs, at most keep_alive_max_count_ of them,
  // each arriving within keep_alive_timeout_sec_ of the previous answer.
  bool ok = false;
  for (std::size_t left = keep_alive_max_count_; left > 0 && svr_sock_ != INVALID_SOCKET; --left) {
    auto const deadline = std::chrono::steady_clock::now() +
                          std::chrono::seconds(keep_alive_timeout_sec_);
    bool arrived = stream.HasBufferedBytes();
    while (!arrived && svr_sock_ != INVALID_SOCKET &&
           std::chrono::steady_clock::now() < deadline) {
      arrived = Poll(sock, POLLIN, 10);
    }
    if (!arrived) break;
    stream.BeginRequest();
    bool connection_closed = false;
    ok = process_request(stream, /*close_connection=*/left == 1, connection_closed, nullptr);
    if (!ok || connection_closed || stream.CloseAnnounced()) break;
  }
  shutdown(sock, SHUT_RDWR);
  close(sock);
  return ok;
}

}  // namespace lepton::fake
