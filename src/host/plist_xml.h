#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "base/error.h"

namespace orchard::host {

// A value of an XML property list (Apple's "-//Apple//DTD PLIST 1.0//EN"), what macOS tools print
// with "-o stdout-xml". Scalars keep their text as written (entities decoded); a dict keeps its
// keys in document order, items[i] being keys[i]'s value.
struct PlistValue {
  enum class Type { kString, kInteger, kReal, kTrue, kFalse, kDate, kData, kArray, kDict };
  Type type = Type::kString;
  int line = 0;                   // where the element starts, for errors about its meaning
  std::string text;               // string, integer, real, date, data
  std::vector<std::string> keys;  // dict only
  std::vector<PlistValue> items;  // array members, or dict values

  // The dict member named `key` (the first, should a key repeat); nullptr when absent or when
  // this is not a dict.
  const PlistValue* Find(std::string_view key) const;
};

// Parses one whole XML property list: an optional XML declaration, DOCTYPE and comments around
// one <plist> element holding one value. What is not such a list (a message a tool printed
// instead, cut-off XML, an unknown element or entity, CDATA, nesting deeper than 64 levels) is
// an error "TOOL:LINE: why". Never recurses deeper than that limit, whatever the input.
Result<PlistValue> ParsePlistXml(std::string_view text, std::string_view tool);

}  // namespace orchard::host
