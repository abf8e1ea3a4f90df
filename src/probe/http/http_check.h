#pragma once

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/stream_traits.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http.hpp>
#include <chrono>
#include <cstdint>
#include <exception>
#include <string>
#include <utility>
#include <vector>

#include "base/clock.h"
#include "probe/http/crl.h"
#include "probe/http/http_answer.h"
#include "probe/http/http_classify.h"
#include "probe/http/ocsp.h"
#include "probe/kinds.h"
#include "probe/outcome.h"

// HTTP checks over an already connected stream. Stream is any Beast/Asio async stream whose
// lowest layer is a boost::beast::tcp_stream (beast::tcp_stream itself, an SSL stream over it,
// a CONNECT tunnel through a proxy): the deadline is enforced through the lowest layer's
// expires_at, so no operation outlives it. One request per stream ("Connection: close").
namespace orchard::probe {

struct HttpRequestSpec {
  std::string method = "GET";
  std::string host;    // Host header and the authority of an absolute-form target
  uint16_t port = 80;  // added to Host when not the scheme's default
  std::string scheme = "http";
  std::string target = "/";    // origin-form path ("/hotspot-detect.html")
  bool absolute_form = false;  // "GET http://host/path HTTP/1.1", for plain-HTTP proxies
  std::vector<std::pair<std::string, std::string>> headers;  // extra, e.g. Proxy-Authorization
  std::string content_type;
  std::string body;
  std::size_t max_body = kPageBodyLimit;
};

// "host" or "host:port", bracketing IPv6 literals.
std::string HostHeader(const HttpRequestSpec& spec);
// The request-target as sent: the path, or "http://host[:port]/path" in absolute form.
std::string RequestTarget(const HttpRequestSpec& spec);

// Writes the request and reads one answer, bounded by spec.max_body and the deadline.
// Chunked and close-delimited bodies are decoded; a truncated or late answer is reported in
// HttpFetch::problem. Never throws.
template <class Stream>
boost::asio::awaitable<HttpFetch> FetchHttp(Stream& stream, HttpRequestSpec spec,
                                            Deadline deadline);

// The generic plain-HTTP check (see JudgeHttpAnswer).
template <class Stream>
boost::asio::awaitable<ProtocolOutcome> CheckHttp(Stream& stream, HttpRequestSpec spec,
                                                  HttpExpectation expect, Deadline deadline);

// captive.apple.com: GETs spec.target (set it to "/hotspot-detect.html"); see JudgeCaptiveAnswer.
template <class Stream>
boost::asio::awaitable<ProtocolOutcome> CheckCaptive(Stream& stream, HttpRequestSpec spec,
                                                     Deadline deadline);

// POSTs a real OCSPRequest for `target` (application/ocsp-request) to spec.target; see
// JudgeOcspAnswer. A target that cannot be encoded is reason internal.
template <class Stream>
boost::asio::awaitable<ProtocolOutcome> CheckOcsp(Stream& stream, HttpRequestSpec spec,
                                                  OcspTarget target, Deadline deadline);

// GETs the CRL at spec.target; see JudgeCrlAnswer.
template <class Stream>
boost::asio::awaitable<ProtocolOutcome> CheckCrl(Stream& stream, HttpRequestSpec spec,
                                                 Deadline deadline);

// The runners of the HTTP kinds (http, captive, ocsp, crl): the check above on a stream that
// takes over `socket`, asking for the spec's hints.url (a path or a full URL) on its name, or
// the kind's default path; through a proxy that is not a CONNECT tunnel, in absolute form with
// the route's Proxy-Authorization.
boost::asio::awaitable<ProtocolOutcome> RunHttp(const KindContext& ctx,
                                                boost::asio::ip::tcp::socket& socket);
boost::asio::awaitable<ProtocolOutcome> RunCaptive(const KindContext& ctx,
                                                   boost::asio::ip::tcp::socket& socket);
boost::asio::awaitable<ProtocolOutcome> RunOcsp(const KindContext& ctx,
                                                boost::asio::ip::tcp::socket& socket);
boost::asio::awaitable<ProtocolOutcome> RunCrl(const KindContext& ctx,
                                               boost::asio::ip::tcp::socket& socket);

// ---- implementation ----

namespace http_detail {

HttpAnswer ToAnswer(const boost::beast::http::response<boost::beast::http::string_body>& res);
std::string Describe(const boost::system::error_code& ec, double elapsed_ms, bool got_bytes);
// Interim (1xx) answers skipped before giving up on a final one.
inline constexpr int kMaxInterimAnswers = 16;
// " after N interim (1xx) answers".
std::string InterimNote(int interim);

template <class Stream>
boost::asio::awaitable<HttpFetch> Fetch(Stream& stream, const HttpRequestSpec& spec,
                                        Deadline deadline) {
  namespace asio = boost::asio;
  namespace beast = boost::beast;
  namespace http = beast::http;
  auto& lowest = beast::get_lowest_layer(stream);
  const auto start = std::chrono::steady_clock::now();
  HttpFetch fetch;

  http::request<http::string_body> req{http::string_to_verb(spec.method), RequestTarget(spec), 11};
  req.set(http::field::host, HostHeader(spec));
  req.set(http::field::user_agent, "orchard/0.1");
  req.set(http::field::accept, "*/*");
  req.set(http::field::connection, "close");
  for (const auto& [name, value] : spec.headers) req.set(name, value);
  if (!spec.body.empty() || spec.method == "POST") {
    if (!spec.content_type.empty()) req.set(http::field::content_type, spec.content_type);
    req.body() = spec.body;
    req.prepare_payload();
  }
  lowest.expires_at(deadline);
  auto [write_ec, written] =
      co_await http::async_write(stream, req, asio::as_tuple(asio::use_awaitable));
  if (write_ec) {
    fetch.timed_out = write_ec == beast::error::timeout;
    fetch.problem = "cannot send the request: " + write_ec.message();
    co_return fetch;
  }

  // The first read is separate so the time to the first byte is measured.
  const auto sent = std::chrono::steady_clock::now();
  beast::flat_buffer buffer;
  lowest.expires_at(deadline);
  auto [first_ec, n] =
      co_await stream.async_read_some(buffer.prepare(4096), asio::as_tuple(asio::use_awaitable));
  buffer.commit(n);
  if (n > 0) fetch.first_byte_ms = MsSince(sent);
  if (first_ec && n == 0) {
    fetch.timed_out = first_ec == beast::error::timeout;
    fetch.problem = Describe(first_ec, MsSince(start), false);
    co_return fetch;
  }

  // Interim answers (100 Continue, 102, 103) are skipped, as every HTTP client does: only a final
  // answer says anything about the service. A server that sends nothing else has not answered.
  for (int interim = 0;; ++interim) {
    http::response_parser<http::string_body> parser;
    parser.header_limit(32 * 1024);
    parser.body_limit(spec.max_body);
    lowest.expires_at(deadline);
    auto [read_ec, read] =
        co_await http::async_read(stream, buffer, parser, asio::as_tuple(asio::use_awaitable));
    if (read_ec == http::error::body_limit && parser.is_header_done()) {
      // Beast stops before the piece that would pass the limit (for a Content-Length beyond
      // it, before any): that piece is still in the buffer, raw unless the body is chunked.
      fetch.answer = ToAnswer(parser.get());
      std::string& body = fetch.answer->body;
      if (!parser.chunked() && body.size() < spec.max_body) {
        const auto data = buffer.cdata();
        body.append(static_cast<const char*>(data.data()),
                    std::min(data.size(), spec.max_body - body.size()));
      }
      fetch.body_truncated = true;
    } else if (read_ec) {
      fetch.timed_out = read_ec == beast::error::timeout;
      fetch.problem = Describe(read_ec, MsSince(start), true);
      if (interim > 0) fetch.problem += InterimNote(interim);
    } else if (const unsigned status = parser.get().result_int();
               status >= 100 && status < 200 && status != 101) {
      if (interim + 1 < kMaxInterimAnswers) continue;
      fetch.problem = "only interim answers" + InterimNote(interim + 1);
    } else {
      fetch.answer = ToAnswer(parser.get());
    }
    co_return fetch;
  }
}

}  // namespace http_detail

template <class Stream>
boost::asio::awaitable<HttpFetch> FetchHttp(Stream& stream, HttpRequestSpec spec,
                                            Deadline deadline) {
  try {
    co_return co_await http_detail::Fetch(stream, spec, deadline);
  } catch (const std::exception& e) {
    HttpFetch fetch;
    fetch.problem = std::string("HTTP exchange failed: ") + e.what();
    co_return fetch;
  }
}

template <class Stream>
boost::asio::awaitable<ProtocolOutcome> CheckHttp(Stream& stream, HttpRequestSpec spec,
                                                  HttpExpectation expect, Deadline deadline) {
  co_return JudgeHttpAnswer(co_await FetchHttp(stream, std::move(spec), deadline), expect);
}

template <class Stream>
boost::asio::awaitable<ProtocolOutcome> CheckCaptive(Stream& stream, HttpRequestSpec spec,
                                                     Deadline deadline) {
  co_return JudgeCaptiveAnswer(co_await FetchHttp(stream, std::move(spec), deadline));
}

template <class Stream>
boost::asio::awaitable<ProtocolOutcome> CheckOcsp(Stream& stream, HttpRequestSpec spec,
                                                  OcspTarget target, Deadline deadline) {
  auto request = BuildOcspRequest(target);
  if (!request) co_return Failed(Reason::kInternal, request.error().ToString());
  spec.method = "POST";
  spec.content_type = "application/ocsp-request";
  spec.body = *request;
  spec.headers.emplace_back("Accept", "application/ocsp-response");
  spec.max_body = kPageBodyLimit;
  co_return JudgeOcspAnswer(co_await FetchHttp(stream, std::move(spec), deadline), *request);
}

template <class Stream>
boost::asio::awaitable<ProtocolOutcome> CheckCrl(Stream& stream, HttpRequestSpec spec,
                                                 Deadline deadline) {
  spec.max_body = kCrlBodyLimit;
  co_return JudgeCrlAnswer(co_await FetchHttp(stream, std::move(spec), deadline));
}

extern template boost::asio::awaitable<HttpFetch> FetchHttp(boost::beast::tcp_stream&,
                                                            HttpRequestSpec, Deadline);
extern template boost::asio::awaitable<ProtocolOutcome> CheckHttp(boost::beast::tcp_stream&,
                                                                  HttpRequestSpec, HttpExpectation,
                                                                  Deadline);
extern template boost::asio::awaitable<ProtocolOutcome> CheckCaptive(boost::beast::tcp_stream&,
                                                                     HttpRequestSpec, Deadline);
extern template boost::asio::awaitable<ProtocolOutcome> CheckOcsp(boost::beast::tcp_stream&,
                                                                  HttpRequestSpec, OcspTarget,
                                                                  Deadline);
extern template boost::asio::awaitable<ProtocolOutcome> CheckCrl(boost::beast::tcp_stream&,
                                                                 HttpRequestSpec, Deadline);

}  // namespace orchard::probe
