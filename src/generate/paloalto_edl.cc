// paloalto-edl: PAN-OS external dynamic lists of type URL, one entry per line, no comments
// (PAN-OS reads every line as an entry). Two lists, because PAN-OS uses them in two places:
// the allow list goes in a Security or URL Filtering rule, the decryption-bypass list in a
// Decryption rule with action "No Decrypt". With -o FILE the second is written beside it.
#include "generate/names.h"
#include "generate/renderers.h"

namespace orchard::generate {
namespace {

// PAN-OS's "*.domain" matches names under the domain only, so the domain itself is listed too
// when the list needs it.
std::string Entries(const Allowlist& list, bool tls_only) {
  std::string out;
  for (const auto& rule : NameRules(list, {.tls_only = tls_only, .suffix_covers_apex = false})) {
    out += (rule.subdomains ? "*." : "") + rule.domain + "\n";
  }
  return out;
}

}  // namespace

std::string RenderPaloAltoEdl(const Allowlist& list) { return Entries(list, false); }

std::string RenderPaloAltoDecryptionBypass(const Allowlist& list) { return Entries(list, true); }

}  // namespace orchard::generate
