#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/error.h"

namespace orchard::host {

// The two halves of `scutil --dns`: "DNS configuration" (what lookups use) and
// "DNS configuration (for scoped queries)" (per-interface resolvers, e.g. a VPN's utun).
enum class DnsSection { kDefault, kScoped };

// One "resolver #N" block.
struct ScutilResolver {
  DnsSection section = DnsSection::kDefault;
  int number = 0;                           // N in "resolver #N", counted per section
  std::vector<std::string> search_domains;  // "search domain[i]"
  std::vector<std::string> nameservers;     // "nameserver[i]", may carry "%en0"
  std::string domain;                       // "domain": the names this resolver answers for
  std::string options;                      // "options" ("mdns", "pdns")
  std::optional<unsigned long> if_index;    // "if_index : 15 (en0)"
  std::string interface;                    // "en0" from if_index
  std::vector<std::string> flags;           // "Scoped", "Supplemental", "Request A records"
  std::string reach;                        // as printed: "0x00000002 (Reachable)"
  std::optional<bool> reachable;            // from reach; nullopt when not printed
  std::optional<unsigned long> order;
  std::optional<unsigned long> timeout;
  std::optional<unsigned long> port;

  bool HasFlag(std::string_view flag) const;
  bool Scoped() const { return HasFlag("Scoped"); }
  // A resolver for some domains only (split DNS), as VPN clients install.
  bool Supplemental() const { return HasFlag("Supplemental"); }
};

// Parses the whole output. Resolvers must be numbered 1, 2, ... within a section, indexed keys
// ("nameserver[i]") must count up from 0, and every key needs a value, so output cut short
// mid-block is an error naming the line. Unknown "key : value" lines are ignored.
Result<std::vector<ScutilResolver>> ParseScutilDns(std::string_view text);

}  // namespace orchard::host
