#include <fmt/format.h>

#include <iostream>
#include <string>

#include "base/file.h"
#include "catalog/host_pattern.h"
#include "catalog/listing.h"
#include "cli/catalog_options.h"
#include "cli/command.h"

namespace orchard::cli {
namespace {

int Fail(const Error& error) {
  std::cerr << "orchard: " << error.message() << "\n";
  return error.ExitCode();
}

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

class CatalogCommand : public Command {
 public:
  explicit CatalogCommand(CLI::App& parent) {
    CLI::App* app = parent.add_subcommand("catalog", "List, show, import and diff the catalog");
    app->require_subcommand(1);

    list_ = app->add_subcommand("list", "List catalog rows");
    AddCatalogOptions(*list_, list_options_);
    list_->add_option("--format", list_format_, "table, json, csv or markdown")
        ->check(CLI::IsMember({"table", "json", "csv", "markdown"}));
    list_->add_option("-o,--output", output_, "Write to FILE (atomically) instead of stdout")
        ->type_name("FILE");

    show_ = app->add_subcommand("show", "Show every fact about a host's rows");
    AddCatalogLoadOptions(*show_, show_options_);
    show_->add_option("HOST", show_host_, "Host pattern, row id, or a name/address it covers")
        ->required();
  }

  int Run() override {
    if (list_->parsed()) return RunList();
    if (show_->parsed()) return RunShow();
    std::cerr << "orchard: choose a catalog command\n";
    return 2;
  }

 private:
  int RunList() {
    auto loaded = LoadSelectedCatalog(list_options_);
    if (!loaded) return Fail(loaded.error());
    auto format = catalog::ListFormatFromString(list_format_).value_or(catalog::ListFormat::kTable);
    auto written = WriteFileAtomically(output_, catalog::RenderRows(loaded->selected, format));
    if (!written) return Fail(written.error());
    return 0;
  }

  int RunShow() {
    auto loaded = catalog::LoadCatalog(show_options_.load);
    if (!loaded) return Fail(loaded.error());
    auto rows = RowsFor(*loaded, show_host_);
    if (rows.empty()) {
      return Fail(Error(
          ErrorCode::kUsage,
          fmt::format("no catalog row covers '{}' (see `orchard catalog list`)", show_host_)));
    }
    for (size_t i = 0; i < rows.size(); ++i) {
      std::cout << (i == 0 ? "" : "\n") << catalog::RenderDetail(rows[i]);
    }
    return 0;
  }

  CLI::App* list_ = nullptr;
  CLI::App* show_ = nullptr;
  CatalogOptions list_options_;
  CatalogOptions show_options_;
  std::string list_format_ = "table";
  std::string output_ = "-";
  std::string show_host_;
};

}  // namespace

std::unique_ptr<Command> MakeCatalogCommand(CLI::App& parent) {
  return std::make_unique<CatalogCommand>(parent);
}

}  // namespace orchard::cli
