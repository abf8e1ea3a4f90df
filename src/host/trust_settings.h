#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "base/error.h"

namespace orchard::host {

// One certificate of `security dump-trust-settings -d` (the admin domain, where MDM and
// inspection products put their roots).
struct TrustedCert {
  std::string name;                   // "Cert 0: NAME"
  int trust_settings = 0;             // "Number of trust settings : N"; 0 = trusted for all uses
  std::vector<std::string> policies;  // each setting's "Policy OID" ("SSL", "Apple X509 Basic")
  std::vector<std::string> results;   // each setting's "Result Type"
};

// Parses the dump. "SecTrustSettingsCopyCertificates: No Trust Settings were found." (what the
// tool says, on stderr, for an empty domain) is an empty list. Fewer certificates or settings
// than the counts declare means the output was cut short: an error naming the line.
Result<std::vector<TrustedCert>> ParseTrustSettings(std::string_view text);

// Whether `text` is the tool's "No Trust Settings were found." message.
bool SaysNoTrustSettings(std::string_view text);

}  // namespace orchard::host
