#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace orchard::generate {

enum class Family { kV4, kV6 };

// An IPv4 or IPv6 network: an address with a prefix length. A single address is a /32 or /128.
// Host bits are always zero (ParsePrefix clears them), so equal networks compare equal.
struct Prefix {
  Family family = Family::kV4;
  std::array<uint8_t, 16> bytes{};  // the first 4 bytes for IPv4
  int length = 0;

  bool IsHost() const { return length == (family == Family::kV4 ? 32 : 128); }
  bool operator==(const Prefix&) const = default;
};

// Reads "17.0.0.0/8", "2001:db8::/32", "23.1.2.3" or "2001:db8::1". Host bits set in a CIDR
// ("17.1.0.0/8") are cleared rather than rejected, as firewalls do. nullopt on anything else.
std::optional<Prefix> ParsePrefix(std::string_view text);

// "17.0.0.0/8"; single addresses print without a length ("23.1.2.3").
std::string ToString(const Prefix& p);

// True when every address of `inner` lies in `outer` (same family).
bool Contains(const Prefix& outer, const Prefix& inner);

// Orders by family, then address, then length: a stable order for generated files.
bool operator<(const Prefix& a, const Prefix& b);

}  // namespace orchard::generate
