// ssl-bypass: the plain list an inspection console (Symantec WSS, Zscaler) imports as its
// "do not inspect" exceptions. Only hosts on ports that carry TLS; no comments, because the
// consoles take every line as an entry.
#include "generate/names.h"
#include "generate/renderers.h"

namespace orchard::generate {

std::string RenderSslBypass(const Allowlist& list) {
  std::string out;
  for (const auto& rule : NameRules(list, {.tls_only = true, .suffix_covers_apex = true})) {
    out += (rule.subdomains ? "." : "") + rule.domain + "\n";
  }
  return out;
}

}  // namespace orchard::generate
