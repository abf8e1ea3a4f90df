#pragma once

#include <string_view>

#include "base/error.h"
#include "catalog/endpoint.h"

namespace orchard::catalog {

// Parses one catalog file into a fragment: TOML syntax, value types, unknown keys, ports
// (1..65535), transports, host patterns (names, "*.domain", IPv4 CIDRs), proxy values and
// probe hints. `origin` names the file in messages ("apple.toml:41: port 70000 out of range").
// Cross-references (declared categories, profile members, duplicate ids) are left to
// ValidateCatalog, because a user's file may add rows to the built-in categories.
// Never throws; on error nothing is returned.
Result<Catalog> ParseCatalogFile(std::string_view text, std::string_view origin);

// ParseCatalogFile + ValidateCatalog: a complete, self-contained catalog.
Result<Catalog> ParseCatalogToml(std::string_view text, std::string_view origin);

}  // namespace orchard::catalog
