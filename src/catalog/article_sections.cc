#include "catalog/article_sections.h"

#include <algorithm>
#include <cctype>
#include <initializer_list>

#include "base/strings.h"

namespace orchard::catalog {
namespace {

struct KnownSection {
  std::string_view id;
  std::string_view heading;
  std::initializer_list<std::string_view> phrases;  // lower case
};

// In the article's order. When a lead-in holds phrases of several sections, the one that
// comes first in the sentence wins: lead-ins name their subject before mentioning others
// ("A Mac that provides content caching ... such as software updates ... additional content").
const KnownSection kSections[] = {
    {"certificate-validation", "Certificate validation", {"validate the digital certificates"}},
    {"apple-id", "Apple ID", {"authenticate an apple id", "authenticate an apple account"}},
    {"device-setup", "Device setup", {"setting up your device"}},
    {"mdm", "Device management", {"mobile device management"}},
    {"school-business-manager",
     "Apple School Manager and Apple Business Manager",
     {"apple school manager and apple business manager"}},
    {"business-essentials", "Apple Business Essentials", {"apple business essentials"}},
    {"software-updates", "Software updates", {"installing, restoring, and updating"}},
    {"app-store", "App Store", {"updating apps"}},
    {"carrier-updates", "Carrier updates", {"carrier bundle"}},
    {"content-caching-client", "Content caching clients", {"clients of macos content caching"}},
    {"content-caching-server", "Content caching", {"provides content caching"}},
    {"notarization", "App notarization", {"checked for notarization", "ticket delivery"}},
    {"app-validation", "App validation", {"app validation"}},
    {"feedback-assistant", "Feedback Assistant", {"feedback assistant"}},
    {"diagnostics", "Diagnostics", {"perform diagnostics"}},
    {"dns-resolution", "Domain Name System resolution", {"domain name system"}},
    {"icloud", "iCloud", {"icloud services"}},
    {"additional-content", "Additional content", {"download additional content"}},
};

}  // namespace

std::optional<SectionName> KnownSectionByHeading(std::string_view line) {
  std::string lower = AsciiLower(line);
  for (const KnownSection& section : kSections) {
    if (lower == AsciiLower(section.heading)) {
      return SectionName{std::string(section.id), std::string(section.heading)};
    }
  }
  return std::nullopt;
}

std::optional<SectionName> KnownSectionByPhrase(std::string_view text) {
  std::string lower = AsciiLower(text);
  const KnownSection* best = nullptr;
  size_t best_at = std::string::npos;
  for (const KnownSection& section : kSections) {
    for (std::string_view phrase : section.phrases) {
      size_t at = lower.find(phrase);
      if (at < best_at) {
        best = &section;
        best_at = at;
      }
    }
  }
  if (best == nullptr) return std::nullopt;
  return SectionName{std::string(best->id), std::string(best->heading)};
}

bool LooksLikeHeading(std::string_view line) {
  if (line.empty() || line.size() > 60) return false;
  char last = line.back();
  if (last == '.' || last == ':' || last == ',' || last == ';') return false;
  return std::count(line.begin(), line.end(), ' ') < 8;
}

std::string KebabId(std::string_view heading) {
  std::string id;
  for (char c : heading) {
    if (std::isalnum(static_cast<unsigned char>(c)) && static_cast<unsigned char>(c) < 0x80) {
      id += AsciiLower(c);
    } else if (!id.empty() && id.back() != '-') {
      id += '-';
    }
  }
  while (!id.empty() && id.back() == '-') id.pop_back();
  return id;
}

}  // namespace orchard::catalog
