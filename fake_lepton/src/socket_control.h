#ifndef LEPTONKIT_FAKE_LEPTON_SRC_SOCKET_CONTROL_H_
#define LEPTONKIT_FAKE_LEPTON_SRC_SOCKET_CONTROL_H_

// Connection-level faults. cpp-httplib 0.11 does not hand a handler its socket, so the socket is
// found among the process's descriptors by the connection's two addresses (Linux: /proc/self/fd).
// The descriptor stays owned by httplib: these functions change the connection, never close
// the descriptor, so httplib's own close later cannot hit a reused number.

#include <chrono>
#include <cstddef>
#include <cstdint>

#include <httplib.h>

namespace lepton::fake {

/// The server-side socket of the connection that carries `req`, or -1 when none is found.
int ConnectionSocket(httplib::Request const& req);

/// Ends the connection on socket `fd` (from ConnectionSocket) with FIN in both directions: the
/// client reads end-of-file, no answer. Anything httplib writes afterwards fails with EPIPE (no
/// signal: see BlockSigpipeInThisThread). False for fd < 0.
bool CloseWithoutAnswer(int fd);

/// Aborts the connection with a TCP reset: on Linux, connect(AF_UNSPEC) on a connected TCP
/// socket disconnects it and sends RST, and leaves the descriptor open for httplib to close.
bool ResetConnection(httplib::Request const& req);

/// Reads and discards the body of `req`, `length` bytes of which httplib has not read, straight
/// from its socket, so that closing the connection after an early answer sends FIN rather than
/// a reset that could destroy the answer before the client reads it (a client writing a large
/// body reads nothing until it has written it all). httplib may already hold up to
/// `buffered_at_most` of those bytes: they are never waited for; the rest is read as it comes,
/// and reading stops at the first pause of `pause` (real time) once only those may be missing.
/// Best effort; does nothing when the socket is not found.
void DrainBody(httplib::Request const& req, std::uint64_t length, std::size_t buffered_at_most,
               std::chrono::milliseconds pause);

/// Blocks SIGPIPE in the calling thread (and the threads it starts afterwards). The fake's
/// answers are written with send(MSG_NOSIGNAL) (half_close_server.h) and httplib's Server
/// constructor ignores SIGPIPE process-wide; this keeps the fake's workers safe from any other
/// write if the embedding program installs a handler again.
void BlockSigpipeInThisThread();

}  // namespace lepton::fake

#endif  // LEPTONKIT_FAKE_LEPTON_SRC_SOCKET_CONTROL_H_
