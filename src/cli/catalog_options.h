#pragma once

#include <CLI/CLI.hpp>
#include <vector>

#include "base/error.h"
#include "catalog/endpoint.h"
#include "catalog/load.h"
#include "catalog/select.h"

namespace orchard::cli {

// The catalog options shared by `check`, `catalog`, `allowlist` and `serve`. Register them
// on a subcommand, let CLI11 fill them in, then call LoadSelectedCatalog.
struct CatalogOptions {
  catalog::LoadOptions load;
  catalog::Selection selection;
};

// --catalog FILE (repeatable) and --no-builtin. `options` must outlive `app`'s parsing.
void AddCatalogLoadOptions(CLI::App& app, CatalogOptions& options);

// --profile, --category, --host (each repeatable, or comma-separated).
void AddCatalogSelectionOptions(CLI::App& app, CatalogOptions& options);

// Both of the above.
void AddCatalogOptions(CLI::App& app, CatalogOptions& options);

struct SelectedCatalog {
  catalog::Catalog catalog;                 // the whole merged catalog
  std::vector<catalog::Endpoint> selected;  // the rows the selection chose, in catalog order
};

// Loads (built-in + files) and selects. Errors are catalog errors (file:line) or usage errors
// (an unknown profile, category or host); both exit 2.
Result<SelectedCatalog> LoadSelectedCatalog(const CatalogOptions& options);

}  // namespace orchard::cli
