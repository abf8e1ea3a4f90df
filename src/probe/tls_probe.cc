#include "probe/tls_probe.h"

#include <arpa/inet.h>
#include <fmt/format.h>
#include <openssl/err.h>
#include <openssl/ssl.h>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/ssl/error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <chrono>
#include <exception>
#include <variant>
#include <vector>

#include "probe/tls_chain.h"

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

double MsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
      .count();
}

// A fresh client SSL from a fresh context, so no session, ticket or cache is shared between
// checks. Certificate verification is off here: the chain is verified afterwards, twice, at the
// Clock's time (tls_chain.h). Returns null on allocation failure.
SSL* NewClientSsl(const std::string& sni) {
  SSL_CTX* ctx = SSL_CTX_new(TLS_client_method());
  if (ctx == nullptr) return nullptr;
  SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION);
  SSL_CTX_set_options(ctx, SSL_OP_NO_TICKET | SSL_OP_NO_COMPRESSION | SSL_OP_NO_RENEGOTIATION);
  SSL_CTX_set_session_cache_mode(ctx, SSL_SESS_CACHE_OFF);
  SSL_CTX_set_verify(ctx, SSL_VERIFY_NONE, nullptr);
  SSL* ssl = SSL_new(ctx);
  SSL_CTX_free(ctx);  // the SSL holds its own reference
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

struct HandshakeResult {
  ProtocolOutcome outcome;
  bool completed = false;
};

template <class Stream>
asio::awaitable<HandshakeResult> Handshake(Stream& stream, const std::string& sni,
                                           Deadline deadline, const TlsTrust& trust,
                                           const Clock& clock) {
  HandshakeResult result;
  auto start = std::chrono::steady_clock::now();
  if (deadline <= start) {
    result.outcome = Failed(Reason::kTlsHandshakeFailed, "no time left for the TLS handshake");
    co_return result;
  }
  asio::steady_timer timer(stream.get_executor(), deadline);
  auto race = co_await (
      stream.async_handshake(asio::ssl::stream_base::client, asio::as_tuple(asio::use_awaitable)) ||
      timer.async_wait(asio::as_tuple(asio::use_awaitable)));
  double ms = MsSince(start);
  if (race.index() == 1) {
    ERR_clear_error();
    result.outcome = Failed(Reason::kTlsHandshakeFailed,
                            fmt::format("no TLS handshake before the deadline ({:.0f} ms)", ms));
    co_return result;
  }
  auto [ec] = std::get<0>(race);
  if (ec) {
    result.outcome = Failed(Reason::kTlsHandshakeFailed, DescribeHandshakeError(ec));
    ERR_clear_error();
    co_return result;
  }
  result.completed = true;

  SSL* ssl = stream.native_handle();
  std::vector<X509*> chain;
  if (STACK_OF(X509)* sent = SSL_get_peer_cert_chain(ssl)) {
    for (int i = 0; i < sk_X509_num(sent); ++i) chain.push_back(sk_X509_value(sent, i));
  }
  ChainAnalysis analysis = AnalyzeChain(trust, chain, sni, clock.Now());
  analysis.facts.version = SSL_get_version(ssl);
  if (const SSL_CIPHER* cipher = SSL_get_current_cipher(ssl)) {
    analysis.facts.cipher = SSL_CIPHER_get_name(cipher);
  }
  ProtocolOutcome& out = result.outcome;
  out.status = analysis.status;
  out.reason = analysis.reason;
  out.detail =
      fmt::format("{} {}: {}", analysis.facts.version, analysis.facts.cipher, analysis.detail);
  out.tls_ms = ms;
  out.tls = std::move(analysis.facts);
  co_return result;
}

template <class Stream>
asio::awaitable<HandshakeResult> GuardedHandshake(Stream& stream, const std::string& sni,
                                                  Deadline deadline, const TlsTrust& trust,
                                                  const Clock& clock) {
  HandshakeResult result;
  try {
    result = co_await Handshake(stream, sni, deadline, trust, clock);
  } catch (const std::exception& e) {
    result = {Failed(Reason::kInternal, fmt::format("TLS probe: {}", e.what())), false};
  }
  co_return result;
}

}  // namespace

asio::awaitable<ProtocolOutcome> ProbeTls(tcp::socket& socket, std::string sni, Deadline deadline,
                                          const TlsTrust& trust, const Clock& clock) {
  SSL* ssl = NewClientSsl(sni);
  if (ssl == nullptr) co_return Failed(Reason::kInternal, "TLS probe: cannot create an SSL");
  asio::ssl::stream<tcp::socket&> stream(socket, ssl);  // owns `ssl` from here
  HandshakeResult result = co_await GuardedHandshake(stream, sni, deadline, trust, clock);
  co_return std::move(result.outcome);
}

asio::awaitable<TlsSession> OpenTlsSession(tcp::socket socket, std::string sni, Deadline deadline,
                                           const TlsTrust& trust, const Clock& clock) {
  TlsSession session;
  SSL* ssl = NewClientSsl(sni);
  if (ssl == nullptr) {
    session.outcome = Failed(Reason::kInternal, "TLS probe: cannot create an SSL");
    co_return session;
  }
  auto stream = std::make_unique<TlsStream>(std::move(socket), ssl);
  HandshakeResult result = co_await GuardedHandshake(*stream, sni, deadline, trust, clock);
  session.outcome = std::move(result.outcome);
  if (result.completed) session.stream = std::move(stream);
  co_return session;
}

}  // namespace orchard::probe
