// Whatever a server or a proxy in the way answers over HTTP: the bytes are served on a
// loopback connection and read by the checks' own FetchHttp (Beast's parser with orchard's
// limits), then judged by every HTTP verdict (generic, captive portal, OCSP, CRL, block pages).
// The same bytes go through the CONNECT reply reader of the proxy tunnel.
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <optional>
#include <string>
#include <thread>

#include "fuzz_input.h"
#include "probe/http/http_check.h"
#include "proxy/tunnel.h"

namespace {

namespace asio = boost::asio;
using asio::ip::tcp;
using namespace orchard::probe;

struct Loopback {
  asio::io_context io;
  tcp::acceptor acceptor{io, tcp::endpoint(asio::ip::address_v4::loopback(), 0)};
  std::string ocsp_request = BuildOcspRequest(DefaultOcspTarget()).value_or("");
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static Loopback* loop = new Loopback();
  orchard::fuzz::FuzzInput in(data, size);
  const bool small_body = in.Select(2) == 1;
  std::string_view answer_bytes = in.Rest();

  (void)orchard::proxy::ParseProxyReplyHead(answer_bytes);

  boost::beast::tcp_stream client(loop->io);
  tcp::socket server(loop->io);
  boost::system::error_code ec;
  // Loopback can fail for a moment when the machine runs out of ephemeral ports (other
  // processes' connections count too): a few tries, then the input is skipped with a word on
  // stderr. That is the harness's trouble, not a finding in the code under test.
  for (int attempt = 0; attempt < 5; ++attempt) {
    if (attempt > 0) {
      boost::system::error_code ignored;
      client.socket().close(ignored);
      server.close(ignored);
      std::this_thread::sleep_for(std::chrono::milliseconds(20 * attempt));
    }
    client.socket().connect(loop->acceptor.local_endpoint(), ec);
    if (!ec) loop->acceptor.accept(server, ec);
    if (!ec) break;
  }
  if (ec) {
    std::fprintf(stderr, "http_fuzz: loopback connection failed (%s); input skipped\n",
                 ec.message().c_str());
    return 0;
  }
  // Closed with a reset, not a FIN: thousands of connections a second would otherwise fill the
  // ephemeral ports with TIME_WAIT and the harness's own connect would fail.
  client.socket().set_option(tcp::socket::linger(true, 0), ec);
  server.set_option(tcp::socket::linger(true, 0), ec);
  asio::write(server, asio::buffer(answer_bytes), ec);
  server.shutdown(tcp::socket::shutdown_send, ec);  // FIN, but stay open: no RST on the request

  HttpRequestSpec spec;
  spec.host = "ocsp.apple.com";
  if (small_body) spec.max_body = 64;
  std::optional<HttpFetch> fetch;
  asio::co_spawn(
      loop->io, FetchHttp(client, spec, std::chrono::steady_clock::now() + std::chrono::seconds(2)),
      [&](std::exception_ptr error, HttpFetch got) {
        if (error) {
          std::fprintf(stderr, "http_fuzz: FetchHttp threw\n");  // it promises never to
          __builtin_trap();
        }
        fetch = std::move(got);
      });
  loop->io.restart();
  loop->io.run();
  if (!fetch) {
    std::fprintf(stderr, "http_fuzz: FetchHttp did not complete\n");
    __builtin_trap();
  }

  (void)JudgeHttpAnswer(*fetch, HttpExpectation{"Success", false, "ocsp.apple.com"});
  (void)JudgeHttpAnswer(*fetch, HttpExpectation{});
  (void)JudgeCaptiveAnswer(*fetch);
  (void)JudgeCrlAnswer(*fetch);
  (void)JudgeOcspAnswer(*fetch, loop->ocsp_request);
  if (fetch->answer) {
    (void)DetectBlockPage(*fetch->answer);
    (void)FactsOf(*fetch->answer);
    (void)RedirectStaysWithService("ocsp.apple.com",
                                   RedirectHost(HeaderValue(*fetch->answer, "Location")));
  }
  return 0;
}
