#include "probe/ssh/ssh_check.h"

#include <fmt/format.h>

#include <array>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "base/clock.h"
#include "probe/ssh/ssh.h"

namespace orchard::probe {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;

asio::awaitable<ProtocolOutcome> ReadBanner(beast::tcp_stream& stream, Deadline deadline) {
  const auto start = std::chrono::steady_clock::now();
  std::string received;
  std::optional<double> first_byte;
  std::array<char, 1024> chunk{};
  for (;;) {
    stream.expires_at(deadline);
    auto [ec, n] =
        co_await stream.async_read_some(asio::buffer(chunk), asio::as_tuple(asio::use_awaitable));
    if (n > 0 && !first_byte) first_byte = MsSince(start);
    received.append(chunk.data(), n);
    const bool eof = static_cast<bool>(ec);
    const SshBannerParse parse = ParseSshBanner(received, eof);
    ProtocolOutcome out;
    if (parse.state == SshBannerState::kBanner) {
      out = Passed(parse.text);
    } else if (parse.state == SshBannerState::kBad && !parse.text.empty()) {
      out = Failed(Reason::kSshNoBanner, "not an SSH server: " + parse.text);
    } else if (eof) {
      std::string why = ec == beast::error::timeout
                            ? fmt::format("no SSH banner within {:.0f} ms", MsSince(start))
                        : ec == asio::error::eof
                            ? std::string("connection closed without an SSH banner")
                            : "no SSH banner: " + ec.message();
      out = Failed(Reason::kSshNoBanner, std::move(why));
    } else {
      continue;
    }
    out.first_byte_ms = first_byte;
    co_return out;
  }
}

}  // namespace

asio::awaitable<ProtocolOutcome> CheckSsh(beast::tcp_stream& stream, Deadline deadline) {
  try {
    co_return co_await ReadBanner(stream, deadline);
  } catch (const std::exception& e) {
    co_return Failed(Reason::kInternal, std::string("SSH check failed: ") + e.what());
  }
}

asio::awaitable<ProtocolOutcome> RunSsh(const KindContext& ctx, asio::ip::tcp::socket& socket) {
  beast::tcp_stream stream(std::move(socket));
  co_return co_await CheckSsh(stream, ctx.deadline);
}

}  // namespace orchard::probe
