// pf: pass rules for macOS and BSD packet filters (pf.conf syntax; load with pfctl -f, or add
// to an anchor). pf evaluates the last matching rule unless a rule says quick: these rules do.
#include "generate/destinations.h"
#include "generate/header.h"
#include "generate/renderers.h"

namespace orchard::generate {
namespace {

std::string Targets(const std::vector<Prefix>& prefixes) {
  std::string out = "{ ";
  for (size_t i = 0; i < prefixes.size(); ++i) out += (i ? ", " : "") + ToString(prefixes[i]);
  return out + " }";
}

}  // namespace

std::string RenderPf(const Allowlist& list) {
  AddressPlan plan = PlanAddresses(list);
  std::string out = CommentHeader(list.provenance, "# ");
  out += AddressNotes(plan, "# ");
  for (const auto& g : GroupByPorts(plan.destinations)) {
    out += WrappedComment("# ", "For:", g.sources);
    for (const auto& [af, prefixes] : {std::pair{"inet", &g.v4}, std::pair{"inet6", &g.v6}}) {
      if (prefixes->empty()) continue;
      for (const auto& [proto, ports] : {std::pair{"tcp", &g.tcp}, std::pair{"udp", &g.udp}}) {
        if (ports->empty()) continue;
        out += "pass out quick " + std::string(af) + " proto " + proto + " from any to " +
               Targets(*prefixes) + " port { " + JoinPorts(*ports, ", ") + " } keep state\n";
      }
    }
  }
  return out;
}

}  // namespace orchard::generate
