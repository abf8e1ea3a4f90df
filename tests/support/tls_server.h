#pragma once

#include <openssl/evp.h>
#include <openssl/x509.h>

#include <boost/asio/io_context.hpp>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

// An in-process TLS server on 127.0.0.1 port 0 for the TLS probe's tests (certificates from
// pki.h), run as coroutines on the test's io_context.
namespace orchard::testing {

// What the test server does with each connection it accepts.
enum class ServerMode {
  kTls,      // TLS handshake with `chain`/`key`, then echoes "echo:" + whatever it reads
  kGarbage,  // reads the ClientHello, answers with bytes that are not TLS
  kClose,    // closes the connection as soon as it is accepted
  kSilent,   // reads and never answers (a stalled handshake)
};

struct ServerSpec {
  ServerMode mode = ServerMode::kTls;
  std::vector<X509*> chain;  // leaf first; borrowed, must outlive the server
  EVP_PKEY* key = nullptr;   // borrowed
  bool tls12_only = false;   // cap the server at TLS 1.2
};

// Accepts connections on 127.0.0.1 (an ephemeral port) on `io` until `io` stops. Runs on the
// same io_context as the code under test; needs no thread of its own.
class TestTlsServer {
 public:
  TestTlsServer(boost::asio::io_context& io, ServerSpec spec);
  ~TestTlsServer();
  uint16_t port() const;
  // Connections accepted so far.
  int accepted() const;
  // The SNI of the last completed TLS handshake ("" when the client sent none).
  std::string last_sni() const;

  struct Impl;  // public only so the serving coroutines in the .cc can name it

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace orchard::testing
