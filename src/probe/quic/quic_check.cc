#include "probe/quic/quic_check.h"

#include <fmt/format.h>

#include <optional>
#include <random>
#include <span>
#include <string>
#include <vector>

#include "base/clock.h"
#include "probe/quic/quic.h"
#include "probe/udp_receive.h"

namespace orchard::probe {
namespace {

namespace asio = boost::asio;

std::vector<uint8_t> RandomId(std::size_t n) {
  static thread_local std::mt19937 rng{std::random_device{}()};
  std::vector<uint8_t> id(n);
  for (auto& b : id) b = static_cast<uint8_t>(rng());
  return id;
}

asio::awaitable<ProtocolOutcome> Exchange(asio::ip::udp::socket& socket,
                                          asio::ip::udp::endpoint server, Deadline deadline) {
  const auto start = std::chrono::steady_clock::now();
  if (!socket.is_open()) {
    boost::system::error_code ec;
    socket.open(server.protocol(), ec);
    if (ec) co_return Failed(Reason::kInternal, "cannot open a UDP socket: " + ec.message());
  }
  // Every datagram is a fresh Initial with connection IDs of its own, so each still draws a
  // Version Negotiation and an answer names the datagram it answers.
  std::vector<QuicProbe> probes;
  auto make = [&](int) {
    probes.push_back(QuicProbe{kQuicProbeVersion, RandomId(8), RandomId(8)});
    return BuildQuicProbe(probes.back());
  };
  ProtocolOutcome out;
  auto hear = [&](std::span<const uint8_t> packet) -> Heard {
    // Newest first: the usual answer is to the last datagram; its error is the one reported.
    std::optional<std::string> error;
    for (std::size_t i = probes.size(); i-- > 0;) {
      auto vn = ParseQuicVersionNegotiation(packet, probes[i]);
      if (!vn) {
        if (!error) error = vn.error();
        continue;
      }
      std::string versions;
      for (uint32_t v : vn->versions) {
        versions += (versions.empty() ? "" : ", ") + QuicVersionName(v);
      }
      out = Passed("QUIC server answered version negotiation: " + versions);
      return Heard{true, static_cast<int>(i) + 1};
    }
    out = Failed(Reason::kQuicBadReply, error.value_or("QUIC answer matches no probe"));
    return Heard{true, 0};
  };
  const DatagramExchange x = co_await ExchangeDatagrams(socket, server, deadline, make, hear);
  const std::string sent = AnsweredSuffix(x);
  if (x.send_failed) {
    out = Failed(SendFailureReason(x.error, Reason::kQuicNoReply),
                 "cannot send the QUIC probe: " + x.error.message() +
                     (IsLocalRefusal(x.error) ? " (a firewall on this machine refused it)" : "") +
                     sent);
  } else if (x.error == asio::error::timed_out) {
    out = Failed(Reason::kQuicNoReply,
                 fmt::format("no QUIC answer within {:.0f} ms{}", MsSince(start), sent));
  } else if (x.error == asio::error::connection_refused) {
    out = Failed(Reason::kQuicNoReply, "UDP port unreachable (ICMP)" + sent);
  } else if (x.error) {
    out = Failed(Reason::kQuicNoReply, "QUIC receive failed: " + x.error.message() + sent);
  } else {
    out.detail += sent;
    out.first_byte_ms = x.answer_ms;
  }
  out.udp = ToFacts(x);
  co_return out;
}

}  // namespace

asio::awaitable<ProtocolOutcome> CheckQuic(asio::ip::udp::socket& socket,
                                           asio::ip::udp::endpoint server, Deadline deadline) {
  try {
    co_return co_await Exchange(socket, server, deadline);
  } catch (const std::exception& e) {
    co_return Failed(Reason::kInternal, std::string("QUIC check failed: ") + e.what());
  }
}

asio::awaitable<ProtocolOutcome> RunQuic(const KindContext&, asio::ip::udp::socket& socket,
                                         asio::ip::udp::endpoint server, Deadline until) {
  return CheckQuic(socket, server, until);
}

}  // namespace orchard::probe
