#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "catalog/endpoint.h"

namespace orchard::catalog {

enum class ListFormat { kTable, kJson, kCsv, kMarkdown };

std::optional<ListFormat> ListFormatFromString(std::string_view name);  // table|json|csv|markdown

// Renders rows for `orchard catalog list`:
// - table: aligned columns for a terminal;
// - json: an array of EndpointToJson objects;
// - csv: RFC 4180 (CRLF line ends, base/strings.h), one header line, ports and OS joined by
//   spaces / ", ";
// - markdown: one "## Section" and one article-style table per section (importable again by
//   `orchard catalog import`).
std::string RenderRows(const std::vector<Endpoint>& rows, ListFormat format);

// Everything about one row, for `orchard catalog show`: "key: value" lines.
std::string RenderDetail(const Endpoint& endpoint);

// The article's words for a row's cells: "443, 80"; "iOS, iPadOS, and macOS" style lists are
// written plainly as "iOS, iPadOS, macOS" (or "-" when empty); "Yes", "—" or the note.
std::string PortsText(const std::vector<uint16_t>& ports);
std::string OsText(const std::vector<std::string>& os);
std::string ProxyText(const Endpoint& endpoint);

}  // namespace orchard::catalog
