#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "base/error.h"

namespace orchard::proxy {

// A proxy's user name and password, already percent-decoded.
struct Credentials {
  std::string user;
  std::string password;
  friend bool operator==(const Credentials&, const Credentials&) = default;
};

// An HTTP proxy: where to connect and how to authenticate. Only plain-HTTP proxies are
// supported (CONNECT for tunnels, absolute-form for plain HTTP).
struct ProxyServer {
  std::string host;  // a name or an address literal, IPv6 without brackets
  uint16_t port = 0;
  std::optional<Credentials> credentials;

  // "host:port", IPv6 as "[::1]:3128"; never includes credentials.
  std::string ToString() const;
  friend bool operator==(const ProxyServer&, const ProxyServer&) = default;
};

// curl's default port for a proxy URL without one.
inline constexpr uint16_t kDefaultProxyPort = 1080;

// Parses `http://[user:pass@]host[:port][/]`. A value without a scheme is taken as http://, as
// curl does. https://, socks4/5:// and anything with a path, query or fragment is an error that
// says why. `what` names the value's origin in messages ("--proxy", "HTTPS_PROXY").
Result<ProxyServer> ParseProxyUrl(std::string_view text, std::string_view what = "proxy");

// Parses "user:password" (as for --proxy-user); the password may be empty or contain ':'.
Result<Credentials> ParseCredentials(std::string_view text);

}  // namespace orchard::proxy
