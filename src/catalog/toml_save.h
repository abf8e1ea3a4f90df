#pragma once

#include <string>

#include "catalog/endpoint.h"

namespace orchard::catalog {

// Writes a catalog in the format ParseCatalogFile reads (the layout of catalog/apple.toml):
// [catalog], [[category]], [[profile]], then one [[endpoint]] per row with its id. Writing
// and parsing again gives the same catalog.
std::string CatalogToToml(const Catalog& catalog);

}  // namespace orchard::catalog
