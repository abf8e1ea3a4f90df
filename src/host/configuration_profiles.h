#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "base/error.h"

namespace orchard::host {

// One payload of an installed configuration profile: what it configures. Its settings are not
// read (no recorded output shows the settings of the payloads the diagnoses care about).
struct ProfilePayload {
  std::string type;          // PayloadType: "com.apple.system-extension-policy"
  std::string identifier;    // PayloadIdentifier
  std::string display_name;  // PayloadDisplayName
};

// A configuration profile installed for the computer, as `profiles -C -o stdout-xml` lists it
// under "_computerlevel". Strings are as printed; absent ones are empty.
struct ConfigurationProfile {
  std::string identifier;          // ProfileIdentifier
  std::string display_name;        // ProfileDisplayName
  std::string organization;        // ProfileOrganization
  std::string verification_state;  // ProfileVerificationState: "verified", ...
  std::string install_date;        // ProfileInstallDate: "2023-03-31 01:14:38 +0000"
  std::vector<ProfilePayload> payloads;

  bool Carries(std::string_view payload_type) const;
};

// Reads the property list `profiles -C -o stdout-xml` prints: a dict whose "_computerlevel"
// array holds one dict per profile (ProfileIdentifier, ProfileItems with a PayloadType each).
// A list without "_computerlevel" has no computer-level profile. Text that is not a property
// list, a profile without its identifier or a payload without its type is an error naming the
// line.
Result<std::vector<ConfigurationProfile>> ParseConfigurationProfiles(std::string_view text);

}  // namespace orchard::host
