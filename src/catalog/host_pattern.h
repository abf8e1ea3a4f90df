#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "base/error.h"
#include "catalog/endpoint.h"

namespace orchard::catalog {

// An IPv4 network: address in host byte order, prefix length 0..32.
struct Ipv4Cidr {
  uint32_t network = 0;
  int prefix = 32;
};

// Parses "a.b.c.d" (strict dotted quad: four decimal octets, no leading zeros) to host order.
std::optional<uint32_t> ParseIpv4(std::string_view text);
std::string FormatIpv4(uint32_t address);

// Parses "a.b.c.d/n" (a bare "a.b.c.d" is a /32). Rejects a prefix outside 0..32 and host bits set
// below the prefix
// ("17.248.129.0/18"); the error says which.
Result<Ipv4Cidr> ParseIpv4Cidr(std::string_view text);

// The first address after the network address (the network itself for /31 and /32): a
// reasonable representative to probe.
std::string FirstUsableAddress(const Ipv4Cidr& cidr);

// What kind of pattern a catalog host is: a DNS name, a "*.domain" wildcard or an IPv4 CIDR
// (anything with a '/' or made only of digits and dots must be a valid CIDR or address).
// The error (without location) says what is wrong: "bad CIDR '17.0.0.0/40': prefix ...".
Result<HostKind> ClassifyHost(std::string_view host);

// True when `name` is a syntactically valid DNS host name (letters, digits, '-', dots).
bool IsValidHostName(std::string_view name);

}  // namespace orchard::catalog
