#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/udp.hpp>

#include "probe/outcome.h"

namespace orchard::probe {

// Sends one 1200-byte QUIC Initial with a reserved version and random connection IDs to
// `server` and waits for its Version Negotiation packet until `deadline`. `socket` may be
// closed (it is opened) or open and unconnected; datagrams from other addresses are ignored.
// Outcomes: ok (a valid VN; the detail lists the versions), quic_bad_reply (the server sent
// something else), quic_no_reply (nothing before the deadline, or a send/ICMP error).
// Never throws; never runs past the deadline.
boost::asio::awaitable<ProtocolOutcome> CheckQuic(boost::asio::ip::udp::socket& socket,
                                                  boost::asio::ip::udp::endpoint server,
                                                  Deadline deadline);

}  // namespace orchard::probe
