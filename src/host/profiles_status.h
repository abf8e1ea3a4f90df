#pragma once

#include <string>
#include <string_view>

#include "base/error.h"

namespace orchard::host {

// What `profiles status -type enrollment` says about MDM.
struct MdmEnrollment {
  bool dep = false;            // "Enrolled via DEP: Yes" (Automated Device Enrollment)
  bool enrolled = false;       // "MDM enrollment: Yes..."
  bool user_approved = false;  // "MDM enrollment: Yes (User Approved)"
  std::string server;          // "MDM server: https://..." when printed
};

// Both the DEP and the MDM lines are required and must say Yes or No (with an optional
// parenthesised note); anything else is an error naming the line.
Result<MdmEnrollment> ParseProfilesStatus(std::string_view text);

}  // namespace orchard::host
