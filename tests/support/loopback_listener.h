#pragma once

#include <openssl/ssl.h>

#include <chrono>
#include <cstdint>
#include <string>
#include <thread>

// Loopback servers on threads of their own, with blocking sockets: for code under test that
// runs its own io_context or is another process. (Servers that share the test's io_context are
// in loopback_servers.h.)
namespace orchard::testing {

// A TCP socket listening on 127.0.0.1 at a port the kernel chose. Connections complete in the
// backlog whether or not anyone accepts them. Closed when the object dies.
class LoopbackListener {
 public:
  explicit LoopbackListener(int backlog = 4);
  ~LoopbackListener();
  LoopbackListener(const LoopbackListener&) = delete;
  LoopbackListener& operator=(const LoopbackListener&) = delete;

  uint16_t port() const { return port_; }
  int fd() const { return fd_; }
  // "http://127.0.0.1:<port><path>".
  std::string HttpUrl(const std::string& path) const;

 private:
  int fd_ = -1;
  uint16_t port_ = 0;
};

// A loopback port that refuses connections (bound, never listened on, closed).
uint16_t ClosedLoopbackPort();

// Serves one connection on a thread: reads the request up to its blank line, records it, writes
// `reply` (nothing when empty), waits `hold`, closes. With `tls` (borrowed, must outlive the
// server) it does so inside a TLS handshake. The destructor stops waiting for a connection that
// never came and joins the thread.
class OneShotServer {
 public:
  explicit OneShotServer(std::string reply, std::chrono::milliseconds hold = {},
                         SSL_CTX* tls = nullptr);
  ~OneShotServer();
  OneShotServer(const OneShotServer&) = delete;
  OneShotServer& operator=(const OneShotServer&) = delete;

  uint16_t port() const { return listener_.port(); }
  std::string HttpUrl(const std::string& path) const { return listener_.HttpUrl(path); }
  // What the client sent; read it after the client is done with the server.
  const std::string& request() const { return request_; }

 private:
  void Serve(int connection);

  LoopbackListener listener_;
  std::string reply_;
  std::chrono::milliseconds hold_;
  SSL_CTX* tls_;
  std::string request_;
  std::thread thread_;
};

}  // namespace orchard::testing
