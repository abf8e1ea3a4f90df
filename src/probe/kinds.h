#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ip/udp.hpp>
#include <cstdint>
#include <span>
#include <string_view>

#include "base/clock.h"
#include "catalog/endpoint.h"
#include "probe/outcome.h"
#include "probe/plan.h"
#include "probe/result.h"

// The probe kinds: one row per CheckKind, which the planner (KindFor), the dispatcher
// (ProtocolDispatch), the engine's timeouts (TimeoutReason) and the names in JSON and metrics
// read. A new kind is its folder (src/probe/KIND/, with its runner) plus one row in kinds.cc.
namespace orchard::probe {

class Slots;
class TlsTrust;
struct NtpOptions;

// What a kind's runner gets from the dispatcher. Everything is borrowed for the runner's call.
struct KindContext {
  const ProbeSpec& spec;
  const Route& route;  // how the TCP socket reaches the target (unused over UDP)
  Deadline deadline;
  const Clock& clock;
  const TlsTrust* trust;  // null without a trust store (then kinds that need one do not run)
  const NtpOptions& ntp;
  Slots& tls_slots;  // bounds the TLS handshakes in progress
};

// Talks the kind's protocol over a connected socket (the runner may move it into a stream; the
// engine closes it afterwards either way) and returns by ctx.deadline. Never throws.
using TcpRunner = boost::asio::awaitable<ProtocolOutcome> (*)(const KindContext& ctx,
                                                              boost::asio::ip::tcp::socket& socket);
// Talks the kind's protocol to one endpoint over `socket` (closed, or open and unconnected)
// and returns by `until`. Never throws.
using UdpRunner = boost::asio::awaitable<ProtocolOutcome> (*)(const KindContext& ctx,
                                                              boost::asio::ip::udp::socket& socket,
                                                              boost::asio::ip::udp::endpoint server,
                                                              Deadline until);

struct KindSpec {
  CheckKind kind;
  std::string_view name;  // the stable name in JSON ("check") and metrics; never changes
  catalog::Transport transport;
  // The ports that select this kind on `transport`; on a shared port, the catalog's
  // hints.http_check value that selects it ("" for the port's default). A port no row claims
  // is a tcp check (udp: dns).
  std::span<const uint16_t> ports;
  std::string_view http_hint;
  // The reason the check fails with when its protocol exchange runs out of time: a timeout
  // reason (IsTimeout) where the kind has one, else the kind's "no valid answer" reason.
  Reason timeout;
  bool needs_trust;    // runs only with a trust store; without one the check is TCP-only
  TcpRunner over_tcp;  // null: reaching the port is the check
  UdpRunner over_udp;  // null: not a UDP kind
};

// Every kind, in CheckKind's order.
std::span<const KindSpec> Kinds();
// The row of `kind` (every CheckKind has one: the registry test checks).
const KindSpec& KindOf(CheckKind kind);

// The reason a check of `kind` fails with when its protocol exchange runs out of time.
Reason TimeoutReason(CheckKind kind);

}  // namespace orchard::probe
