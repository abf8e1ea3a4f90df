#include "loopback_servers.h"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/read_until.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <cstring>
#include <memory>

#include "base/strings.h"
#include "probe/quic/quic.h"

namespace orchard::testing {
namespace {

namespace asio = boost::asio;
using asio::ip::tcp;
using asio::ip::udp;

constexpr auto kTuple = asio::as_tuple(asio::use_awaitable);

asio::awaitable<void> ServeUdp(std::shared_ptr<udp::socket> socket, UdpResponder respond) {
  std::vector<uint8_t> buffer(65536);
  for (;;) {
    udp::endpoint peer;
    auto [ec, n] = co_await socket->async_receive_from(asio::buffer(buffer), peer, kTuple);
    if (ec) co_return;
    for (const auto& reply : respond(std::span<const uint8_t>(buffer.data(), n))) {
      co_await socket->async_send_to(asio::buffer(reply), peer, kTuple);
    }
  }
}

std::size_t ContentLength(const std::string& headers) {
  const std::string lower = AsciiLower(headers);
  const auto at = lower.find("content-length:");
  if (at == std::string::npos) return 0;
  return std::stoul(lower.substr(at + 15));
}

asio::awaitable<void> ServeConnection(tcp::socket socket, TcpScript script,
                                      std::vector<std::string>* requests) {
  if (script.read_request) {
    std::string data;
    auto [ec, n] =
        co_await asio::async_read_until(socket, asio::dynamic_buffer(data), "\r\n\r\n", kTuple);
    if (ec) co_return;
    const std::size_t want = n + ContentLength(data.substr(0, n));
    while (data.size() < want) {
      std::array<char, 4096> chunk;
      auto [rec, rn] = co_await socket.async_read_some(asio::buffer(chunk), kTuple);
      if (rec) break;
      data.append(chunk.data(), rn);
    }
    if (requests) requests->push_back(data);
  }
  asio::steady_timer timer(socket.get_executor());
  if (script.drip.count() > 0) {
    for (char c : script.response) {
      timer.expires_after(script.drip);
      co_await timer.async_wait(kTuple);
      auto [ec, n] = co_await asio::async_write(socket, asio::buffer(&c, 1), kTuple);
      if (ec) co_return;
    }
  } else if (!script.response.empty()) {
    co_await asio::async_write(socket, asio::buffer(script.response), kTuple);
  }
  if (!script.close_after) {
    timer.expires_after(std::chrono::hours(1));
    co_await timer.async_wait(kTuple);
  }
  boost::system::error_code ignored;
  socket.shutdown(tcp::socket::shutdown_both, ignored);
}

asio::awaitable<void> Accept(std::shared_ptr<tcp::acceptor> acceptor, TcpScript script,
                             std::vector<std::string>* requests) {
  for (;;) {
    auto [ec, socket] = co_await acceptor->async_accept(kTuple);
    if (ec) co_return;
    asio::co_spawn(acceptor->get_executor(), ServeConnection(std::move(socket), script, requests),
                   asio::detached);
  }
}

}  // namespace

udp::endpoint StartUdpServer(asio::io_context& io, UdpResponder respond) {
  auto socket =
      std::make_shared<udp::socket>(io, udp::endpoint(asio::ip::make_address("127.0.0.1"), 0));
  const udp::endpoint at = socket->local_endpoint();
  asio::co_spawn(io, ServeUdp(socket, std::move(respond)), asio::detached);
  return at;
}

tcp::endpoint StartTcpServer(asio::io_context& io, TcpScript script,
                             std::vector<std::string>* requests, const std::string& address) {
  auto acceptor =
      std::make_shared<tcp::acceptor>(io, tcp::endpoint(asio::ip::make_address(address), 0));
  const tcp::endpoint at = acceptor->local_endpoint();
  asio::co_spawn(io, Accept(acceptor, std::move(script), requests), asio::detached);
  return at;
}

FullBacklog::FullBacklog(const std::string& address) : acceptor_(io_), filler_(io_) {
  acceptor_.open(tcp::v4());
  acceptor_.bind({asio::ip::make_address(address), 0});
  acceptor_.listen(0);
  filler_.connect(acceptor_.local_endpoint());
}

uint16_t ClosedPort(const std::string& address) {
  asio::io_context io;
  tcp::acceptor a(io, {asio::ip::make_address(address), 0});
  return a.local_endpoint().port();
}

std::string HttpResponse(int status, const std::string& reason,
                         std::vector<std::pair<std::string, std::string>> headers,
                         const std::string& body) {
  std::string out = "HTTP/1.1 " + std::to_string(status) + " " + reason + "\r\n";
  for (const auto& [k, v] : headers) out += k + ": " + v + "\r\n";
  out += "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
  return out;
}

uint64_t Get64(std::span<const uint8_t> p, std::size_t at) {
  uint64_t v = 0;
  for (std::size_t i = 0; i < 8; ++i) v = (v << 8) | p[at + i];
  return v;
}

namespace {

void Put64(std::vector<uint8_t>& p, std::size_t at, uint64_t v) {
  for (int i = 0; i < 8; ++i) p[at + 7 - i] = static_cast<uint8_t>(v >> (8 * i));
}

}  // namespace

UdpResponder NtpServer(std::chrono::seconds ahead, uint8_t first, uint8_t stratum, bool echo) {
  return [=](std::span<const uint8_t> req) -> std::vector<std::vector<uint8_t>> {
    if (req.size() != 48 || req[0] != 0x23) return {};
    const uint64_t t1 = Get64(req, 40);
    std::vector<uint8_t> reply(48, 0);
    reply[0] = first;
    reply[1] = stratum;
    std::memcpy(&reply[12], "RATE", 4);
    Put64(reply, 24, echo ? t1 : t1 ^ 0xdead);
    const uint64_t now = t1 + (static_cast<uint64_t>(ahead.count()) << 32);
    Put64(reply, 32, now);
    Put64(reply, 40, now);
    return {reply};
  };
}

std::vector<std::vector<uint8_t>> VersionNegotiation(std::span<const uint8_t> req) {
  if (req.size() != probe::kQuicInitialSize || req.size() < 7) return {};
  const std::size_t dlen = req[5];
  const std::size_t slen = req[6 + dlen];
  if (7 + dlen + slen > req.size()) return {};
  std::vector<uint8_t> vn{0x80 | 0x2a, 0, 0, 0, 0};
  vn.push_back(static_cast<uint8_t>(slen));
  vn.insert(vn.end(), req.begin() + 7 + dlen, req.begin() + 7 + dlen + slen);
  vn.push_back(static_cast<uint8_t>(dlen));
  vn.insert(vn.end(), req.begin() + 6, req.begin() + 6 + dlen);
  for (uint8_t b : {0, 0, 0, 1, 0x6b, 0x33, 0x43, 0xcf}) vn.push_back(b);
  return {vn};
}

}  // namespace orchard::testing
