// cidr: the networks to allow, one per line: Apple's 17.0.0.0/8, the catalog's CIDR rows and,
// with --resolve, each host's current addresses.
#include "generate/destinations.h"
#include "generate/header.h"
#include "generate/renderers.h"

namespace orchard::generate {

std::string RenderCidr(const Allowlist& list) {
  AddressPlan plan = PlanAddresses(list);
  std::string out = CommentHeader(list.provenance, "# ");
  out += AddressNotes(plan, "# ");
  for (const auto& d : plan.destinations) {
    if (d.tcp.empty() && d.udp.empty()) continue;
    out += ToString(d.prefix);
    if (d.prefix.family == Family::kV4 && d.prefix.IsHost()) out += "/32";
    if (d.prefix.family == Family::kV6 && d.prefix.IsHost()) out += "/128";
    out += "\n";
  }
  return out;
}

}  // namespace orchard::generate
