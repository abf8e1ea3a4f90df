#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/asio/buffer.hpp>
#include <boost/asio/ip/udp.hpp>
#include <boost/system/error_code.hpp>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "probe/outcome.h"

namespace orchard::probe {

// Receives one datagram before `deadline`, racing a steady timer. Returns
// boost::asio::error::timed_out when the deadline comes first (the receive is cancelled), or
// the socket's own error. Never throws.
boost::asio::awaitable<std::pair<boost::system::error_code, std::size_t>> ReceiveBefore(
    boost::asio::ip::udp::socket& socket, boost::asio::mutable_buffer buffer,
    boost::asio::ip::udp::endpoint& sender, Deadline deadline);

// Whether a failed send was this machine's own refusal (EPERM/EACCES: a local firewall such as
// an nftables output drop, a security agent or a sandbox), not the network's.
bool IsLocalRefusal(const boost::system::error_code& ec);
// The reason for a probe whose datagram could not be sent: udp_blocked_locally for a local
// refusal, else `otherwise`.
Reason SendFailureReason(const boost::system::error_code& ec, Reason otherwise);

// When a UDP probe sends its datagrams, as offsets from the first send, within `budget` (the
// time left to the deadline). A real client's loss recovery scaled to the check's timeout: the
// first resend after min(1 s, budget / 4) (RFC 9002's initial PTO for a client with no RTT
// sample is about 1 s), each wait after that twice the last (its exponential backoff); a
// datagram goes out only when at least the first wait remains for its answer; at most
// kMaxDatagrams, as an SNTP client's first exchange (chrony's iburst, ntpdate's 4 samples).
inline constexpr int kMaxDatagrams = 4;
std::vector<std::chrono::steady_clock::duration> RetransmitSchedule(
    std::chrono::steady_clock::duration budget);

// What a probe makes of a datagram from its server.
struct Heard {
  bool final = false;  // false: not an answer to us (stale, spoofed, short); keep waiting
  int answers = 0;     // the 1-based number of the sent datagram it answers; 0: none we can tell
};

struct DatagramExchange {
  int sent = 0;
  int answered = 0;      // Heard::answers of the final datagram; 0 when none came
  double answer_ms = 0;  // from sending the answered (else the last) datagram to the final reply
  // Empty when a final datagram ended the exchange; else timed_out (the deadline), or the send
  // (send_failed) or receive error.
  boost::system::error_code error;
  bool send_failed = false;
};

// Sends `make(i)` (i from 0) to `server` on RetransmitSchedule(deadline - now) and hands each
// datagram from `server` to `hear` until it says final or the deadline passes. Datagrams from
// other addresses are ignored. A send error or a receive error (an ICMP port unreachable ends it
// as connection_refused) ends the exchange at once. `socket` must be open. Asio errors come back
// as values; exceptions from `make` or `hear` propagate.
boost::asio::awaitable<DatagramExchange> ExchangeDatagrams(
    boost::asio::ip::udp::socket& socket, boost::asio::ip::udp::endpoint server, Deadline deadline,
    const std::function<std::vector<uint8_t>(int)>& make,
    const std::function<Heard(std::span<const uint8_t>)>& hear);

// For the detail, when the probe sent more than one datagram: " (answered on the 2nd of 3
// datagrams)", or " (3 datagrams sent)" when none was answered; else "".
std::string AnsweredSuffix(const DatagramExchange& x);
// The facts a check records.
UdpFacts ToFacts(const DatagramExchange& x);

// Opens `socket` for `server`'s family if it is not open yet; the internal failure to report
// when it cannot be opened.
std::optional<ProtocolOutcome> OpenFor(boost::asio::ip::udp::socket& socket,
                                       const boost::asio::ip::udp::endpoint& server);

// How a UDP probe words the ways an exchange can end without an answer.
struct UdpProbeWords {
  std::string_view sent_what;    // "NTP request": "cannot send the NTP request: ..."
  std::string_view no_answer;    // "no NTP reply": "no NTP reply within 5000 ms"
  std::string_view unreachable;  // "NTP port unreachable (ICMP)"
  std::string_view protocol;     // "NTP": "NTP receive failed: ..."
  Reason no_reply = Reason::kInternal;
};

// The check's outcome from an exchange: `heard` (what the probe made of the final datagram)
// when one came, else the failure the exchange ended in, worded by `words`; `instead_of_timeout`,
// when given, replaces the no-answer failure (NTP: replies came, but none to a request of ours).
// The datagram counts are appended to the detail (AnsweredSuffix) and kept as facts.
ProtocolOutcome ConcludeExchange(const DatagramExchange& x, ProtocolOutcome heard,
                                 const UdpProbeWords& words, double waited_ms,
                                 std::optional<ProtocolOutcome> instead_of_timeout = std::nullopt);

}  // namespace orchard::probe
