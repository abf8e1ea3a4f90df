#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/error.h"
#include "host/scutil_proxy.h"

namespace orchard::proxy {

// Whether macOS bypasses the proxy for `host`: ExcludeSimpleHostnames and a dotless host, or an
// exception entry that matches: a glob ("*.local"), an address block ("169.254/16",
// "10.0.0.0/8"), or a name (the host itself or, as macOS does, its subdomains).
std::optional<std::string> MatchSystemException(const host::SystemProxySettings& settings,
                                                std::string_view host);

// Where system settings come from. Abstract so tests feed captured output and a --host-facts
// folder stands in for this machine.
class SystemProxySource {
 public:
  virtual ~SystemProxySource() = default;
  // The settings (`scutil --proxy`, parsed by host::ParseScutilProxy), or nullopt where there
  // are none (Linux). An error when the tool could not run or its output did not parse.
  virtual Result<std::optional<host::SystemProxySettings>> Settings() = 0;
  // What `ipconfig getoption "" 252` prints: the PAC URL the network's DHCP server hands out
  // for WPAD (option 252), or nullopt when it hands out none.
  virtual std::optional<std::string> DhcpWpadOption() { return std::nullopt; }
};

// On macOS runs /usr/sbin/scutil --proxy and /usr/sbin/ipconfig; elsewhere answers nullopt.
class RealSystemProxySource final : public SystemProxySource {
 public:
  Result<std::optional<host::SystemProxySettings>> Settings() override;
  std::optional<std::string> DhcpWpadOption() override;
};

// Settings read already, never this machine's: a --host-facts folder's recorded `scutil
// --proxy` (nullopt: the folder's machine has none). DHCP's WPAD option is not recorded, so
// WPAD falls back to http://wpad/wpad.dat, resolved here.
class RecordedSystemProxySource final : public SystemProxySource {
 public:
  explicit RecordedSystemProxySource(std::optional<host::SystemProxySettings> settings)
      : settings_(std::move(settings)) {}
  Result<std::optional<host::SystemProxySettings>> Settings() override { return settings_; }

 private:
  std::optional<host::SystemProxySettings> settings_;
};

// Where WPAD finds the PAC file, as macOS looks: the URL DHCP option 252 carries (`option`, the
// tool's output: trailing whitespace and the NUL some servers end it with are dropped), else
// http://wpad/wpad.dat, the name resolved through the search domains.
std::string WpadUrl(const std::optional<std::string>& option);

}  // namespace orchard::proxy
