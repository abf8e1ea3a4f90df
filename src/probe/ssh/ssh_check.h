#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/beast/core/tcp_stream.hpp>

#include "probe/kinds.h"
#include "probe/outcome.h"

namespace orchard::probe {

// Reads the server's identification line from a connected stream (nothing is sent) until
// `deadline`, at most kSshMaxPreamble bytes. Outcomes: ok with the banner in the detail, or
// ssh_no_banner (silence, close, another protocol, SSH 1 only). The stream's timeout is set
// to the deadline. Never throws.
boost::asio::awaitable<ProtocolOutcome> CheckSsh(boost::beast::tcp_stream& stream,
                                                 Deadline deadline);

// The ssh kind's runner: CheckSsh on a stream that takes over `socket`.
boost::asio::awaitable<ProtocolOutcome> RunSsh(const KindContext& ctx,
                                               boost::asio::ip::tcp::socket& socket);

}  // namespace orchard::probe
