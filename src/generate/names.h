#pragma once

#include <string>
#include <vector>

#include "generate/allowlist.h"

namespace orchard::generate {

// A host-name rule for the name-based formats: one exact name, or everything under a domain.
struct NameRule {
  std::string domain;       // lower case, no "*." or leading dot
  bool subdomains = false;  // a wildcard row or a --collapse parent
  bool operator==(const NameRule&) const = default;
};

struct NameOptions {
  // Keep only rows with a port that carries TLS (what inspection must leave alone): TCP other
  // than 80 (plain HTTP) and 22 (SSH).
  bool tls_only = false;
  // The target notation's ".domain" also matches the domain itself (squid, Zscaler, the domains
  // list): a name equal to a wildcard's domain is folded into it too.
  bool suffix_covers_apex = true;
};

// The name rules of a list's host and wildcard rows (networks are skipped): --collapse parents
// replace every rule under them (a parent also gets its exact name), names and wildcards under
// a listed wildcard are folded into it, duplicates go. Sorted by reversed labels so a domain's
// names sit together.
std::vector<NameRule> NameRules(const Allowlist& list, const NameOptions& options);

// True when a row has a TLS-carrying port (see NameOptions::tls_only).
bool HasTlsPort(const catalog::Endpoint& endpoint);

}  // namespace orchard::generate
