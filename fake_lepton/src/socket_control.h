#ifndef LEPTONKIT_FAKE_LEPTON_SRC_SOCKET_CONTROL_H_
#define LEPTONKIT_FAKE_LEPTON_SRC_SOCKET_CONTROL_H_

// Connection-level faults. cpp-httplib 0.11 does not hand a handler its socket, so the socket is
// found among the process's descriptors by the connection's two addresses (Linux: /proc/self/fd).
// The descriptor stays owned by httplib: these functions change the connection, never close
// the descriptor, so httplib's own close later cannot hit a reused number.

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

/// Blocks SIGPIPE in the calling thread (and the threads it starts afterwards). httplib writes
/// with plain send(); its Server constructor already ignores SIGPIPE process-wide, and this
/// keeps the fake's workers safe if the embedding program installs a handler again.
void BlockSigpipeInThisThread();

}  // namespace lepton::fake

#endif  // LEPTONKIT_FAKE_LEPTON_SRC_SOCKET_CONTROL_H_
