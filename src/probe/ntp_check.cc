#include "probe/ntp_check.h"

#include <fmt/format.h>

#include <array>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <optional>

#include "probe/udp_receive.h"

namespace orchard::probe {
namespace {

namespace asio = boost::asio;

asio::awaitable<ProtocolOutcome> Exchange(asio::ip::udp::socket& socket,
                                          asio::ip::udp::endpoint server, Deadline deadline,
                                          const Clock& clock, NtpOptions options) {
  const auto start = std::chrono::steady_clock::now();
  if (!socket.is_open()) {
    boost::system::error_code ec;
    socket.open(server.protocol(), ec);
    if (ec) co_return Failed(Reason::kInternal, "cannot open a UDP socket: " + ec.message());
  }
  const uint64_t t1 = ToNtpTimestamp(clock.Now());
  const auto request = BuildNtpRequest(t1);
  auto [send_ec, sent] = co_await socket.async_send_to(asio::buffer(request), server,
                                                       asio::as_tuple(asio::use_awaitable));
  if (send_ec) {
    co_return Failed(
        SendFailureReason(send_ec, Reason::kNtpTimeout),
        "cannot send the NTP request: " + send_ec.message() +
            (IsLocalRefusal(send_ec) ? " (a firewall on this machine refused it)" : ""));
  }

  std::array<uint8_t, 1024> buffer{};
  std::optional<std::string> ignored;  // the last reply that did not answer our request
  for (;;) {
    asio::ip::udp::endpoint sender;
    auto [ec, n] = co_await ReceiveBefore(socket, asio::buffer(buffer), sender, deadline);
    if (ec == asio::error::timed_out) {
      if (ignored) co_return Failed(Reason::kNtpBadReply, *ignored);
      co_return Failed(Reason::kNtpTimeout,
                       fmt::format("no NTP reply within {:.0f} ms", MillisecondsSince(start)));
    }
    if (ec == asio::error::connection_refused) {
      co_return Failed(Reason::kNtpTimeout, "NTP port unreachable (ICMP)");
    }
    if (ec) co_return Failed(Reason::kNtpTimeout, "NTP receive failed: " + ec.message());
    if (sender != server) continue;
    const uint64_t t4 = ToNtpTimestamp(clock.Now());
    const double first_byte = MillisecondsSince(start);
    auto reply = ParseNtpReply(std::span<const uint8_t>(buffer.data(), n), t1);
    if (!reply && (reply.error().error == NtpReplyError::kShort ||
                   reply.error().error == NtpReplyError::kWrongOrigin)) {
      ignored = reply.error().detail;
      continue;
    }
    ProtocolOutcome out = reply ? JudgeNtpReply(*reply, t1, t4, options)
                                : Failed(Reason::kNtpBadReply, reply.error().detail);
    out.first_byte_ms = first_byte;
    co_return out;
  }
}

}  // namespace

asio::awaitable<ProtocolOutcome> CheckNtp(asio::ip::udp::socket& socket,
                                          asio::ip::udp::endpoint server, Deadline deadline,
                                          const Clock& clock, NtpOptions options) {
  try {
    co_return co_await Exchange(socket, server, deadline, clock, options);
  } catch (const std::exception& e) {
    co_return Failed(Reason::kInternal, std::string("NTP check failed: ") + e.what());
  }
}

}  // namespace orchard::probe
