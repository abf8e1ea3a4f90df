#include "proxy/tunnel.h"

#include <fmt/format.h>

#include <charconv>

#include "base/strings.h"
#include "probe/http/http_classify.h"
#include "proxy/host_match.h"

namespace orchard::proxy {
namespace {

constexpr char kBase64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

std::string Base64(std::string_view in) {
  std::string out;
  size_t i = 0;
  for (; i + 2 < in.size(); i += 3) {
    uint32_t v = (uint8_t(in[i]) << 16) | (uint8_t(in[i + 1]) << 8) | uint8_t(in[i + 2]);
    for (int s = 18; s >= 0; s -= 6) out += kBase64[(v >> s) & 63];
  }
  if (i + 1 == in.size()) {
    uint32_t v = uint8_t(in[i]) << 16;
    out += kBase64[(v >> 18) & 63];
    out += kBase64[(v >> 12) & 63];
    out += "==";
  } else if (i + 2 == in.size()) {
    uint32_t v = (uint8_t(in[i]) << 16) | (uint8_t(in[i + 1]) << 8);
    out += kBase64[(v >> 18) & 63];
    out += kBase64[(v >> 12) & 63];
    out += kBase64[(v >> 6) & 63];
    out += '=';
  }
  return out;
}

std::string Bracketed(std::string_view host) {
  if (host.find(':') != std::string_view::npos) return fmt::format("[{}]", host);
  return std::string(host);
}

}  // namespace

std::string BasicAuthorization(const Credentials& c) {
  return "Basic " + Base64(c.user + ":" + c.password);
}

std::string BuildConnectRequest(std::string_view host, uint16_t port,
                                const std::optional<Credentials>& credentials) {
  std::string authority = fmt::format("{}:{}", Bracketed(host), port);
  std::string out =
      fmt::format("CONNECT {0} HTTP/1.1\r\nHost: {0}\r\nUser-Agent: orchard/0.1\r\n", authority);
  if (credentials) out += "Proxy-Authorization: " + BasicAuthorization(*credentials) + "\r\n";
  out += "\r\n";
  return out;
}

std::optional<probe::HttpAnswer> ParseProxyReplyHead(std::string_view head) {
  auto eol = head.find("\r\n");
  if (eol == std::string_view::npos) return std::nullopt;
  std::string_view status_line = head.substr(0, eol);
  if (!status_line.starts_with("HTTP/1.")) return std::nullopt;
  auto sp = status_line.find(' ');
  if (sp == std::string_view::npos || status_line.size() < sp + 4) return std::nullopt;
  probe::HttpAnswer answer;
  std::string_view code = status_line.substr(sp + 1, 3);
  auto [end, ec] = std::from_chars(code.data(), code.data() + 3, answer.status);
  if (ec != std::errc() || end != code.data() + 3 || answer.status < 100) return std::nullopt;
  answer.reason = std::string(Trim(status_line.substr(sp + 4)));
  std::string_view rest = head.substr(eol + 2);
  while (!rest.empty()) {
    auto line_end = rest.find("\r\n");
    std::string_view line = rest.substr(0, line_end);
    rest = line_end == std::string_view::npos ? std::string_view() : rest.substr(line_end + 2);
    if (line.empty()) break;
    auto colon = line.find(':');
    if (colon == std::string_view::npos) return std::nullopt;
    answer.headers.emplace_back(std::string(Trim(line.substr(0, colon))),
                                std::string(Trim(line.substr(colon + 1))));
  }
  return answer;
}

TunnelVerdict JudgeConnectReply(const probe::HttpAnswer& answer, std::string_view proxy,
                                std::string_view target) {
  using probe::Reason;
  if (answer.status >= 200 && answer.status < 300) return {Reason::kOk, ""};
  if (answer.status == 407) {
    return {Reason::kProxyAuthRequired,
            fmt::format("proxy {} answered 407: it wants credentials for {}{}", proxy, target,
                        " (give them in --proxy http://user:pass@... or --proxy-user)")};
  }
  // Squid says what went wrong in X-Squid-Error: "ERR_CONNECT_FAIL 111" carries the errno.
  std::string squid(probe::HeaderValue(answer, "X-Squid-Error"));
  auto reached = [&](Reason reason, std::string_view what) {
    return TunnelVerdict{reason, fmt::format("proxy {} could not reach {}: {} ({} {})", proxy,
                                             target, what, answer.status, answer.reason)};
  };
  if (squid.starts_with("ERR_CONNECT_FAIL")) {
    if (squid.ends_with(" 111")) return reached(Reason::kTcpRefused, "connection refused");
    if (squid.ends_with(" 113") || squid.ends_with(" 101")) {
      return reached(Reason::kTcpUnreachable, "no route");
    }
    return reached(Reason::kTcpTimeout, "connection timed out");
  }
  if (squid.starts_with("ERR_DNS_FAIL")) return reached(Reason::kDnsNxdomain, "name not found");
  if (squid.starts_with("ERR_READ_TIMEOUT") || squid.starts_with("ERR_CONNECT_TIMEOUT")) {
    return reached(Reason::kTcpTimeout, "timed out");
  }
  std::string page = probe::DetectBlockPage(answer).value_or("");
  return {Reason::kProxyDenied,
          fmt::format("proxy {} refused {}: {} {}{}", proxy, target, answer.status, answer.reason,
                      page.empty() ? "" : " (" + page + ")")};
}

}  // namespace orchard::proxy
