#pragma once

#include <cstdint>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "generate/address.h"
#include "generate/allowlist.h"

namespace orchard::generate {

// Apple's whole block: the article says every 17.x address is Apple's.
inline constexpr char kAppleBlock[] = "17.0.0.0/8";

// One network the address-based formats allow, with the ports its rows need by transport.
struct Destination {
  Prefix prefix;
  std::set<uint16_t> tcp;
  std::set<uint16_t> udp;
  std::vector<std::string> sources;  // what put it here: "Apple's block", a CIDR row, a host
};

// Destinations that share exactly the same ports: one firewall rule per transport and family.
struct PortGroup {
  std::set<uint16_t> tcp;
  std::set<uint16_t> udp;
  std::vector<Prefix> v4;
  std::vector<Prefix> v6;
  std::vector<std::string> sources;
};

struct AddressPlan {
  std::vector<Destination> destinations;  // sorted by prefix
  std::vector<std::string> folded;        // "17.248.128.0/18 (notarization) is inside 17.0.0.0/8"
  std::vector<std::string> unresolved;    // "foo.apple.com: no such host", wildcards without a host
  bool resolved = false;                  // --resolve ran
};

// The networks to allow: Apple's 17.0.0.0/8 with the ports of every row, the catalog's CIDR rows
// with theirs, and with --resolve each host's current addresses with that host's ports. A network
// inside another that already allows all its ports is folded into it (interval sets reject
// overlaps, and the shorter list is easier to read).
AddressPlan PlanAddresses(const Allowlist& list);

// Groups destinations by identical ports, in order of first appearance.
std::vector<PortGroup> GroupByPorts(const std::vector<Destination>& destinations);

// Comment lines for an address-based file: that names were not resolved (without --resolve),
// what was folded into a wider network, and what did not resolve.
std::string AddressNotes(const AddressPlan& plan, std::string_view marker);

// "80, 443" with the given separator.
std::string JoinPorts(const std::set<uint16_t>& ports, std::string_view separator);

}  // namespace orchard::generate
