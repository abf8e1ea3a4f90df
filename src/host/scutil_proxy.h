#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/error.h"

namespace orchard::host {

struct SystemProxyServer {
  std::string host;
  uint16_t port = 0;
};

// The parts of macOS's system proxy dictionary (`scutil --proxy`) that decide a route.
struct SystemProxySettings {
  std::optional<SystemProxyServer> http;   // HTTPEnable/HTTPProxy/HTTPPort
  std::optional<SystemProxyServer> https;  // HTTPSEnable/...
  std::optional<SystemProxyServer> socks;  // SOCKSEnable/... (reported, not routed)
  std::string pac_url;                     // ProxyAutoConfigURLString when enabled
  bool auto_discovery = false;             // ProxyAutoDiscoveryEnable (WPAD)
  std::vector<std::string> exceptions;     // ExceptionsList
  bool exclude_simple_hostnames = false;   // ExcludeSimpleHostnames

  bool Empty() const { return !http && !https && !socks && pac_url.empty() && !auto_discovery; }
};

// "host:port" ("[::1]:8080" for an IPv6 address); "" for no server.
std::string ServerName(const std::optional<SystemProxyServer>& server);

// Parses `scutil --proxy` output (a nested "<dictionary> { Key : value }" dump). Only the
// top-level keys count (the per-interface copies under __SCOPED__ are not what macOS applies
// globally); unknown keys are ignored; a server whose Enable flag is 0 or absent is left out; a
// malformed line is an error with its line number.
Result<SystemProxySettings> ParseScutilProxy(std::string_view text);

}  // namespace orchard::host
