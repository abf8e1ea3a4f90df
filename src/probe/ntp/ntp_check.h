#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/udp.hpp>

#include "base/clock.h"
#include "probe/kinds.h"
#include "probe/ntp/ntp.h"
#include "probe/outcome.h"

namespace orchard::probe {

// Sends SNTP requests to `server` and waits for a valid reply until `deadline`.
// - Lost requests are resent on RetransmitSchedule (udp_receive.h), each with a T1 of its own; a
//   reply to any of them counts, timed from its own request. The udp facts count the datagrams.
// - `socket` may be closed (it is opened for the server's protocol) or open and unconnected;
//   datagrams from other addresses are ignored.
// - T1 and T4 come from `clock` (the seam tests use); first_byte_ms from the steady clock.
// - Replies that answer none of our requests (short, wrong origin) are ignored but remembered.
// Outcomes: ok (pass), clock_skew (options.skew_status, warn by default), ntp_bad_reply (a
// reply to our request that is KoD, wrong mode, bad stratum, LI 3; or only unrelated replies
// came), ntp_timeout (nothing valid before the deadline, or an ICMP error), udp_blocked_locally
// (this machine refused the send; other send errors are ntp_timeout). Never throws; never runs
// past the deadline.
boost::asio::awaitable<ProtocolOutcome> CheckNtp(boost::asio::ip::udp::socket& socket,
                                                 boost::asio::ip::udp::endpoint server,
                                                 Deadline deadline, const Clock& clock,
                                                 NtpOptions options = {});

// The ntp kind's runner: CheckNtp with ctx.clock and ctx.ntp.
boost::asio::awaitable<ProtocolOutcome> RunNtp(const KindContext& ctx,
                                               boost::asio::ip::udp::socket& socket,
                                               boost::asio::ip::udp::endpoint server,
                                               Deadline until);

}  // namespace orchard::probe
