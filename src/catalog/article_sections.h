#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace orchard::catalog {

// A section of Apple's article: its stable category id and its heading.
struct SectionName {
  std::string id;       // "certificate-validation"
  std::string heading;  // "Certificate validation"
};

// The section whose heading is `line` (case-insensitive), e.g. "App Store".
std::optional<SectionName> KnownSectionByHeading(std::string_view line);

// The section a sentence introduces, from phrases Apple uses in each section's lead-in
// ("...to validate the digital certificates..." -> certificate-validation). Also used on a
// table's first description when a table has no heading or lead-in at all.
std::optional<SectionName> KnownSectionByPhrase(std::string_view text);

// True for a short line that reads like a heading rather than a sentence ("App Store",
// "Apple Vision Pro"): at most eight words, no final '.', ':' or ','.
bool LooksLikeHeading(std::string_view line);

// "Apple Vision Pro" -> "apple-vision-pro" (ASCII letters and digits; the rest become '-').
std::string KebabId(std::string_view heading);

}  // namespace orchard::catalog
