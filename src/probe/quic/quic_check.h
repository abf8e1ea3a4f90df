#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/udp.hpp>

#include "probe/kinds.h"
#include "probe/outcome.h"

namespace orchard::probe {

// Sends 1200-byte QUIC Initials with a reserved version to `server` and waits for a Version
// Negotiation packet until `deadline`. Lost datagrams are resent on RetransmitSchedule
// (udp_receive.h), each a fresh Initial with random connection IDs of its own; a VN answering
// any of them counts. `socket` may be closed (it is opened) or open and unconnected; datagrams
// from other addresses are ignored. The outcome's udp facts count the datagrams.
// Outcomes: ok (a valid VN; the detail lists the versions), quic_bad_reply (the server sent
// something else), quic_no_reply (nothing before the deadline, or an ICMP error),
// udp_blocked_locally (this machine refused the send; other send errors are quic_no_reply).
// Never throws; never runs past the deadline.
boost::asio::awaitable<ProtocolOutcome> CheckQuic(boost::asio::ip::udp::socket& socket,
                                                  boost::asio::ip::udp::endpoint server,
                                                  Deadline deadline);

// The quic kind's runner: CheckQuic.
boost::asio::awaitable<ProtocolOutcome> RunQuic(const KindContext& ctx,
                                                boost::asio::ip::udp::socket& socket,
                                                boost::asio::ip::udp::endpoint server,
                                                Deadline until);

}  // namespace orchard::probe
