// iptables: an iptables-restore file with the allow rules in their own chain, ORCHARD-APPLE,
// jumped to first from OUTPUT and FORWARD. Load it with `iptables-restore --noflush`: without
// --noflush iptables-restore replaces the whole filter table. IPv4 only (ip6tables reads a
// separate file); the nftables format carries IPv6 too.
#include "base/strings.h"
#include "generate/destinations.h"
#include "generate/header.h"
#include "generate/renderers.h"

namespace orchard::generate {
namespace {

constexpr char kChain[] = "ORCHARD-APPLE";
constexpr size_t kMultiportMax = 15;  // the multiport match takes at most 15 ports

std::string IptComment(const std::vector<std::string>& sources) {
  std::string text = CommentText(Join(sources, ", "));
  std::erase(text, '"');
  if (text.size() > 250) text = text.substr(0, 247) + "...";  // the kernel keeps 255 bytes
  return "-m comment --comment \"" + text + "\"";
}

}  // namespace

std::string RenderIptables(const Allowlist& list) {
  AddressPlan plan = PlanAddresses(list);
  std::string out = CommentHeader(list.provenance, "# ");
  out += "# Load with: iptables-restore --noflush FILE (without --noflush it replaces the whole\n";
  out += "# filter table). Loading again refreshes chain " + std::string(kChain) +
         " and adds a second, harmless jump.\n";
  out += AddressNotes(plan, "# ");
  std::vector<std::string> v6;
  for (const auto& d : plan.destinations) {
    if (d.prefix.family == Family::kV6) v6.push_back(ToString(d.prefix));
  }
  out += WrappedComment("# ", "IPv6, not in this file (use ip6tables or --format nftables):", v6);

  out += "*filter\n";
  out += ":" + std::string(kChain) + " - [0:0]\n";
  for (const auto& g : GroupByPorts(plan.destinations)) {
    std::string comment = IptComment(g.sources);
    for (const auto& [proto, ports] : {std::pair{"tcp", &g.tcp}, std::pair{"udp", &g.udp}}) {
      std::vector<uint16_t> all(ports->begin(), ports->end());
      for (size_t start = 0; start < all.size(); start += kMultiportMax) {
        std::set<uint16_t> chunk(all.begin() + start,
                                 all.begin() + std::min(all.size(), start + kMultiportMax));
        for (const auto& p : g.v4) {
          out += "-A " + std::string(kChain) + " -d " + ToString(p) + (p.IsHost() ? "/32" : "") +
                 " -p " + proto + " -m multiport --dports " + JoinPorts(chunk, ",") + " " +
                 comment + " -j ACCEPT\n";
        }
      }
    }
  }
  out += "-I OUTPUT 1 -j " + std::string(kChain) + "\n";
  out += "-I FORWARD 1 -j " + std::string(kChain) + "\n";
  out += "COMMIT\n";
  return out;
}

}  // namespace orchard::generate
