#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/error.h"

namespace orchard::proxy {

struct SystemProxyServer {
  std::string host;
  uint16_t port = 0;
};

// The parts of macOS's system proxy dictionary that decide a route.
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

// Parses `scutil --proxy` output (a nested "<dictionary> { Key : value }" dump). Unknown keys
// are ignored; a server whose Enable flag is 0 or absent is left out; a malformed line is an
// error with its line number.
Result<SystemProxySettings> ParseScutilProxy(std::string_view text);

// Whether macOS bypasses the proxy for `host`: ExcludeSimpleHostnames and a dotless host, or an
// exception entry that matches: a glob ("*.local"), an address block ("169.254/16",
// "10.0.0.0/8"), or a name (the host itself or, as macOS does, its subdomains).
std::optional<std::string> MatchSystemException(const SystemProxySettings& settings,
                                                std::string_view host);

// Where system settings come from. Abstract so tests feed captured output.
class SystemProxySource {
 public:
  virtual ~SystemProxySource() = default;
  // `scutil --proxy` output, or nullopt where there is no such thing (Linux).
  virtual Result<std::optional<std::string>> ScutilOutput() = 0;
  // What `ipconfig getoption "" 252` prints: the PAC URL the network's DHCP server hands out
  // for WPAD (option 252), or nullopt when it hands out none.
  virtual std::optional<std::string> DhcpWpadOption() { return std::nullopt; }
};

// On macOS runs /usr/sbin/scutil --proxy and /usr/sbin/ipconfig; elsewhere answers nullopt.
class RealSystemProxySource final : public SystemProxySource {
 public:
  Result<std::optional<std::string>> ScutilOutput() override;
  std::optional<std::string> DhcpWpadOption() override;
};

// Where WPAD finds the PAC file, as macOS looks: the URL DHCP option 252 carries (`option`, the
// tool's output: trailing whitespace and the NUL some servers end it with are dropped), else
// http://wpad/wpad.dat, the name resolved through the search domains.
std::string WpadUrl(const std::optional<std::string>& option);

}  // namespace orchard::proxy
