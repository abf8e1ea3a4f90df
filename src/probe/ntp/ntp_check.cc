#include "probe/ntp/ntp_check.h"

#include <fmt/format.h>

#include <optional>
#include <span>
#include <string>
#include <vector>

#include "base/clock.h"
#include "probe/udp_receive.h"

namespace orchard::probe {
namespace {

namespace asio = boost::asio;

asio::awaitable<ProtocolOutcome> Exchange(asio::ip::udp::socket& socket,
                                          asio::ip::udp::endpoint server, Deadline deadline,
                                          const Clock& clock, NtpOptions options) {
  const auto start = std::chrono::steady_clock::now();
  if (auto failed = OpenFor(socket, server)) co_return *failed;
  // Each request carries its own T1, so a late answer to an earlier one is still recognised
  // (by its origin timestamp) and timed from its own request.
  std::vector<uint64_t> t1s;
  auto make = [&](int) {
    uint64_t t1 = ToNtpTimestamp(clock.Now());
    if (!t1s.empty() && t1 <= t1s.back()) t1 = t1s.back() + 1;  // a coarse or frozen clock
    t1s.push_back(t1);
    const auto request = BuildNtpRequest(t1);
    return std::vector<uint8_t>(request.begin(), request.end());
  };
  ProtocolOutcome out;
  std::optional<std::string> ignored;  // the last reply that did not answer a request of ours
  auto hear = [&](std::span<const uint8_t> packet) -> Heard {
    const uint64_t t4 = ToNtpTimestamp(clock.Now());
    for (std::size_t i = 0; i < t1s.size(); ++i) {
      auto reply = ParseNtpReply(packet, t1s[i]);
      if (!reply && (reply.error().error == NtpReplyError::kWrongOrigin ||
                     reply.error().error == NtpReplyError::kShort)) {
        ignored = reply.error().detail;
        if (reply.error().error == NtpReplyError::kShort) break;
        continue;
      }
      out = reply ? JudgeNtpReply(*reply, t1s[i], t4, options)
                  : Failed(Reason::kNtpBadReply, reply.error().detail);
      return Heard{true, static_cast<int>(i) + 1};
    }
    return Heard{};
  };
  const DatagramExchange x = co_await ExchangeDatagrams(socket, server, deadline, make, hear);
  co_return ConcludeExchange(
      x, std::move(out),
      {"NTP request", "no NTP reply", "NTP port unreachable (ICMP)", "NTP", Reason::kNtpTimeout},
      MsSince(start),
      ignored ? std::optional(Failed(Reason::kNtpBadReply, *ignored)) : std::nullopt);
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

asio::awaitable<ProtocolOutcome> RunNtp(const KindContext& ctx, asio::ip::udp::socket& socket,
                                        asio::ip::udp::endpoint server, Deadline until) {
  return CheckNtp(socket, server, until, ctx.clock, ctx.ntp);
}

}  // namespace orchard::probe
