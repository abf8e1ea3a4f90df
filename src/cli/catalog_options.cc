#include "cli/catalog_options.h"

#include <utility>

namespace orchard::cli {
namespace {

// A repeatable option taking one value per occurrence, so `--profile sep HOST` never swallows
// a positional argument.
CLI::Option* AddRepeatable(CLI::App& app, const std::string& name, std::vector<std::string>& values,
                           const std::string& help, const std::string& type) {
  return app.add_option(name, values, help)
      ->type_name(type)
      ->expected(1)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
}

}  // namespace

void AddCatalogLoadOptions(CLI::App& app, CatalogOptions& options) {
  AddRepeatable(app, "--catalog", options.load.files,
                "Add rows and profiles from a catalog TOML file (repeatable)", "FILE");
  app.add_flag("--no-builtin", options.load.no_builtin,
               "Leave the built-in catalog out (use only --catalog files)");
}

void AddCatalogSelectionOptions(CLI::App& app, CatalogOptions& options) {
  AddRepeatable(app, "--profile", options.selection.profiles,
                "Select the rows of a profile: sep, mdm, setup, updates, app-store, icloud, all "
                "(repeatable)",
                "NAME")
      ->delimiter(',');
  AddRepeatable(app, "--category", options.selection.categories,
                "Select the rows of a category, e.g. certificate-validation (repeatable)", "ID")
      ->delimiter(',');
  AddRepeatable(app, "--host", options.selection.hosts,
                "Select rows by host pattern or row id (repeatable)", "HOST")
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
