#include "support/loopback_listener.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <functional>
#include <stdexcept>

namespace orchard::testing {
namespace {

// A TCP socket bound to 127.0.0.1 at a port the kernel chose (written to `port`).
int BindLoopback(uint16_t& port) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof(addr);
  if (fd < 0 || bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0 ||
      getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
    throw std::runtime_error("loopback listener: cannot bind 127.0.0.1:0");
  }
  port = ntohs(addr.sin_port);
  return fd;
}

}  // namespace

LoopbackListener::LoopbackListener(int backlog) {
  fd_ = BindLoopback(port_);
  if (listen(fd_, backlog) != 0) throw std::runtime_error("loopback listener: listen failed");
}

LoopbackListener::~LoopbackListener() { close(fd_); }

std::string LoopbackListener::HttpUrl(const std::string& path) const {
  return "http://127.0.0.1:" + std::to_string(port_) + path;
}

uint16_t ClosedLoopbackPort() {
  uint16_t port = 0;
  close(BindLoopback(port));
  return port;
}

OneShotServer::OneShotServer(std::string reply, std::chrono::milliseconds hold, SSL_CTX* tls)
    : reply_(std::move(reply)), hold_(hold), tls_(tls) {
  thread_ = std::thread([this] {
    int connection = accept(listener_.fd(), nullptr, nullptr);
    if (connection < 0) return;
    Serve(connection);
    close(connection);
  });
}

OneShotServer::~OneShotServer() {
  shutdown(listener_.fd(), SHUT_RDWR);  // wakes an accept() no client came for
  thread_.join();
}

void OneShotServer::Serve(int connection) {
  SSL* ssl = nullptr;
  if (tls_ != nullptr) {
    ssl = SSL_new(tls_);
    SSL_set_fd(ssl, connection);
    if (SSL_accept(ssl) != 1) {
      SSL_free(ssl);
      return;
    }
  }
  char buf[4096];
  while (request_.find("\r\n\r\n") == std::string::npos) {
    const long n = ssl != nullptr ? SSL_read(ssl, buf, sizeof(buf))
                                  : static_cast<long>(read(connection, buf, sizeof(buf)));
    if (n <= 0) break;
    request_.append(buf, static_cast<size_t>(n));
  }
  if (!reply_.empty()) {
    if (ssl != nullptr) {
      SSL_write(ssl, reply_.data(), static_cast<int>(reply_.size()));
    } else {
      (void)!write(connection, reply_.data(), reply_.size());
    }
  }
  if (hold_.count() > 0) std::this_thread::sleep_for(hold_);
  if (ssl != nullptr) {
    SSL_shutdown(ssl);
    SSL_free(ssl);
  }
}

}  // namespace orchard::testing
