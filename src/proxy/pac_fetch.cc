#include "proxy/pac_fetch.h"

#include <fmt/format.h>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http.hpp>
#include <boost/url/parse.hpp>

#include "base/file.h"

namespace orchard::proxy {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using asio::ip::tcp;

constexpr auto kTuple = asio::as_tuple(asio::use_awaitable);

struct Request {
  std::string host;
  std::string port;
  std::string target;
  std::string host_header;
};

asio::awaitable<Result<std::string>> Get(Request req, std::chrono::milliseconds timeout,
                                         std::string url) {
  auto executor = co_await asio::this_coro::executor;
  auto fail = [&](std::string_view what, const boost::system::error_code& ec) {
    return MakeError(ErrorCode::kIo, fmt::format("{}: {}: {}", url, what, ec.message()));
  };
  tcp::resolver resolver(executor);
  auto [rec, endpoints] = co_await resolver.async_resolve(req.host, req.port, kTuple);
  if (rec) co_return fail("resolve", rec);
  beast::tcp_stream stream(executor);
  stream.expires_after(timeout);
  auto [cec, ep] = co_await stream.async_connect(endpoints, kTuple);
  if (cec) co_return fail("connect", cec);
  http::request<http::empty_body> request{http::verb::get, req.target, 11};
  request.set(http::field::host, req.host_header);
  request.set(http::field::user_agent, "orchard");
  request.set(http::field::accept, "application/x-ns-proxy-autoconfig, */*");
  request.set(http::field::connection, "close");
  auto [wec, wn] = co_await http::async_write(stream, request, kTuple);
  if (wec) co_return fail("send", wec);
  beast::flat_buffer buffer;
  http::response_parser<http::string_body> parser;
  parser.body_limit(1024 * 1024);
  auto [hec, hn] = co_await http::async_read(stream, buffer, parser, kTuple);
  if (hec) co_return fail("read", hec);
  const auto& response = parser.get();
  if (response.result_int() != 200) {
    co_return MakeError(ErrorCode::kIo,
                        fmt::format("{}: HTTP {} (expected 200)", url, response.result_int()));
  }
  co_return response.body();
}

}  // namespace

Result<std::string> HttpPacFetcher::Fetch(std::string_view url_text,
                                          std::chrono::milliseconds timeout) {
  std::string url(url_text);
  auto parsed = boost::urls::parse_uri(url);
  if (!parsed || parsed->scheme() != "http" || parsed->host_address().empty()) {
    return MakeError(ErrorCode::kUsage, fmt::format("{}: not an http:// URL", url));
  }
  Request req;
  req.host = parsed->host_address();
  req.port = parsed->has_port() ? std::string(parsed->port()) : "80";
  req.target = parsed->encoded_resource().empty() ? "/" : std::string(parsed->encoded_resource());
  if (!req.target.starts_with("/")) req.target = "/" + req.target;
  req.host_header = parsed->encoded_host_and_port();

  asio::io_context io;
  Result<std::string> result =
      MakeError(ErrorCode::kIo, fmt::format("{}: no answer within {} ms", url, timeout.count()));
  asio::co_spawn(io, Get(req, timeout, url), [&](std::exception_ptr e, Result<std::string> r) {
    if (e) {
      result = MakeError(ErrorCode::kInternal, fmt::format("{}: fetch failed", url));
    } else {
      result = std::move(r);
    }
  });
  io.run_for(timeout);
  return result;
}

Result<std::string> LoadPacSource(std::string_view spec, PacFetcher& fetcher,
                                  std::chrono::milliseconds timeout) {
  if (spec.starts_with("http://")) return fetcher.Fetch(spec, timeout);
  if (spec.starts_with("https://")) {
    return MakeError(ErrorCode::kUsage,
                     fmt::format("--pac {}: https:// PAC URLs are not supported yet; download the "
                                 "file and pass its path",
                                 spec));
  }
  std::string_view path = spec;
  if (path.starts_with("file://")) path.remove_prefix(7);
  return ReadFile(std::filesystem::path(std::string(path)));
}

}  // namespace orchard::proxy
