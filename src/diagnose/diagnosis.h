#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace orchard::diagnose {

enum class Severity { kCritical, kHigh, kMedium, kLow, kInfo };

std::string_view ToString(Severity s);  // "critical", "high", "medium", "low", "info"
std::optional<Severity> SeverityFromString(std::string_view s);

// A root cause found in a run's results, with what to do about it.
struct Diagnosis {
  std::string id;  // stable: "dark-network", "tls-interception", "cert-validation-blocked", ...
  Severity severity = Severity::kInfo;
  std::string title;                  // one line: "HTTPS inspection by 'Corp Proxy CA' on 37 hosts"
  std::string explanation;            // what breaks and why, in plain language
  std::string remedy;                 // the concrete change that fixes it
  std::vector<std::string> affected;  // "host:port" targets, in result order
  int impact = 0;                     // ordering key: higher first
};

}  // namespace orchard::diagnose
