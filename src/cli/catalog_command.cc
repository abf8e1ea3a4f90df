#include <fmt/format.h>

#include <boost/json/serialize.hpp>
#include <iostream>
#include <string>

#include "base/file.h"
#include "catalog/article_import.h"
#include "catalog/catalog_json.h"
#include "catalog/diff.h"
#include "catalog/host_pattern.h"
#include "catalog/listing.h"
#include "catalog/toml_load.h"
#include "catalog/toml_save.h"
#include "cli/catalog_options.h"
#include "cli/command.h"
#include "cli/options.h"

namespace orchard::cli {
namespace {

// Rows that `show HOST` describes: exact host pattern or id; otherwise the wildcard rows that
// cover a concrete name and the CIDR rows that contain an address.
std::vector<catalog::Endpoint> RowsFor(const catalog::Catalog& catalog, std::string_view host) {
  std::vector<catalog::Endpoint> exact, covering;
  auto address = catalog::ParseIpv4(host);
  for (const catalog::Endpoint& e : catalog.endpoints) {
    if (e.host == host || e.id == host) {
      exact.push_back(e);
    } else if (e.kind == catalog::HostKind::kWildcard && host.ends_with(e.host.substr(1))) {
      covering.push_back(e);
    } else if (e.kind == catalog::HostKind::kCidr && address) {
      auto cidr = catalog::ParseIpv4Cidr(e.host);
      uint32_t mask = !cidr || cidr->prefix == 0 ? 0 : ~uint32_t{0} << (32 - cidr->prefix);
      if (cidr && (*address & mask) == cidr->network) covering.push_back(e);
    }
  }
  return exact.empty() ? covering : exact;
}

// A catalog file (*.toml) or an article in any form, read as a catalog.
Result<catalog::Catalog> ReadCatalogOrArticle(const std::string& path, bool& is_catalog) {
  auto text = ReadFile(path);
  if (!text) return tl::unexpected(text.error());
  is_catalog = path.ends_with(".toml");
  if (is_catalog) return catalog::ParseCatalogToml(*text, path);
  return catalog::ImportArticle(*text, path);
}

std::string RowsJson(const std::vector<catalog::Endpoint>& rows) {
  return catalog::RenderRows(rows, catalog::ListFormat::kJson);
}

class CatalogCommand : public Command {
 public:
  explicit CatalogCommand(CLI::App& parent) {
    CLI::App* app = parent.add_subcommand("catalog", "List, show, import and diff the catalog");
    app->require_subcommand(1);
    SetFooter(*app,
              {{"orchard catalog list --profile sep", "The rows SEP needs"},
               {"orchard catalog show ocsp.apple.com", "Every fact about one host's rows"},
               {"orchard catalog import article.html -o apple.toml",
                "A catalog from a newer copy of Apple's article"},
               {"orchard catalog diff article.html", "What changed in the article"}},
              {{0, "done (catalog diff: nothing differs)"},
               {1, "catalog diff: something differs"},
               {2, "usage error, or the catalog or article could not be read"},
               {3, "internal error"}});

    list_ = app->add_subcommand("list", "List catalog rows");
    AddCatalogOptions(*list_, list_options_);
    AddFormatOption(*list_, list_format_, {"table", "json", "csv", "markdown"},
                    "Output format (default: table)");
    AddOutput(*list_);

    show_ = app->add_subcommand("show", "Show every fact about a host's rows");
    AddCatalogLoadOptions(*show_, show_options_);
    show_->add_option("HOST", path_, "Host pattern, row id, or a name/address a row covers")
        ->required();

    import_ = app->add_subcommand(
        "import", "Read Apple's article (pipe table, tab-separated, cell per line or HTML)");
    import_->add_option("FILE", path_, "The article as saved or copied")
        ->type_name("FILE")
        ->required();
    AddFormatOption(*import_, import_format_, {"toml", "json"}, "Output format (default: toml)");
    AddOutput(*import_);

    diff_ = app->add_subcommand(
        "diff", "Compare an article or a catalog file (*.toml) with the current catalog");
    AddCatalogLoadOptions(*diff_, diff_options_);
    diff_->add_option("FILE", path_, "An article in any form, or a catalog TOML file")
        ->type_name("FILE")
        ->required();
  }

  int Run() override {
    if (list_->parsed()) return List();
    if (show_->parsed()) return Show();
    if (import_->parsed()) return Import();
    if (diff_->parsed()) return Diff();
    std::cerr << "orchard: choose a catalog command: list, show, import or diff\n";
    return 2;
  }

 private:
  void AddOutput(CLI::App& app) {
    app.add_option("-o,--output", output_, "Write to FILE (atomically) instead of stdout")
        ->type_name("FILE");
  }

  int Write(std::string_view content) {
    auto written = WriteFileAtomically(output_, content);
    return written ? 0 : Fail("catalog", written.error());
  }

  int List() {
    auto loaded = LoadSelectedCatalog(list_options_);
    if (!loaded) return Fail("catalog", loaded.error());
    auto format = catalog::ListFormatFromString(list_format_).value_or(catalog::ListFormat::kTable);
    return Write(catalog::RenderRows(loaded->selected, format));
  }

  int Show() {
    auto loaded = catalog::LoadCatalog(show_options_.load);
    if (!loaded) return Fail("catalog", loaded.error());
    auto rows = RowsFor(*loaded, path_);
    if (rows.empty()) {
      return Fail(
          "catalog",
          Error(ErrorCode::kUsage,
                fmt::format("no catalog row covers '{}' (see `orchard catalog list`)", path_)));
    }
    for (size_t i = 0; i < rows.size(); ++i) {
      std::cout << (i == 0 ? "" : "\n") << catalog::RenderDetail(rows[i]);
    }
    return 0;
  }

  int Import() {
    auto text = ReadFile(path_);
    if (!text) return Fail("catalog", text.error());
    auto imported = catalog::ImportArticle(*text, path_);
    if (!imported) return Fail("catalog", imported.error());
    std::cerr << fmt::format("orchard: read {} rows in {} sections ({} form)\n",
                             imported->endpoints.size(), imported->categories.size(),
                             catalog::ToString(catalog::DetectArticleForm(*text)));
    if (import_format_ == "json") return Write(RowsJson(imported->endpoints));
    return Write(catalog::CatalogToToml(*imported));
  }

  int Diff() {
    auto current = catalog::LoadCatalog(diff_options_.load);
    if (!current) return Fail("catalog", current.error());
    bool is_catalog = false;
    auto other = ReadCatalogOrArticle(path_, is_catalog);
    if (!other) return Fail("catalog", other.error());
    catalog::CatalogDiff diff =
        catalog::DiffCatalogs(*current, *other, {.compare_hints = is_catalog});
    std::cout << catalog::RenderDiff(diff, current->endpoints.size(), other->endpoints.size());
    return diff.empty() ? 0 : 1;
  }

  CLI::App* list_ = nullptr;
  CLI::App* show_ = nullptr;
  CLI::App* import_ = nullptr;
  CLI::App* diff_ = nullptr;
  CatalogOptions list_options_, show_options_, diff_options_;
  std::string list_format_ = "table";
  std::string import_format_ = "toml";
  std::string output_ = "-";
  std::string path_;
};

}  // namespace

std::unique_ptr<Command> MakeCatalogCommand(CLI::App& parent) {
  return std::make_unique<CatalogCommand>(parent);
}

}  // namespace orchard::cli
