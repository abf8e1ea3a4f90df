#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/error.h"

namespace orchard::host {

// One line of a tool's output with its 1-based number, for errors that name the line.
struct Line {
  int number = 0;
  std::string_view text;  // without the line ending ("\n" or "\r\n")
};

// Splits `text` into lines; a final line without "\n" still counts.
std::vector<Line> SplitLines(std::string_view text);

// "key : value" / "Key: value" split at the first `separator`, both sides trimmed (base Trim);
// nullopt when the separator is absent.
std::optional<std::pair<std::string_view, std::string_view>> SplitKeyValue(std::string_view line,
                                                                           char separator = ':');

// A non-negative decimal integer that is the whole of `text`.
std::optional<unsigned long> ParseUnsigned(std::string_view text);

// "TOOL:LINE: why", the parse error every parser here returns.
tl::unexpected<Error> LineError(std::string_view tool, int line, std::string_view why);

}  // namespace orchard::host
