// hosts: every host pattern of the list as the article writes it, one per line, in catalog order.
#include <set>

#include "generate/header.h"
#include "generate/renderers.h"

namespace orchard::generate {

std::string RenderHosts(const Allowlist& list) {
  std::string out = CommentHeader(list.provenance, "# ");
  out += "# Host names and *.domain wildcards; networks are in --format cidr.\n";
  std::set<std::string> seen;
  for (const auto& row : list.rows) {
    const auto& e = row.endpoint;
    if (e.kind == catalog::HostKind::kCidr || !seen.insert(e.host).second) continue;
    out += e.host + "\n";
  }
  return out;
}

}  // namespace orchard::generate
