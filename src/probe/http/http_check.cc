#include "probe/http/http_check.h"

#include <fmt/format.h>

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

}  // namespace orchard::probe
