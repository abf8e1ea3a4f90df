#pragma once

#include <string>
#include <string_view>

#include "base/error.h"

namespace orchard::host {

// What `sw_vers` prints: "ProductName:\tmacOS" and so on, one key a line.
struct SwVers {
  std::string product_name;           // "macOS" (11 and later), "Mac OS X" before
  std::string product_version;        // "14.0", "10.13" (no ".0" on a major's first release)
  std::string product_version_extra;  // "(a)" on a Rapid Security Response, else empty
  std::string build_version;          // "23A344"
};

// ProductVersion and BuildVersion are required; unknown keys are ignored; a line that is not
// "Key: value" is an error naming its line.
Result<SwVers> ParseSwVers(std::string_view text);

}  // namespace orchard::host
