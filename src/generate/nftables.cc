// nftables: a script for `nft -f` that puts the allow rules in their own chain, orchard_apple,
// inside `table inet filter` (Debian's /etc/nftables.conf) and jumps to it from the top of the
// output and forward chains. nftables runs every base chain a packet meets, so an accept in a
// table of its own would not lift a drop in the site's table: the rules have to live in the
// table that drops. Loading it again refreshes the rules (the chain is flushed first) and adds a
// second, harmless jump.
#include "base/strings.h"
#include "generate/destinations.h"
#include "generate/header.h"
#include "generate/renderers.h"

namespace orchard::generate {
namespace {

constexpr char kTable[] = "inet filter";
constexpr char kChain[] = "orchard_apple";

std::string Elements(const std::vector<Prefix>& prefixes) {
  std::string out = "{ ";
  for (size_t i = 0; i < prefixes.size(); ++i) {
    out += (i ? ", " : "") + ToString(prefixes[i]);
  }
  return out + " }";
}

// nft comments are quoted strings of at most 128 bytes.
std::string NftComment(const std::vector<std::string>& sources) {
  std::string text = CommentText(Join(sources, ", "));
  std::erase(text, '"');
  if (text.size() > 120) text = text.substr(0, 117) + "...";
  return "comment \"" + text + "\"";
}

}  // namespace

std::string RenderNftables(const Allowlist& list) {
  AddressPlan plan = PlanAddresses(list);
  std::string out = "#!/usr/sbin/nft -f\n";
  out += CommentHeader(list.provenance, "# ");
  out += "# Adds chain " + std::string(kChain) + " to table " + kTable +
         " and jumps to it first from its output and\n"
         "# forward chains (created if missing; an existing chain keeps its policy). To use "
         "another\n# table or chain, replace \"" +
         kTable + "\", \"output\" and \"forward\" below.\n";
  out += AddressNotes(plan, "# ");
  std::string table = kTable;
  out += "\nadd table " + table + "\n";
  out += "add chain " + table + " output { type filter hook output priority filter; }\n";
  out += "add chain " + table + " forward { type filter hook forward priority filter; }\n";
  out += "add chain " + table + " " + kChain + "\n";
  out += "flush chain " + table + " " + kChain + "\n";
  for (const auto& g : GroupByPorts(plan.destinations)) {
    std::string comment = NftComment(g.sources);
    for (const auto& [family, prefixes] : {std::pair{"ip", &g.v4}, std::pair{"ip6", &g.v6}}) {
      if (prefixes->empty()) continue;
      for (const auto& [proto, ports] : {std::pair{"tcp", &g.tcp}, std::pair{"udp", &g.udp}}) {
        if (ports->empty()) continue;
        out += "add rule " + table + " " + kChain + " " + family + " daddr " + Elements(*prefixes) +
               " " + proto + " dport { " + JoinPorts(*ports, ", ") + " } accept " + comment + "\n";
      }
    }
  }
  out += "insert rule " + table + " output jump " + kChain + "\n";
  out += "insert rule " + table + " forward jump " + kChain + "\n";
  return out;
}

}  // namespace orchard::generate
