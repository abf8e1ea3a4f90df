#include "probe/udp_receive.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "base/clock.h"

namespace orchard::probe {

namespace asio = boost::asio;

asio::awaitable<std::pair<boost::system::error_code, std::size_t>> ReceiveBefore(
    asio::ip::udp::socket& socket, asio::mutable_buffer buffer, asio::ip::udp::endpoint& sender,
    Deadline deadline) {
  using namespace asio::experimental::awaitable_operators;
  asio::steady_timer timer(socket.get_executor(), deadline);
  auto winner =
      co_await (socket.async_receive_from(buffer, sender, asio::as_tuple(asio::use_awaitable)) ||
                timer.async_wait(asio::as_tuple(asio::use_awaitable)));
  if (winner.index() == 1)
    co_return std::pair{asio::error::make_error_code(asio::error::timed_out), std::size_t{0}};
  auto [ec, n] = std::get<0>(winner);
  co_return std::pair{ec, n};
}

bool IsLocalRefusal(const boost::system::error_code& ec) {
  return ec == boost::system::errc::operation_not_permitted ||
         ec == boost::system::errc::permission_denied;
}

Reason SendFailureReason(const boost::system::error_code& ec, Reason otherwise) {
  return IsLocalRefusal(ec) ? Reason::kUdpBlockedLocally : otherwise;
}

std::vector<std::chrono::steady_clock::duration> RetransmitSchedule(
    std::chrono::steady_clock::duration budget) {
  using std::chrono::steady_clock;
  const steady_clock::duration first_wait =
      std::min<steady_clock::duration>(std::chrono::seconds(1), budget / 4);
  std::vector<steady_clock::duration> at = {steady_clock::duration::zero()};
  if (first_wait <= steady_clock::duration::zero()) return at;
  steady_clock::duration wait = first_wait;
  while (static_cast<int>(at.size()) < kMaxDatagrams && at.back() + wait + first_wait <= budget) {
    at.push_back(at.back() + wait);
    wait *= 2;
  }
  return at;
}

asio::awaitable<DatagramExchange> ExchangeDatagrams(
    asio::ip::udp::socket& socket, asio::ip::udp::endpoint server, Deadline deadline,
    const std::function<std::vector<uint8_t>(int)>& make,
    const std::function<Heard(std::span<const uint8_t>)>& hear) {
  const auto start = std::chrono::steady_clock::now();
  const auto schedule = RetransmitSchedule(deadline - start);
  std::vector<std::chrono::steady_clock::time_point> sent_at;
  DatagramExchange x;
  std::array<uint8_t, 2048> buffer{};
  for (;;) {
    const bool more = x.sent < static_cast<int>(schedule.size());
    const Deadline next_send = more ? start + schedule[x.sent] : deadline;
    if (more && std::chrono::steady_clock::now() >= next_send) {
      const std::vector<uint8_t> datagram = make(x.sent);
      auto [ec, n] = co_await socket.async_send_to(asio::buffer(datagram), server,
                                                   asio::as_tuple(asio::use_awaitable));
      if (ec) {
        x.error = ec;
        x.send_failed = true;
        co_return x;
      }
      sent_at.push_back(std::chrono::steady_clock::now());
      ++x.sent;
      continue;
    }
    asio::ip::udp::endpoint sender;
    const Deadline wake = std::min(next_send, deadline);
    auto [ec, n] = co_await ReceiveBefore(socket, asio::buffer(buffer), sender, wake);
    if (ec == asio::error::timed_out && wake < deadline) continue;  // time to resend
    if (ec) {
      x.error = ec;
      co_return x;
    }
    if (sender != server) continue;
    const Heard heard = hear(std::span<const uint8_t>(buffer.data(), n));
    if (!heard.final) continue;
    // An answer to no datagram in particular is timed from the last one sent.
    const bool known = heard.answers >= 1 && heard.answers <= x.sent;
    if (known) x.answered = heard.answers;
    x.answer_ms = MsSince(known ? sent_at[heard.answers - 1] : sent_at.back());
    co_return x;
  }
}

std::string AnsweredSuffix(const DatagramExchange& x) {
  if (x.sent <= 1) return "";
  auto ordinal = [](int n) {
    const int tens = n % 100;
    const char* suffix = (tens >= 11 && tens <= 13) ? "th"
                         : n % 10 == 1              ? "st"
                         : n % 10 == 2              ? "nd"
                         : n % 10 == 3              ? "rd"
                                                    : "th";
    return fmt::format("{}{}", n, suffix);
  };
  if (x.answered == 0) return fmt::format(" ({} datagrams sent)", x.sent);
  return fmt::format(" (answered on the {} of {} datagrams)", ordinal(x.answered), x.sent);
}

UdpFacts ToFacts(const DatagramExchange& x) { return UdpFacts{x.sent, x.answered > 0 ? 1 : 0}; }

std::optional<ProtocolOutcome> OpenFor(asio::ip::udp::socket& socket,
                                       const asio::ip::udp::endpoint& server) {
  if (socket.is_open()) return std::nullopt;
  boost::system::error_code ec;
  socket.open(server.protocol(), ec);
  if (ec) return Failed(Reason::kInternal, "cannot open a UDP socket: " + ec.message());
  return std::nullopt;
}

ProtocolOutcome ConcludeExchange(const DatagramExchange& x, ProtocolOutcome heard,
                                 const UdpProbeWords& words, double waited_ms,
                                 std::optional<ProtocolOutcome> instead_of_timeout) {
  const std::string sent = AnsweredSuffix(x);
  ProtocolOutcome out;
  if (x.send_failed) {
    out = Failed(
        SendFailureReason(x.error, words.no_reply),
        fmt::format("cannot send the {}: {}{}{}", words.sent_what, x.error.message(),
                    IsLocalRefusal(x.error) ? " (a firewall on this machine refused it)" : "",
                    sent));
  } else if (x.error == asio::error::timed_out) {
    out = instead_of_timeout ? std::move(*instead_of_timeout)
                             : Failed(words.no_reply, fmt::format("{} within {:.0f} ms",
                                                                  words.no_answer, waited_ms));
    out.detail += sent;
  } else if (x.error == asio::error::connection_refused) {
    out = Failed(words.no_reply, std::string(words.unreachable) + sent);
  } else if (x.error) {
    out = Failed(words.no_reply,
                 fmt::format("{} receive failed: {}{}", words.protocol, x.error.message(), sent));
  } else {
    out = std::move(heard);
    out.detail += sent;
    out.first_byte_ms = x.answer_ms;
  }
  out.udp = ToFacts(x);
  return out;
}

}  // namespace orchard::probe
