#include "probe/udp_receive.h"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>

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

double MillisecondsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
      .count();
}

bool IsLocalRefusal(const boost::system::error_code& ec) {
  return ec == boost::system::errc::operation_not_permitted ||
         ec == boost::system::errc::permission_denied;
}

Reason SendFailureReason(const boost::system::error_code& ec, Reason otherwise) {
  return IsLocalRefusal(ec) ? Reason::kUdpBlockedLocally : otherwise;
}

}  // namespace orchard::probe
