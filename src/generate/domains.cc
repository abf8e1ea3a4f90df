// domains: names and domain suffixes, deduplicated. ".push.apple.com" stands for the domain and
// everything under it, the notation squid, Zscaler and most DNS filters read.
#include "generate/header.h"
#include "generate/names.h"
#include "generate/renderers.h"

namespace orchard::generate {

std::string RenderDomains(const Allowlist& list) {
  std::string out = CommentHeader(list.provenance, "# ");
  out += "# \".domain\" means the domain and every name under it.\n";
  for (const auto& rule : NameRules(list, {.tls_only = false, .suffix_covers_apex = true})) {
    out += (rule.subdomains ? "." : "") + rule.domain + "\n";
  }
  return out;
}

}  // namespace orchard::generate
