#include "proxy/proxy_url.h"

#include <fmt/format.h>

#include <boost/url/parse.hpp>
#include <boost/url/url_view.hpp>

#include "base/strings.h"

namespace orchard::proxy {
namespace {

tl::unexpected<Error> Bad(std::string_view what, std::string_view text, std::string_view why) {
  return MakeError(ErrorCode::kUsage, fmt::format("{}: bad proxy URL \"{}\": {}", what, text, why));
}

}  // namespace

std::string ProxyServer::ToString() const {
  if (host.find(':') != std::string::npos) return fmt::format("[{}]:{}", host, port);
  return fmt::format("{}:{}", host, port);
}

Result<ProxyServer> ParseProxyUrl(std::string_view text, std::string_view what) {
  std::string_view trimmed = Trim(text);
  if (trimmed.empty()) return Bad(what, text, "empty");
  std::string with_scheme(trimmed);
  if (trimmed.find("://") == std::string_view::npos) with_scheme = "http://" + with_scheme;

  auto parsed = boost::urls::parse_uri(with_scheme);
  if (!parsed) return Bad(what, text, "not a URL (expected http://[user:pass@]host:port)");
  const boost::urls::url_view& url = *parsed;
  std::string scheme = AsciiLower(url.scheme());
  if (scheme == "https" || scheme.starts_with("socks")) {
    return Bad(what, text,
               fmt::format("{} proxies are not supported; use an http:// proxy", scheme));
  }
  if (scheme != "http") return Bad(what, text, fmt::format("unknown scheme \"{}\"", scheme));
  if (!url.has_authority()) return Bad(what, text, "no host");
  if (url.has_query() || url.has_fragment() || (!url.path().empty() && url.path() != "/")) {
    return Bad(what, text, "a proxy URL has no path, query or fragment");
  }

  ProxyServer server;
  server.host = url.host_address();
  if (server.host.empty()) return Bad(what, text, "no host");
  if (url.host_type() == boost::urls::host_type::ipvfuture) {
    return Bad(what, text, "unsupported address form");
  }
  if (url.has_port()) {
    if (url.port().empty()) return Bad(what, text, "empty port");
    unsigned long port = 0;
    for (char c : url.port()) {
      if (c < '0' || c > '9') return Bad(what, text, "port is not a number");
      port = port * 10 + static_cast<unsigned long>(c - '0');
      if (port > 65535) return Bad(what, text, "port out of range");
    }
    if (port == 0) return Bad(what, text, "port 0");
    server.port = static_cast<uint16_t>(port);
  } else {
    server.port = kDefaultProxyPort;
  }
  if (url.has_userinfo()) {
    Credentials credentials;
    credentials.user = url.user();
    credentials.password = url.password();
    if (credentials.user.empty()) return Bad(what, text, "empty user name");
    server.credentials = std::move(credentials);
  }
  return server;
}

Result<Credentials> ParseCredentials(std::string_view text) {
  auto colon = text.find(':');
  Credentials credentials;
  credentials.user = std::string(text.substr(0, colon));
  if (colon != std::string_view::npos) credentials.password = std::string(text.substr(colon + 1));
  if (credentials.user.empty()) {
    return MakeError(ErrorCode::kUsage, "--proxy-user: expected USER:PASSWORD");
  }
  return credentials;
}

}  // namespace orchard::proxy
