#include "cli/catalog_options.h"

#include <utility>

#include "cli/options.h"

namespace orchard::cli {

void AddCatalogLoadOptions(CLI::App& app, CatalogOptions& options) {
  AddRepeatable(app, "--catalog", options.load.files, "FILE",
                "Add rows and profiles from a catalog TOML file (repeatable)");
  app.add_flag("--no-builtin", options.load.no_builtin,
               "Leave the built-in catalog out (use only --catalog files)");
}

void AddCatalogSelectionOptions(CLI::App& app, CatalogOptions& options) {
  AddRepeatable(app, "--profile", options.selection.profiles, "NAME",
                "Select the rows of a profile: sep, mdm, setup, updates, app-store, icloud, all "
                "(repeatable)")
      ->delimiter(',');
  AddRepeatable(app, "--category", options.selection.categories, "ID",
                "Select the rows of a category, e.g. certificate-validation (repeatable)")
      ->delimiter(',');
  AddRepeatable(app, "--host", options.selection.hosts, "HOST",
                "Select rows by host pattern or row id (repeatable)")
      ->delimiter(',');
}

void AddCatalogOptions(CLI::App& app, CatalogOptions& options) {
  AddCatalogLoadOptions(app, options);
  AddCatalogSelectionOptions(app, options);
}

Result<SelectedCatalog> LoadSelectedCatalog(const CatalogOptions& options) {
  auto catalog = catalog::LoadCatalog(options.load);
  if (!catalog) return tl::unexpected(catalog.error());
  auto selected = catalog::Select(*catalog, options.selection);
  if (!selected) return tl::unexpected(selected.error());
  return SelectedCatalog{std::move(*catalog), std::move(*selected)};
}

}  // namespace orchard::cli
