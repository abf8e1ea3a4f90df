#include "host/configuration_profiles.h"

#include <fmt/format.h>

#include <algorithm>

#include "host/plist_xml.h"
#include "host/text.h"

namespace orchard::host {
namespace {

constexpr std::string_view kTool = "profiles -C";

// The string member `key` of `dict` into `out`; absent leaves `out` empty, another type is an
// error naming the member's line.
Result<void> OptionalString(const PlistValue& dict, std::string_view key, std::string& out) {
  const PlistValue* v = dict.Find(key);
  if (v == nullptr) return {};
  if (v->type != PlistValue::Type::kString) {
    return LineError(kTool, v->line, fmt::format("{} is not a <string>", key));
  }
  out = v->text;
  return {};
}

Result<void> RequiredString(const PlistValue& dict, std::string_view key, std::string& out) {
  if (dict.Find(key) == nullptr) {
    return LineError(kTool, dict.line, fmt::format("a <dict> without {}", key));
  }
  return OptionalString(dict, key, out);
}

Result<ProfilePayload> ReadPayload(const PlistValue& item) {
  if (item.type != PlistValue::Type::kDict) {
    return LineError(kTool, item.line, "a ProfileItems entry is not a <dict>");
  }
  ProfilePayload payload;
  for (auto read : {RequiredString(item, "PayloadType", payload.type),
                    OptionalString(item, "PayloadIdentifier", payload.identifier),
                    OptionalString(item, "PayloadDisplayName", payload.display_name)}) {
    if (!read) return tl::unexpected(read.error());
  }
  return payload;
}

Result<ConfigurationProfile> ReadProfile(const PlistValue& entry) {
  if (entry.type != PlistValue::Type::kDict) {
    return LineError(kTool, entry.line, "a _computerlevel entry is not a <dict>");
  }
  ConfigurationProfile profile;
  for (auto read : {RequiredString(entry, "ProfileIdentifier", profile.identifier),
                    OptionalString(entry, "ProfileDisplayName", profile.display_name),
                    OptionalString(entry, "ProfileOrganization", profile.organization),
                    OptionalString(entry, "ProfileVerificationState", profile.verification_state),
                    OptionalString(entry, "ProfileInstallDate", profile.install_date)}) {
    if (!read) return tl::unexpected(read.error());
  }
  const PlistValue* items = entry.Find("ProfileItems");
  if (items == nullptr) return profile;
  if (items->type != PlistValue::Type::kArray) {
    return LineError(kTool, items->line, "ProfileItems is not an <array>");
  }
  for (const PlistValue& item : items->items) {
    auto payload = ReadPayload(item);
    if (!payload) return tl::unexpected(payload.error());
    profile.payloads.push_back(std::move(*payload));
  }
  return profile;
}

}  // namespace

bool ConfigurationProfile::Carries(std::string_view payload_type) const {
  return std::any_of(payloads.begin(), payloads.end(),
                     [&](const ProfilePayload& p) { return p.type == payload_type; });
}

Result<std::vector<ConfigurationProfile>> ParseConfigurationProfiles(std::string_view text) {
  auto plist = ParsePlistXml(text, kTool);
  if (!plist) return tl::unexpected(plist.error());
  if (plist->type != PlistValue::Type::kDict) {
    return LineError(kTool, plist->line, "the property list is not a <dict>");
  }
  std::vector<ConfigurationProfile> profiles;
  const PlistValue* computer = plist->Find("_computerlevel");
  if (computer == nullptr) return profiles;
  if (computer->type != PlistValue::Type::kArray) {
    return LineError(kTool, computer->line, "_computerlevel is not an <array>");
  }
  for (const PlistValue& entry : computer->items) {
    auto profile = ReadProfile(entry);
    if (!profile) return tl::unexpected(profile.error());
    profiles.push_back(std::move(*profile));
  }
  return profiles;
}

}  // namespace orchard::host
