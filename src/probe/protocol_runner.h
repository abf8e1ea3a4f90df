#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ip/udp.hpp>
#include <vector>

#include "probe/outcome.h"
#include "probe/plan.h"
#include "probe/result.h"

namespace orchard::probe {

// The application-level seam of a check: what runs once the port is reached (TLS, HTTP, OCSP,
// CRL, captive page, SSH banner, NTP, QUIC). The engine owns sockets, deadlines and the folding
// of outcomes into results; implementations only talk the protocol. Never throw on network
// trouble; return by the deadline.
class ProtocolRunner {
 public:
  virtual ~ProtocolRunner() = default;

  // Whether this runner can run `kind`. The engine reports a TCP-only result (or a skip for UDP)
  // for kinds it cannot.
  virtual bool Supports(CheckKind kind) const = 0;

  // Runs `spec.kind` over a connected socket. `route` says whether the socket is a direct
  // connection or a tunnel through a proxy.
  virtual boost::asio::awaitable<ProtocolOutcome> OverTcp(const ProbeSpec& spec,
                                                          boost::asio::ip::tcp::socket& socket,
                                                          const Route& route,
                                                          Deadline deadline) = 0;

  // Runs `spec.kind` (NTP, QUIC) against the resolved endpoints.
  virtual boost::asio::awaitable<ProtocolOutcome> OverUdp(
      const ProbeSpec& spec, std::vector<boost::asio::ip::udp::endpoint> endpoints,
      Deadline deadline) = 0;
};

// Runs nothing beyond reaching the port: every check is a TCP (or DNS) check.
class ReachOnlyRunner final : public ProtocolRunner {
 public:
  bool Supports(CheckKind kind) const override {
    return kind == CheckKind::kTcp || kind == CheckKind::kDns;
  }
  boost::asio::awaitable<ProtocolOutcome> OverTcp(const ProbeSpec&, boost::asio::ip::tcp::socket&,
                                                  const Route&, Deadline) override {
    co_return Passed("port open");
  }
  boost::asio::awaitable<ProtocolOutcome> OverUdp(const ProbeSpec&,
                                                  std::vector<boost::asio::ip::udp::endpoint>,
                                                  Deadline) override {
    co_return Failed(Reason::kInternal, "no UDP probe");
  }
};

}  // namespace orchard::probe
