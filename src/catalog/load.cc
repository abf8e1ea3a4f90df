#include "catalog/load.h"

#include <fmt/format.h>

#include <utility>

#include "base/file.h"
#include "catalog/embedded.h"
#include "catalog/toml_load.h"
#include "catalog/validate.h"

namespace orchard::catalog {
namespace {

Result<Catalog> ParseEmbedded() {
  Catalog catalog;
  for (const EmbeddedFile& file : EmbeddedCatalogFiles()) {
    auto part = ParseCatalogFile(file.text, file.name);
    if (!part) return tl::unexpected(part.error());
    MergeCatalog(catalog, std::move(*part));
  }
  return catalog;
}

}  // namespace

void MergeCatalog(Catalog& into, Catalog from) {
  if (into.info.source.empty() && into.info.url.empty() && into.info.notes.empty()) {
    into.info = std::move(from.info);
  }
  for (auto& category : from.categories) into.categories.push_back(std::move(category));
  for (auto& endpoint : from.endpoints) into.endpoints.push_back(std::move(endpoint));
  for (auto& profile : from.profiles) into.profiles.push_back(std::move(profile));
}

Result<Catalog> LoadBuiltinCatalog() {
  auto catalog = ParseEmbedded();
  if (!catalog) return catalog;
  if (auto ok = ValidateCatalog(*catalog); !ok) return tl::unexpected(ok.error());
  return catalog;
}

Result<Catalog> LoadCatalog(const LoadOptions& options) {
  if (options.no_builtin && options.files.empty()) {
    return MakeError(ErrorCode::kUsage, "--no-builtin needs at least one --catalog FILE");
  }
  Catalog catalog;
  if (!options.no_builtin) {
    auto builtin = ParseEmbedded();
    if (!builtin) return builtin;
    catalog = std::move(*builtin);
  }
  for (const std::string& path : options.files) {
    auto text = ReadFile(path);
    if (!text) return tl::unexpected(text.error());
    auto part = ParseCatalogFile(*text, path);
    if (!part) return tl::unexpected(part.error());
    MergeCatalog(catalog, std::move(*part));
  }
  if (auto ok = ValidateCatalog(catalog); !ok) return tl::unexpected(ok.error());
  return catalog;
}

}  // namespace orchard::catalog
