#include "host/profiles_status.h"

#include <fmt/format.h>

#include <optional>

#include "base/strings.h"
#include "host/text.h"

namespace orchard::host {
namespace {

constexpr std::string_view kTool = "profiles status";

// "Yes", "No", "Yes (User Approved)" -> {yes, note}.
std::optional<std::pair<bool, std::string_view>> YesNo(std::string_view value) {
  std::string_view word = value.substr(0, value.find(' '));
  std::string_view note = Trim(value.substr(word.size()));
  if (!note.empty() && (note.front() != '(' || note.back() != ')')) return std::nullopt;
  if (word == "Yes") return std::pair{true, note};
  if (word == "No") return std::pair{false, note};
  return std::nullopt;
}

}  // namespace

Result<MdmEnrollment> ParseProfilesStatus(std::string_view text) {
  MdmEnrollment mdm;
  bool saw_dep = false, saw_mdm = false;
  int last = 0;
  for (const Line& line : SplitLines(text)) {
    last = line.number;
    if (Trim(line.text).empty()) continue;
    auto kv = SplitKeyValue(line.text);
    if (!kv) {
      return LineError(kTool, line.number,
                       fmt::format("expected \"Key: value\", got \"{}\"", Trim(line.text)));
    }
    auto [key, value] = *kv;
    if (key == "Enrolled via DEP" || key == "MDM enrollment") {
      auto answer = YesNo(value);
      if (!answer) {
        return LineError(kTool, line.number,
                         fmt::format("{}: expected Yes or No, got \"{}\"", key, value));
      }
      if (key == "Enrolled via DEP") {
        saw_dep = true;
        mdm.dep = answer->first;
      } else {
        saw_mdm = true;
        mdm.enrolled = answer->first;
        mdm.user_approved = answer->first && answer->second == "(User Approved)";
      }
    } else if (key == "MDM server") {
      mdm.server = value;
    }
  }
  if (!saw_dep) return LineError(kTool, last + 1, "no \"Enrolled via DEP\" line");
  if (!saw_mdm)
    return LineError(kTool, last + 1, "no \"MDM enrollment\" line (output ends early?)");
  return mdm;
}

}  // namespace orchard::host
