#pragma once

#include <cstddef>
#include <string_view>

#include "base/error.h"

namespace orchard::catalog {

// How deep a TOML document may nest before the parser sees it: table-header and key parts plus
// the arrays and inline tables open around them. toml++ recurses once per level and a 100 KB
// file of `a.a.a...` overflows the stack (a crash, not an error), so deeper input is refused
// first. Real catalogs nest four levels at most.
inline constexpr size_t kMaxTomlDepth = 128;

// Scans `text` (strings and comments skipped, without parsing) and refuses it when anything
// nests past kMaxTomlDepth: "catalog.toml:3: keys, tables and arrays nested more than 128 deep".
// Says nothing about validity otherwise; the parser does that.
Result<void> CheckTomlDepth(std::string_view text, std::string_view origin);

}  // namespace orchard::catalog
