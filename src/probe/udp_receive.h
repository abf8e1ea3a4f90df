#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/asio/buffer.hpp>
#include <boost/asio/ip/udp.hpp>
#include <boost/system/error_code.hpp>
#include <cstddef>
#include <utility>

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

// Milliseconds from `start` to now on the steady clock.
double MillisecondsSince(std::chrono::steady_clock::time_point start);

}  // namespace orchard::probe
