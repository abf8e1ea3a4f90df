#include "probe/quic_check.h"

#include <fmt/format.h>

#include <array>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <random>

#include "probe/quic.h"
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
  const QuicProbe probe{kQuicProbeVersion, RandomId(8), RandomId(8)};
  const std::vector<uint8_t> packet = BuildQuicProbe(probe);
  auto [send_ec, sent] = co_await socket.async_send_to(asio::buffer(packet), server,
                                                       asio::as_tuple(asio::use_awaitable));
  if (send_ec) {
    co_return Failed(
        SendFailureReason(send_ec, Reason::kQuicNoReply),
        "cannot send the QUIC probe: " + send_ec.message() +
            (IsLocalRefusal(send_ec) ? " (a firewall on this machine refused it)" : ""));
  }
  std::array<uint8_t, 2048> buffer{};
  for (;;) {
    asio::ip::udp::endpoint sender;
    auto [ec, n] = co_await ReceiveBefore(socket, asio::buffer(buffer), sender, deadline);
    if (ec == asio::error::timed_out) {
      co_return Failed(Reason::kQuicNoReply,
                       fmt::format("no QUIC answer within {:.0f} ms", MillisecondsSince(start)));
    }
    if (ec == asio::error::connection_refused) {
      co_return Failed(Reason::kQuicNoReply, "UDP port unreachable (ICMP)");
    }
    if (ec) co_return Failed(Reason::kQuicNoReply, "QUIC receive failed: " + ec.message());
    if (sender != server) continue;
    const double first_byte = MillisecondsSince(start);
    auto vn = ParseQuicVersionNegotiation(std::span<const uint8_t>(buffer.data(), n), probe);
    ProtocolOutcome out;
    if (vn) {
      std::string versions;
      for (uint32_t v : vn->versions) {
        versions += (versions.empty() ? "" : ", ") + QuicVersionName(v);
      }
      out = Passed("QUIC server answered version negotiation: " + versions);
    } else {
      out = Failed(Reason::kQuicBadReply, vn.error());
    }
    out.first_byte_ms = first_byte;
    co_return out;
  }
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

}  // namespace orchard::probe
