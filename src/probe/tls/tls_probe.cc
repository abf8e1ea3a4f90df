#include "probe/tls/tls_probe.h"

#include <arpa/inet.h>
#include <fmt/format.h>
#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <sys/socket.h>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/ssl/error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <cerrno>
#include <chrono>
#include <exception>
#include <memory>
#include <variant>
#include <vector>

#include "base/clock.h"
#include "probe/deadline.h"
#include "probe/slots.h"
#include "probe/tls/tls_chain.h"

namespace orchard::probe {
namespace {

namespace asio = boost::asio;
using asio::ip::tcp;
using namespace asio::experimental::awaitable_operators;

constexpr unsigned char kAlpnHttp11[] = "\x08http/1.1";

bool IsIpLiteral(const std::string& host) {
  unsigned char buf[16];
  return inet_pton(AF_INET, host.c_str(), buf) == 1 || inet_pton(AF_INET6, host.c_str(), buf) == 1;
}

// One client context for every check, built on first use: creating a context costs more CPU in
// OpenSSL 3 than the rest of a handshake. Nothing is shared between checks through it: no session
// cache, no tickets, so every handshake is a full one. Certificate verification is off here: the
// chain is verified afterwards, twice, at the Clock's time (tls_chain.h). Handshake buffers are
// released as soon as they are empty, so a check in flight holds little memory.
SSL_CTX* ClientContext() {
  static const std::unique_ptr<SSL_CTX, decltype(&SSL_CTX_free)> ctx = [] {
    std::unique_ptr<SSL_CTX, decltype(&SSL_CTX_free)> c(SSL_CTX_new(TLS_client_method()),
                                                        &SSL_CTX_free);
    if (c) {
      SSL_CTX_set_min_proto_version(c.get(), TLS1_2_VERSION);
      SSL_CTX_set_options(c.get(),
                          SSL_OP_NO_TICKET | SSL_OP_NO_COMPRESSION | SSL_OP_NO_RENEGOTIATION);
      SSL_CTX_set_session_cache_mode(c.get(), SSL_SESS_CACHE_OFF);
      SSL_CTX_set_mode(c.get(), SSL_MODE_RELEASE_BUFFERS);
      SSL_CTX_set_verify(c.get(), SSL_VERIFY_NONE, nullptr);
    }
    return c;
  }();
  return ctx.get();
}

// A client SSL for one check. Returns null on allocation failure.
SSL* NewClientSsl(const std::string& sni) {
  SSL_CTX* ctx = ClientContext();
  if (ctx == nullptr) return nullptr;
  SSL* ssl = SSL_new(ctx);
  if (ssl == nullptr) return nullptr;
  if (!sni.empty() && !IsIpLiteral(sni)) SSL_set_tlsext_host_name(ssl, sni.c_str());
  SSL_set_alpn_protos(ssl, kAlpnHttp11, sizeof kAlpnHttp11 - 1);
  return ssl;
}

std::string DescribeHandshakeError(const boost::system::error_code& ec) {
  if (ec == asio::error::eof || ec == asio::ssl::error::stream_truncated) {
    return "the server closed the connection during the TLS handshake";
  }
  if (ec == asio::error::connection_reset) {
    return "the connection was reset during the TLS handshake";
  }
  return fmt::format("TLS handshake failed: {}", ec.message());
}

ProtocolOutcome NoTimeLeft() {
  return Failed(Reason::kTlsHandshakeFailed, "no time left for the TLS handshake");
}

ProtocolOutcome TimedOut(double ms) {
  ERR_clear_error();
  return Failed(Reason::kTlsHandshakeFailed,
                fmt::format("no TLS handshake before the deadline ({:.0f} ms)", ms));
}

ProtocolOutcome HandshakeFailed(const boost::system::error_code& ec) {
  ERR_clear_error();
  return Failed(Reason::kTlsHandshakeFailed, DescribeHandshakeError(ec));
}

// A completed handshake: the chain the server sent and what it means.
ProtocolOutcome Judge(SSL* ssl, double ms, const std::string& sni, const TlsTrust& trust,
                      const Clock& clock) {
  std::vector<X509*> chain;
  if (STACK_OF(X509)* sent = SSL_get_peer_cert_chain(ssl)) {
    for (int i = 0; i < sk_X509_num(sent); ++i) chain.push_back(sk_X509_value(sent, i));
  }
  ChainAnalysis analysis = AnalyzeChain(trust, chain, sni, clock.Now());
  analysis.facts.version = SSL_get_version(ssl);
  if (const SSL_CIPHER* cipher = SSL_get_current_cipher(ssl)) {
    analysis.facts.cipher = SSL_CIPHER_get_name(cipher);
  }
  ProtocolOutcome out;
  out.status = analysis.status;
  out.reason = analysis.reason;
  out.detail =
      fmt::format("{} {}: {}", analysis.facts.version, analysis.facts.cipher, analysis.detail);
  out.tls_ms = ms;
  out.tls = std::move(analysis.facts);
  return out;
}

// A socket BIO whose writes never raise SIGPIPE: OpenSSL's own uses write(2), and a server that
// closes mid-handshake would otherwise kill orchard. The rest is the socket BIO's.
int SendWithoutSignal(BIO* bio, const char* data, int length) {
  int fd = -1;
  BIO_get_fd(bio, &fd);
#if defined(MSG_NOSIGNAL)
  constexpr int kFlags = MSG_NOSIGNAL;
#else
  constexpr int kFlags = 0;  // macOS: the socket has SO_NOSIGPIPE instead
#endif
  errno = 0;
  const int sent = static_cast<int>(::send(fd, data, static_cast<size_t>(length), kFlags));
  BIO_clear_retry_flags(bio);
  if (sent <= 0 && BIO_sock_should_retry(sent)) BIO_set_retry_write(bio);
  return sent;
}

const BIO_METHOD* SocketWithoutSignal() {
  static BIO_METHOD* method = [] {
    const BIO_METHOD* socket = BIO_s_socket();
    BIO_METHOD* m = BIO_meth_new(BIO_TYPE_SOCKET, "orchard socket");
    if (m == nullptr) return m;
    BIO_meth_set_write(m, &SendWithoutSignal);
    BIO_meth_set_read(m, BIO_meth_get_read(socket));
    BIO_meth_set_ctrl(m, BIO_meth_get_ctrl(socket));
    BIO_meth_set_create(m, BIO_meth_get_create(socket));
    BIO_meth_set_destroy(m, BIO_meth_get_destroy(socket));
    return m;
  }();
  return method;
}

// Why SSL_do_handshake returned `ret`, in asio's terms, so both paths describe failures alike.
boost::system::error_code HandshakeErrorCode(SSL* ssl, int ret) {
  const int error = SSL_get_error(ssl, ret);
  if (error == SSL_ERROR_ZERO_RETURN) return asio::error::eof;
  if (error == SSL_ERROR_SYSCALL && ERR_peek_error() == 0) {
    if (errno == 0 || ret == 0) return asio::error::eof;
    return {errno, boost::system::system_category()};
  }
  unsigned long code = ERR_get_error();
  if (ERR_GET_REASON(code) == SSL_R_UNEXPECTED_EOF_WHILE_READING) {
    return asio::ssl::error::stream_truncated;
  }
  return {static_cast<int>(code), asio::error::get_ssl_category()};
}

// The handshake straight on the socket: OpenSSL reads and writes the descriptor itself and the
// coroutine waits for readiness. No asio stream means none of its two 17 KB buffers, so ten
// thousand checks in flight stay small.
asio::awaitable<ProtocolOutcome> SocketHandshake(tcp::socket& socket, SSL* ssl,
                                                 const std::string& sni, Deadline deadline,
                                                 const TlsTrust& trust, const Clock& clock) {
  auto start = std::chrono::steady_clock::now();
  if (deadline <= start) co_return NoTimeLeft();
  boost::system::error_code ec;
  socket.non_blocking(true, ec);
  if (ec) co_return HandshakeFailed(ec);
#if defined(SO_NOSIGPIPE)
  int on = 1;
  setsockopt(socket.native_handle(), SOL_SOCKET, SO_NOSIGPIPE, &on, sizeof on);
#endif
  BIO* bio = SocketWithoutSignal() ? BIO_new(SocketWithoutSignal()) : nullptr;
  if (bio != nullptr) BIO_set_fd(bio, static_cast<int>(socket.native_handle()), BIO_NOCLOSE);
  if (bio == nullptr) {
    co_return Failed(Reason::kInternal, "TLS probe: cannot create a BIO");
  }
  SSL_set_bio(ssl, bio, bio);  // `ssl` owns the BIO; the socket keeps its descriptor
  SSL_set_connect_state(ssl);
  asio::steady_timer timer(socket.get_executor(), deadline);
  for (;;) {
    ERR_clear_error();
    errno = 0;
    const int ret = SSL_do_handshake(ssl);
    if (ret == 1) break;
    const int error = SSL_get_error(ssl, ret);
    if (error != SSL_ERROR_WANT_READ && error != SSL_ERROR_WANT_WRITE) {
      co_return HandshakeFailed(HandshakeErrorCode(ssl, ret));
    }
    const auto wait =
        error == SSL_ERROR_WANT_READ ? tcp::socket::wait_read : tcp::socket::wait_write;
    auto race = co_await (socket.async_wait(wait, asio::as_tuple(asio::use_awaitable)) ||
                          timer.async_wait(asio::as_tuple(asio::use_awaitable)));
    if (race.index() == 1) co_return TimedOut(MsSince(start));
    if (auto [wait_ec] = std::get<0>(race); wait_ec) co_return HandshakeFailed(wait_ec);
  }
  co_return Judge(ssl, MsSince(start), sni, trust, clock);
}

}  // namespace

asio::awaitable<ProtocolOutcome> ProbeTls(tcp::socket& socket, std::string sni, Deadline deadline,
                                          const TlsTrust& trust, const Clock& clock) {
  std::unique_ptr<SSL, decltype(&SSL_free)> ssl(NewClientSsl(sni), &SSL_free);
  if (!ssl) co_return Failed(Reason::kInternal, "TLS probe: cannot create an SSL");
  try {
    co_return co_await SocketHandshake(socket, ssl.get(), sni, deadline, trust, clock);
  } catch (const std::exception& e) {
    co_return Failed(Reason::kInternal, fmt::format("TLS probe: {}", e.what()));
  }
}

asio::awaitable<ProtocolOutcome> RunTls(const KindContext& ctx, asio::ip::tcp::socket& socket) {
  const auto waited_from = SteadyClock::now();
  auto slot = co_await ctx.tls_slots.Acquire(ctx.deadline);
  if (!slot) {
    ProtocolOutcome out;
    out.status = Status::kSkip;
    out.reason = Reason::kDeadline;
    out.detail = fmt::format(
        "no TLS handshake before the deadline: this run's {} handshake slots stayed busy for "
        "{:.0f} ms (a longer --timeout or a lower --concurrency lets it through)",
        ctx.tls_slots.capacity(), MsSince(waited_from));
    co_return out;
  }
  const ProbeSpec& spec = ctx.spec;
  co_return co_await ProbeTls(socket, spec.sni.empty() ? spec.target : spec.sni, ctx.deadline,
                              *ctx.trust, ctx.clock);
}

}  // namespace orchard::probe
