#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "base/error.h"

namespace orchard::host {

// One row of `systemextensionsctl list`.
struct SystemExtension {
  std::string category;  // "com.apple.system_extension.network_extension"
  bool enabled = false;  // "*" in the enabled column
  bool active = false;   // "*" in the active column
  std::string team_id;   // "VBG97UB4TA"
  std::string bundle_id;
  std::string version;  // "2.3.0/2.3.0" (short version / bundle version)
  std::string name;
  std::string state;  // without brackets: "activated enabled", "activated waiting for user",
                      // "terminated waiting to uninstall on reboot"

  bool WaitingForUser() const { return state == "activated waiting for user"; }
};

// Parses the count line ("2 extension(s)"), the "--- category" lines (with or without the
// "(Go to 'System Settings > ...')" hint newer releases append), the column headers and the
// rows. Rows are tab-separated as the tool writes them; rows whose tabs a terminal expanded to
// spaces are read by the header's column positions. Fewer rows than the count line declares
// means the output was cut short: an error.
Result<std::vector<SystemExtension>> ParseSystemExtensions(std::string_view text);

}  // namespace orchard::host
