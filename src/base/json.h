#pragma once

#include <boost/json/array.hpp>
#include <boost/json/value.hpp>
#include <string>
#include <string_view>
#include <vector>

// The JSON writer of orchard's documents (check-v1, jsonl-v1, diff-v1, allowlist-v1), in base
// so that every module may write JSON the same way.
namespace orchard {

// Writes JSON with `indent` spaces per level (0: one line). Doubles are written in their
// shortest round-trip form ("12.5", not "1.25E1"); NaN and infinities become null. Keys keep
// the object's order.
std::string SerializeJson(const boost::json::value& value, int indent);

// SerializeJson's text for `value` appended to `out` as if it stood `depth` levels deep: its
// members indented by (depth + 1) * indent, its closing bracket by depth * indent. For writers
// that build a large document piece by piece instead of as one value.
void AppendJson(std::string& out, const boost::json::value& value, int indent, int depth);

// `text` as a JSON string: quoted, and escaped where JSON requires it.
void AppendJsonString(std::string& out, std::string_view text);

// The items as a JSON array of strings.
boost::json::array JsonStrings(const std::vector<std::string>& items);

}  // namespace orchard
