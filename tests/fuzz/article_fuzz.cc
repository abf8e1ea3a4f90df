// The article importer in each of its forms (pipe table, tab-separated browser copy, one cell
// per line, HTML) and with the form guessed, as `orchard catalog import` reads a file.
#include <cstdint>
#include <optional>

#include "catalog/article_import.h"
#include "catalog/toml_load.h"
#include "catalog/toml_save.h"
#include "fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using orchard::catalog::ArticleForm;
  orchard::fuzz::FuzzInput in(data, size);
  constexpr std::optional<ArticleForm> kForms[] = {std::nullopt, ArticleForm::kPipeTable,
                                                   ArticleForm::kTabSeparated,
                                                   ArticleForm::kCellPerLine, ArticleForm::kHtml};
  auto form = kForms[in.Select(std::size(kForms))];
  auto catalog = orchard::catalog::ImportArticle(in.Rest(), "fuzz", form);
  if (!catalog) return 0;
  // What the importer accepts, orchard must read back (the user saves it as their catalog).
  // Written again from what was read back, it must be the same text (the save is lossless).
  std::string toml = orchard::catalog::CatalogToToml(*catalog);
  auto again = orchard::catalog::ParseCatalogToml(toml, "fuzz-saved");
  if (!again || orchard::catalog::CatalogToToml(*again) != toml) __builtin_trap();
  return 0;
}
