#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <string>

#include "base/clock.h"
#include "probe/kinds.h"
#include "probe/outcome.h"
#include "probe/tls/tls_trust.h"

// The TLS check: one handshake on an already-connected socket (direct, or a proxy's CONNECT
// tunnel), the chain the server sent, and what it means (see tls_chain.h).
namespace orchard::probe {

// Handshakes as a client on `socket` (borrowed; left open, the engine closes it) with SNI `sni`
// (a DNS name; an IP literal sends no SNI and is checked against the certificate's IP
// addresses), TLS 1.2 or 1.3, no session resumption or tickets, ALPN "http/1.1". The whole
// handshake runs before `deadline`. The chain is verified at `clock.Now()` against both stores
// in `trust`. Outcome: pass/ok, or fail with tls_intercepted, tls_untrusted,
// tls_cert_time_invalid or tls_handshake_failed (OpenSSL's words in the detail); `tls_ms` and
// `tls` facts are set whenever the handshake completed. Never throws; `trust` and `clock` must
// outlive the returned awaitable.
boost::asio::awaitable<ProtocolOutcome> ProbeTls(boost::asio::ip::tcp::socket& socket,
                                                 std::string sni, Deadline deadline,
                                                 const TlsTrust& trust, const Clock& clock);

// The tls kind's runner: waits for one of ctx.tls_slots within the deadline (a skip with
// reason deadline when none frees up: this machine's limit, not the network's), then ProbeTls
// with the spec's SNI (its target when it has none) and ctx.trust, which must be set.
boost::asio::awaitable<ProtocolOutcome> RunTls(const KindContext& ctx,
                                               boost::asio::ip::tcp::socket& socket);

}  // namespace orchard::probe
