#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "base/error.h"

namespace orchard::host {

// The parts of os-release(5) that name the system.
struct OsRelease {
  std::string name;         // NAME ("Debian GNU/Linux")
  std::string version_id;   // VERSION_ID ("12"); empty on rolling releases
  std::string build_id;     // BUILD_ID, rarely set
  std::string pretty_name;  // PRETTY_NAME
};

// KEY=value lines, values optionally in double or single quotes, '#' comments. A line that is
// not KEY=value is an error naming it; NAME defaults to "Linux" as os-release(5) says.
Result<OsRelease> ParseOsRelease(std::string_view text);

// The resolver resolv.conf(5) describes.
struct ResolvConf {
  std::vector<std::string> nameservers;
  std::vector<std::string> search_domains;  // "search" (and the older "domain")
};

// Unknown directives (options, sortlist) are ignored; a nameserver line without an address is
// an error naming it.
Result<ResolvConf> ParseResolvConf(std::string_view text);

}  // namespace orchard::host
