#include "diagnose/diagnosis.h"

#include <array>
#include <utility>

namespace orchard::diagnose {
namespace {

constexpr std::array<std::pair<Severity, std::string_view>, 5> kSeverityNames{{
    {Severity::kCritical, "critical"},
    {Severity::kHigh, "high"},
    {Severity::kMedium, "medium"},
    {Severity::kLow, "low"},
    {Severity::kInfo, "info"},
}};

}  // namespace

std::string_view ToString(Severity s) {
  for (const auto& [value, name] : kSeverityNames) {
    if (value == s) return name;
  }
  return "info";
}

std::optional<Severity> SeverityFromString(std::string_view s) {
  for (const auto& [value, name] : kSeverityNames) {
    if (name == s) return value;
  }
  return std::nullopt;
}

}  // namespace orchard::diagnose
