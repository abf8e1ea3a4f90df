#pragma once

#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/error.h"

// Labels name the machine beyond its host name (`--label site=paris`). They are carried in the
// check-v1 document's "labels" object and written as top-level fields of every JSON line, so a
// log pipeline can filter on `site` directly. Hence the rules: a name is an identifier that no
// JSON line field already uses, and a value is non-empty printable text.
namespace orchard::results {

using Labels = std::map<std::string, std::string>;

// [A-Za-z_][A-Za-z0-9_]*, at most 64 characters, and not reserved. Errors (kUsage) quote the
// name, cut short and stripped of control characters.
Result<void> CheckLabelName(std::string_view name);
// Non-empty, at most 1024 bytes, valid UTF-8 without control characters.
Result<void> CheckLabelValue(std::string_view value);

// True for the fields a JSON line already has (type, run_id, host, status, ...).
bool IsReservedLabelName(std::string_view name);
// Every reserved name, sorted: for messages and for the test that keeps it complete.
const std::vector<std::string_view>& ReservedLabelNames();

// Parses "KEY=VALUE" items (the value may contain '='). Errors (kUsage) start with the item in
// quotes ("'site': expected KEY=VALUE"); a name given twice is an error.
Result<Labels> ParseLabels(const std::vector<std::string>& items);

}  // namespace orchard::results
