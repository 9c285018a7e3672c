#ifndef LEPTONKIT_FAKE_LEPTON_SRC_HALF_CLOSE_SERVER_H_
#define LEPTONKIT_FAKE_LEPTON_SRC_HALF_CLOSE_SERVER_H_

// An httplib::Server that answers a client which shut its write side after a complete request.
//
// HTTP/1.1 allows that half-close (RFC 9112 §9.6: a client may close its sending side once the
// request is sent and still read the answer). cpp-httplib 0.11 refuses to write to a socket whose
// peer has sent FIN: every write first peeks at the socket, reads end-of-file and fails, so such
// a client got the connection closed without an answer. This server runs the same keep-alive
// loop and request processing as httplib, over its own stream whose writes go out while the
// socket takes them. A streamed (chunked) answer still ends at the peer's end-of-file, as with
// httplib: that is how a client that left a followed log stream is noticed while there is
// nothing to write.

#include <httplib.h>

namespace lepton::fake {

class HalfCloseServer : public httplib::Server {
 private:
  // Overrides httplib's per-connection loop (a private virtual; overriding it is allowed).
  bool process_and_close_socket(socket_t sock) override;
};

}  // namespace lepton::fake

#endif  // LEPTONKIT_FAKE_LEPTON_SRC_HALF_CLOSE_SERVER_H_
