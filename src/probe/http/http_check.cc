#include "probe/http/http_check.h"

#include <fmt/format.h>

#include <boost/url/parse.hpp>

namespace orchard::probe {

std::string HostHeader(const HttpRequestSpec& spec) {
  const bool ipv6 = spec.host.find(':') != std::string::npos;
  std::string host = ipv6 ? "[" + spec.host + "]" : spec.host;
  const uint16_t default_port = spec.scheme == "https" ? 443 : 80;
  if (spec.port != default_port && spec.port != 0) host += fmt::format(":{}", spec.port);
  return host;
}

std::string RequestTarget(const HttpRequestSpec& spec) {
  std::string path = spec.target.empty() || spec.target[0] != '/' ? "/" + spec.target : spec.target;
  if (!spec.absolute_form) return path;
  return spec.scheme + "://" + HostHeader(spec) + path;
}

namespace http_detail {

HttpAnswer ToAnswer(const boost::beast::http::response<boost::beast::http::string_body>& res) {
  HttpAnswer answer;
  answer.status = static_cast<int>(res.result_int());
  answer.reason = std::string(res.reason());
  for (const auto& field : res) {
    answer.headers.emplace_back(std::string(field.name_string()), std::string(field.value()));
  }
  answer.body = res.body();
  return answer;
}

std::string Describe(const boost::system::error_code& ec, double elapsed_ms, bool got_bytes) {
  if (ec == boost::beast::error::timeout) {
    return got_bytes ? fmt::format("answer incomplete after {:.0f} ms", elapsed_ms)
                     : fmt::format("no answer within {:.0f} ms", elapsed_ms);
  }
  if (ec == boost::asio::error::eof || ec == boost::beast::http::error::end_of_stream ||
      ec == boost::beast::http::error::partial_message) {
    return got_bytes ? "connection closed in the middle of the answer"
                     : "connection closed without an answer";
  }
  return (got_bytes ? "malformed answer: " : "no answer: ") + ec.message();
}

std::string InterimNote(int interim) {
  return fmt::format(" after {} interim (1xx) {}", interim, interim == 1 ? "answer" : "answers");
}

}  // namespace http_detail

template boost::asio::awaitable<HttpFetch> FetchHttp(boost::beast::tcp_stream&, HttpRequestSpec,
                                                     Deadline);
template boost::asio::awaitable<ProtocolOutcome> CheckHttp(boost::beast::tcp_stream&,
                                                           HttpRequestSpec, HttpExpectation,
                                                           Deadline);
template boost::asio::awaitable<ProtocolOutcome> CheckCaptive(boost::beast::tcp_stream&,
                                                              HttpRequestSpec, Deadline);
template boost::asio::awaitable<ProtocolOutcome> CheckOcsp(boost::beast::tcp_stream&,
                                                           HttpRequestSpec, OcspTarget, Deadline);
template boost::asio::awaitable<ProtocolOutcome> CheckCrl(boost::beast::tcp_stream&,
                                                          HttpRequestSpec, Deadline);

namespace {

// The request for an HTTP-family check: the hint's URL (a path or a full URL) on the probe's
// name; a plain-HTTP proxy route asks for the absolute form.
HttpRequestSpec RequestFor(const ProbeSpec& spec, const Route& route, std::string default_path) {
  HttpRequestSpec request;
  request.host = spec.sni.empty() ? spec.target : spec.sni;
  request.port = spec.port;
  request.target = std::move(default_path);
  if (!spec.url.empty()) {
    if (spec.url.front() == '/') {
      request.target = spec.url;
    } else if (auto url = boost::urls::parse_absolute_uri(spec.url); url) {
      std::string path = std::string(url->encoded_path());
      if (url->has_query()) path += "?" + std::string(url->encoded_query());
      request.target = path.empty() ? "/" : path;
    }
  }
  // Through a CONNECT tunnel the socket reaches the target itself; otherwise it reaches the
  // proxy, which wants the absolute form and its credentials.
  if (route.kind == "proxy" && !route.tunnel) {
    request.absolute_form = true;
    if (!route.proxy_authorization.empty()) {
      request.headers.emplace_back("Proxy-Authorization", route.proxy_authorization);
    }
  }
  return request;
}

}  // namespace

boost::asio::awaitable<ProtocolOutcome> RunHttp(const KindContext& ctx,
                                                boost::asio::ip::tcp::socket& socket) {
  boost::beast::tcp_stream stream(std::move(socket));
  HttpRequestSpec request = RequestFor(ctx.spec, ctx.route, "/");
  HttpExpectation expect;
  expect.body_contains = ctx.spec.expect;
  expect.host = request.host;
  co_return co_await CheckHttp(stream, std::move(request), std::move(expect), ctx.deadline);
}

boost::asio::awaitable<ProtocolOutcome> RunCaptive(const KindContext& ctx,
                                                   boost::asio::ip::tcp::socket& socket) {
  boost::beast::tcp_stream stream(std::move(socket));
  HttpRequestSpec request = RequestFor(ctx.spec, ctx.route, "/hotspot-detect.html");
  co_return co_await CheckCaptive(stream, std::move(request), ctx.deadline);
}

boost::asio::awaitable<ProtocolOutcome> RunOcsp(const KindContext& ctx,
                                                boost::asio::ip::tcp::socket& socket) {
  boost::beast::tcp_stream stream(std::move(socket));
  HttpRequestSpec request = RequestFor(ctx.spec, ctx.route, "/");
  OcspTarget target = DefaultOcspTarget();
  co_return co_await CheckOcsp(stream, std::move(request), std::move(target), ctx.deadline);
}

boost::asio::awaitable<ProtocolOutcome> RunCrl(const KindContext& ctx,
                                               boost::asio::ip::tcp::socket& socket) {
  boost::beast::tcp_stream stream(std::move(socket));
  HttpRequestSpec request = RequestFor(ctx.spec, ctx.route, "/");
  co_return co_await CheckCrl(stream, std::move(request), ctx.deadline);
}

}  // namespace orchard::probe
