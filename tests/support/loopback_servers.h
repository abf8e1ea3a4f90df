#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ip/udp.hpp>
#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <vector>

// Test-only loopback servers on 127.0.0.1 port 0, run as coroutines on the test's io_context.
namespace orchard::testing {

// Runs `task` on `io` until it finishes (servers keep running meanwhile) and returns its value.
template <class T>
T RunUntilDone(boost::asio::io_context& io, boost::asio::awaitable<T> task) {
  std::optional<T> result;
  std::exception_ptr error;
  boost::asio::co_spawn(io, std::move(task), [&](std::exception_ptr e, T value) {
    error = e;
    if (!e) result = std::move(value);
  });
  while (!result && !error && io.run_one()) {
  }
  if (error) std::rethrow_exception(error);
  return std::move(*result);
}

// A UDP server: for each datagram, `respond` returns the datagrams to send back (maybe none).
using UdpResponder = std::function<std::vector<std::vector<uint8_t>>(std::span<const uint8_t>)>;
boost::asio::ip::udp::endpoint StartUdpServer(boost::asio::io_context& io, UdpResponder respond);

// A QUIC server's answer to a probe: Version Negotiation echoing the connection IDs it was sent
// (nothing for a datagram that is not a full-size Initial).
std::vector<std::vector<uint8_t>> VersionNegotiation(std::span<const uint8_t> request);

// The big-endian 64-bit word at `at` (an NTP timestamp).
uint64_t Get64(std::span<const uint8_t> p, std::size_t at);

// An NTP server whose clock runs `ahead` of the client's (it takes the client's transmit time as
// its own now, so the real clock never matters), answering with mode byte `first` and `stratum`
// (0: a kiss-o'-death); `echo` false puts a wrong origin timestamp in the reply.
UdpResponder NtpServer(std::chrono::seconds ahead, uint8_t first = 0x24, uint8_t stratum = 2,
                       bool echo = true);

struct TcpScript {
  bool read_request = true;           // read until the end of the HTTP request (headers + body)
  std::string response;               // written after the request (empty: say nothing)
  std::chrono::milliseconds drip{0};  // > 0: write one byte per interval (slowloris)
  bool close_after = true;            // false: keep the connection open and silent afterwards
};

// A TCP server on `address` (port 0) answering every connection with `script`. Requests are
// appended to `requests` (which must outlive the io_context's run).
boost::asio::ip::tcp::endpoint StartTcpServer(boost::asio::io_context& io, TcpScript script,
                                              std::vector<std::string>* requests = nullptr,
                                              const std::string& address = "127.0.0.1");

// A listener on `address` whose accept queue is full: listen(0) admits one connection, made here
// and never accepted, so the kernel drops later SYNs without an answer, as a filtering firewall
// does. Needs no running io_context.
class FullBacklog {
 public:
  explicit FullBacklog(const std::string& address = "127.0.0.1");
  boost::asio::ip::tcp::endpoint endpoint() const { return acceptor_.local_endpoint(); }
  uint16_t port() const { return endpoint().port(); }

 private:
  boost::asio::io_context io_;
  boost::asio::ip::tcp::acceptor acceptor_;
  boost::asio::ip::tcp::socket filler_;
};

// A port on `address` nobody listens on: bound, then closed.
uint16_t ClosedPort(const std::string& address = "127.0.0.1");

// An HTTP/1.1 response with Content-Length.
std::string HttpResponse(int status, const std::string& reason,
                         std::vector<std::pair<std::string, std::string>> headers,
                         const std::string& body);

}  // namespace orchard::testing
