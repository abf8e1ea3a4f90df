#include "tls_server.h"

#include <openssl/ssl.h>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <stdexcept>

namespace orchard::testing {
namespace asio = boost::asio;
using asio::ip::tcp;

namespace {

void Check(bool ok, const char* what) {
  if (!ok) throw std::runtime_error(std::string("test TLS server: ") + what);
}

}  // namespace

struct TestTlsServer::Impl {
  Impl(asio::io_context& io, ServerSpec s)
      : spec(std::move(s)),
        acceptor(io, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0)),
        ssl(asio::ssl::context::tls_server) {}

  ServerSpec spec;
  tcp::acceptor acceptor;
  asio::ssl::context ssl;
  int accepted = 0;
  std::string last_sni;
};

namespace {

// Runs while the server reads the ClientHello, so it is recorded before the client can finish.
int RecordSni(SSL* ssl, int* /*alert*/, void* arg) {
  const char* sni = SSL_get_servername(ssl, TLSEXT_NAMETYPE_host_name);
  static_cast<TestTlsServer::Impl*>(arg)->last_sni = sni != nullptr ? sni : "";
  return SSL_TLSEXT_ERR_OK;
}

asio::awaitable<void> Serve(TestTlsServer::Impl* impl, tcp::socket socket);

asio::awaitable<void> Accept(TestTlsServer::Impl* impl) {
  while (true) {
    auto [ec, socket] = co_await impl->acceptor.async_accept(asio::as_tuple(asio::use_awaitable));
    if (ec) co_return;
    ++impl->accepted;
    asio::co_spawn(impl->acceptor.get_executor(), Serve(impl, std::move(socket)), asio::detached);
  }
}

asio::awaitable<void> Serve(TestTlsServer::Impl* impl, tcp::socket socket) {
  auto tuple = asio::as_tuple(asio::use_awaitable);
  char buf[4096];
  switch (impl->spec.mode) {
    case ServerMode::kClose:
      socket.close();
      co_return;
    case ServerMode::kGarbage: {
      co_await socket.async_read_some(asio::buffer(buf), tuple);
      std::string garbage = "SSH-2.0-definitely-not-TLS\r\n";
      garbage += std::string(64, '\x7f');
      co_await asio::async_write(socket, asio::buffer(garbage), tuple);
      socket.close();
      co_return;
    }
    case ServerMode::kSilent:
      while (true) {
        auto [ec, n] = co_await socket.async_read_some(asio::buffer(buf), tuple);
        if (ec) co_return;
      }
    case ServerMode::kTls: {
      asio::ssl::stream<tcp::socket> stream(std::move(socket), impl->ssl);
      auto [ec] = co_await stream.async_handshake(asio::ssl::stream_base::server, tuple);
      if (ec) co_return;
      while (true) {
        auto [read_ec, n] = co_await stream.async_read_some(asio::buffer(buf), tuple);
        if (read_ec) co_return;
        std::string reply = "echo:" + std::string(buf, n);
        auto [write_ec, written] = co_await asio::async_write(stream, asio::buffer(reply), tuple);
        if (write_ec) co_return;
      }
    }
  }
}

}  // namespace

TestTlsServer::TestTlsServer(asio::io_context& io, ServerSpec spec)
    : impl_(std::make_unique<Impl>(io, std::move(spec))) {
  if (impl_->spec.mode == ServerMode::kTls) {
    SSL_CTX* ctx = impl_->ssl.native_handle();
    Check(!impl_->spec.chain.empty() && impl_->spec.key != nullptr, "server needs a chain");
    Check(SSL_CTX_use_certificate(ctx, impl_->spec.chain.front()) == 1, "server certificate");
    for (size_t i = 1; i < impl_->spec.chain.size(); ++i) {
      Check(SSL_CTX_add1_chain_cert(ctx, impl_->spec.chain[i]) == 1, "server chain");
    }
    Check(SSL_CTX_use_PrivateKey(ctx, impl_->spec.key) == 1, "server key");
    SSL_CTX_set_tlsext_servername_callback(ctx, RecordSni);
    SSL_CTX_set_tlsext_servername_arg(ctx, impl_.get());
    if (impl_->spec.tls12_only) SSL_CTX_set_max_proto_version(ctx, TLS1_2_VERSION);
  }
  asio::co_spawn(impl_->acceptor.get_executor(), Accept(impl_.get()), asio::detached);
}

TestTlsServer::~TestTlsServer() {
  boost::system::error_code ignored;
  impl_->acceptor.close(ignored);
}

uint16_t TestTlsServer::port() const { return impl_->acceptor.local_endpoint().port(); }
int TestTlsServer::accepted() const { return impl_->accepted; }
std::string TestTlsServer::last_sni() const { return impl_->last_sni; }

}  // namespace orchard::testing
