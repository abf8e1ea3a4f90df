#include "proxy/pac_fetch.h"

#include <fmt/format.h>
#include <openssl/ssl.h>
#include <openssl/x509_vfy.h>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>
#include <boost/url/parse.hpp>

#include "base/file.h"

namespace orchard::proxy {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace ssl = asio::ssl;
using asio::ip::tcp;

constexpr auto kTuple = asio::as_tuple(asio::use_awaitable);

struct Request {
  bool tls = false;
  std::string host;
  std::string port;
  std::string target;
  std::string host_header;
};

// GET on an open stream (plain TCP or TLS over it).
template <class Stream>
asio::awaitable<Result<std::string>> Exchange(Stream& stream, const Request& req,
                                              const std::string& url) {
  http::request<http::empty_body> request{http::verb::get, req.target, 11};
  request.set(http::field::host, req.host_header);
  request.set(http::field::user_agent, "orchard");
  request.set(http::field::accept, "application/x-ns-proxy-autoconfig, */*");
  request.set(http::field::connection, "close");
  auto [wec, wn] = co_await http::async_write(stream, request, kTuple);
  if (wec) co_return MakeError(ErrorCode::kIo, fmt::format("{}: send: {}", url, wec.message()));
  beast::flat_buffer buffer;
  http::response_parser<http::string_body> parser;
  parser.body_limit(1024 * 1024);
  auto [hec, hn] = co_await http::async_read(stream, buffer, parser, kTuple);
  if (hec) co_return MakeError(ErrorCode::kIo, fmt::format("{}: read: {}", url, hec.message()));
  const auto& response = parser.get();
  if (response.result_int() != 200) {
    co_return MakeError(ErrorCode::kIo,
                        fmt::format("{}: HTTP {} (expected 200)", url, response.result_int()));
  }
  co_return response.body();
}

// Why a TLS handshake failed, in OpenSSL's words; the verify result when that was the cause.
std::string HandshakeFailure(ssl::stream<beast::tcp_stream>& stream,
                             const boost::system::error_code& ec) {
  const long verify = SSL_get_verify_result(stream.native_handle());
  if (verify != X509_V_OK) {
    return fmt::format("certificate not trusted: {}", X509_verify_cert_error_string(verify));
  }
  return ec.message();
}

asio::awaitable<Result<std::string>> Get(Request req, std::chrono::milliseconds timeout,
                                         std::string url, ssl::context* tls) {
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
  if (!req.tls) co_return co_await Exchange(stream, req, url);

  ssl::stream<beast::tcp_stream> secure(std::move(stream), *tls);
  SSL_set_tlsext_host_name(secure.native_handle(), req.host.c_str());
  secure.set_verify_mode(ssl::verify_peer);
  // The name is checked by OpenSSL itself (an address against the IP SANs), as a client must.
  X509_VERIFY_PARAM* param = SSL_get0_param(secure.native_handle());
  boost::system::error_code address_ec;
  asio::ip::make_address(req.host, address_ec);
  if (address_ec) {
    X509_VERIFY_PARAM_set_hostflags(param, X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS);
    X509_VERIFY_PARAM_set1_host(param, req.host.c_str(), req.host.size());
  } else {
    X509_VERIFY_PARAM_set1_ip_asc(param, req.host.c_str());
  }
  auto [hec] = co_await secure.async_handshake(ssl::stream_base::client, kTuple);
  if (hec) {
    co_return MakeError(ErrorCode::kIo,
                        fmt::format("{}: TLS: {}", url, HandshakeFailure(secure, hec)));
  }
  co_return co_await Exchange(secure, req, url);
}

}  // namespace

Result<std::string> HttpPacFetcher::Fetch(std::string_view url_text,
                                          std::chrono::milliseconds timeout) {
  std::string url(url_text);
  auto parsed = boost::urls::parse_uri(url);
  if (!parsed || (parsed->scheme() != "http" && parsed->scheme() != "https") ||
      parsed->host_address().empty()) {
    return MakeError(ErrorCode::kUsage, fmt::format("{}: not an http:// or https:// URL", url));
  }
  Request req;
  req.tls = parsed->scheme() == "https";
  req.host = parsed->host_address();
  if (req.host.starts_with("[") && req.host.ends_with("]")) {
    req.host = req.host.substr(1, req.host.size() - 2);
  }
  req.port = parsed->has_port() ? std::string(parsed->port()) : (req.tls ? "443" : "80");
  req.target = parsed->encoded_resource().empty() ? "/" : std::string(parsed->encoded_resource());
  if (!req.target.starts_with("/")) req.target = "/" + req.target;
  req.host_header = parsed->encoded_host_and_port();

  ssl::context tls(ssl::context::tls_client);
  if (req.tls) {
    boost::system::error_code ec;
    tls.set_default_verify_paths(ec);
    for (const std::string& file : ca_files_) {
      tls.load_verify_file(file, ec);
      if (ec) {
        return MakeError(ErrorCode::kUsage,
                         fmt::format("{}: cannot use --ca-file {}: {}", url, file, ec.message()));
      }
    }
  }
  asio::io_context io;
  Result<std::string> result =
      MakeError(ErrorCode::kIo, fmt::format("{}: no answer within {} ms", url, timeout.count()));
  asio::co_spawn(io, Get(req, timeout, url, &tls),
                 [&](std::exception_ptr e, Result<std::string> r) {
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
  if (spec.starts_with("http://") || spec.starts_with("https://")) {
    return fetcher.Fetch(spec, timeout);
  }
  std::string_view path = spec;
  if (path.starts_with("file://")) path.remove_prefix(7);
  return ReadFile(std::filesystem::path(std::string(path)));
}

}  // namespace orchard::proxy
