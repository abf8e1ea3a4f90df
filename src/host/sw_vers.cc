#include "host/sw_vers.h"

#include <fmt/format.h>

#include "base/strings.h"
#include "host/text.h"

namespace orchard::host {

Result<SwVers> ParseSwVers(std::string_view text) {
  constexpr std::string_view kTool = "sw_vers";
  SwVers vers;
  int last = 0;
  for (const Line& line : SplitLines(text)) {
    last = line.number;
    if (Trim(line.text).empty()) continue;
    auto kv = SplitKeyValue(line.text);
    if (!kv || kv->first.empty() || kv->first.find(' ') != std::string_view::npos) {
      return LineError(kTool, line.number,
                       fmt::format("expected \"Key: value\", got \"{}\"", Trim(line.text)));
    }
    auto [key, value] = *kv;
    if (key == "ProductName") {
      vers.product_name = value;
    } else if (key == "ProductVersion") {
      vers.product_version = value;
    } else if (key == "ProductVersionExtra") {
      vers.product_version_extra = value;
    } else if (key == "BuildVersion") {
      vers.build_version = value;
    }
  }
  if (vers.product_version.empty())
    return LineError(kTool, last + 1, "no ProductVersion (output ends early?)");
  if (vers.build_version.empty())
    return LineError(kTool, last + 1, "no BuildVersion (output ends early?)");
  return vers;
}

}  // namespace orchard::host
