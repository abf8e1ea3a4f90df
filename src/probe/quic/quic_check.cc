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
  if (auto failed = OpenFor(socket, server)) co_return *failed;
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
  co_return ConcludeExchange(
      x, std::move(out),
      {"QUIC probe", "no QUIC answer", "UDP port unreachable (ICMP)", "QUIC", Reason::kQuicNoReply},
      MsSince(start));
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
