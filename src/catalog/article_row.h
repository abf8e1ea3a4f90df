#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base/error.h"

namespace orchard::catalog {

// The shapes of the article's cells, by which a reader tells which column a cell belongs to when
// a form dropped empty cells or a cell slid into its neighbour's column.
bool IsHostCell(std::string_view cell);       // "ocsp.apple.com", "*.push.apple.com", a CIDR
bool IsPortsCell(std::string_view cell);      // "443", "443, 80, 5223"
bool IsProtocolCell(std::string_view cell);   // "TCP", "UDP", "SSH" (any case)
bool IsOsCell(std::string_view cell);         // "iOS, iPadOS, and macOS", "macOS only"
bool MentionsProxies(std::string_view cell);  // "Learn more about APNs and proxies."

// A ports cell's ports, in order; an error naming the bad port and the cell otherwise.
Result<std::vector<uint16_t>> ParsePortsCell(std::string_view cell);

// What PlaceCells made of a row's cells.
enum class Placement {
  kPlaced,     // `cells` holds the six columns
  kNoFit,      // no reading puts every cell in a column of its shape
  kAmbiguous,  // two readings fit equally well
};

// Places one row's non-empty cells, in order, into the article's six columns by their shapes:
// host, ports and protocol first and required; then an OS list, a description and the
// "Supports proxies" cell, each optional. A "Yes"/"No" is always the proxy cell, a dash the
// proxy cell unless more cells follow it (then it is the OS: "-" in Apple's OS column), free
// text the description unless it is about proxies (then the proxy note). Empty cells in
// `cells` are ignored; columns no cell fills stay empty.
Placement PlaceCells(std::vector<std::string>& cells);

}  // namespace orchard::catalog
