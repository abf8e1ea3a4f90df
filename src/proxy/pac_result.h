#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base/error.h"

namespace orchard::proxy {

// One entry of FindProxyForURL's answer.
struct PacChoice {
  enum class Kind { kDirect, kProxy, kHttps, kSocks, kSocks4, kSocks5 };
  Kind kind = Kind::kDirect;
  std::string host;
  uint16_t port = 0;

  // orchard routes through DIRECT and PROXY (plain HTTP proxies) only.
  bool Supported() const { return kind == Kind::kDirect || kind == Kind::kProxy; }
  // "DIRECT", "PROXY proxy.corp:8080", "SOCKS5 s:1080".
  std::string ToString() const;
  friend bool operator==(const PacChoice&, const PacChoice&) = default;
};

// Parses "PROXY a:8080; PROXY b:8080; DIRECT" into ordered choices. Keywords are
// case-insensitive; empty entries are skipped; an empty answer means DIRECT. PROXY without a port
// uses 80, HTTPS 443, SOCKS 1080, as browsers do. An unknown keyword or a bad host:port is an
// error quoting the answer.
Result<std::vector<PacChoice>> ParsePacAnswer(std::string_view answer);

}  // namespace orchard::proxy
