#pragma once

#include <chrono>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "base/clock.h"

namespace orchard::proxy {

// What a PAC script may ask about the machine: DNS and its own address. Abstract so PAC tests
// run without a network. Implementations may block (PAC evaluation is synchronous and bounded
// by the sandbox's timeout).
class PacHostResolver {
 public:
  virtual ~PacHostResolver() = default;
  // Every address of `host` as text (IPv4 and IPv6); empty when it does not resolve.
  virtual std::vector<std::string> Resolve(std::string_view host) = 0;
  // The machine's primary address as text ("127.0.0.1" when there is none).
  virtual std::string MyIpAddress() = 0;
};

// getaddrinfo() and the first non-loopback IPv4 interface address.
class SystemPacHostResolver final : public PacHostResolver {
 public:
  std::vector<std::string> Resolve(std::string_view host) override;
  std::string MyIpAddress() override;
};

// Minutes east of UTC in the local time zone at a moment (the tm_gmtoff of localtime_r).
int LocalUtcOffsetMinutes(std::chrono::system_clock::time_point when);

// Everything a PAC evaluation reads from outside the script. Pointers are borrowed and must
// outlive the evaluation.
struct PacEnvironment {
  const Clock* clock = nullptr;
  PacHostResolver* resolver = nullptr;
  std::function<int(std::chrono::system_clock::time_point)> utc_offset_minutes =
      LocalUtcOffsetMinutes;
};

}  // namespace orchard::proxy
