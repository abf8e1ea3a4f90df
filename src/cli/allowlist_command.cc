// orchard allowlist: the firewall and proxy changes that let a network reach Apple's services,
// in the format the network team loads (see src/generate for the formats).
#include <filesystem>
#include <iostream>
#include <string>
#include <string_view>
#include <vector>

#include "base/clock.h"
#include "base/file.h"
#include "base/strings.h"
#include "cli/catalog_options.h"
#include "cli/command.h"
#include "cli/options.h"
#include "generate/allowlist.h"
#include "generate/generator.h"
#include "generate/resolver.h"
#include "results/json_codec.h"

namespace orchard::cli {
namespace {

// A word as a POSIX shell would need it to read it back.
std::string ShellWord(const std::string& word) {
  constexpr std::string_view kPlain =
      "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_./:=@,+%";
  bool plain = !word.empty() && word.find_first_not_of(kPlain) == std::string::npos;
  if (plain) return word;
  std::string out = "'";
  for (char c : word) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

class AllowlistCommand final : public Command {
 public:
  explicit AllowlistCommand(CLI::App& parent) {
    app_ = parent.add_subcommand(
        "allowlist", "Generate the allowlist, firewall or proxy config that lets Apple through");
    AddFormatOption(*app_, format_, generate::FormatNames(), "Output format")->required();
    SetFooter(*app_,
              {{"orchard allowlist -f squid -o apple-squid.conf", "Squid ACLs for every row"},
               {"orchard allowlist -f pac --proxy http://proxy.corp:3128",
                "A PAC file that sends Apple direct and the rest to the proxy"},
               {"orchard allowlist -f nftables --from run.json --only-failing",
                "Open only what a saved run found blocked"}},
              {{0, "the file was written"},
               {2, "usage error, or the catalog or --from file could not be read"},
               {3, "internal error"}},
              generate::FormatsHelp());
    AddCatalogOptions(*app_, catalog_);
    app_->add_option("--from", from_,
                     "Take the rows a saved run checked (orchard check --format json)")
        ->type_name("RESULTS.json");
    app_->add_flag("--only-failing", only_failing_,
                   "With --from: only what the run found blocked, and only the blocked ports");
    app_->add_flag("--resolve", resolve_,
                   "Add each host's current addresses to the address formats (they change)");
    app_->add_option("--proxy", proxy_, "pac: where everything that is not Apple's goes")
        ->type_name("URL");
    app_->add_option("--collapse", collapse_,
                     "Fold every host under DOMAIN into one DOMAIN wildcard (repeatable)")
        ->type_name("DOMAIN")
        ->expected(1)
        ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
    app_->add_option("-o,--output", output_, "Write to FILE (atomically) instead of stdout")
        ->type_name("FILE");
  }

  int Run() override {
    auto format = generate::FormatFromString(format_);  // --format checked it
    if (!format) return Fail("allowlist", UnknownFormat(format_, generate::FormatNames()));
    generate::Flags flags;
    flags.format = *format;
    flags.proxy = proxy_;
    flags.resolve = resolve_;
    flags.collapse = collapse_;
    flags.from = !from_.empty();
    flags.only_failing = only_failing_;
    if (auto ok = generate::CheckFlags(flags); !ok) return Fail("allowlist", ok.error());

    generate::Allowlist list;
    for (const auto& c : collapse_) {
      auto parent = generate::NormaliseCollapse(c);
      if (!parent) return Fail("allowlist", parent.error());
      list.collapse.push_back(*parent);
    }

    auto loaded = LoadSelectedCatalog(catalog_);
    if (!loaded) return Fail("allowlist", loaded.error());
    list.provenance = MakeProvenance(loaded->catalog.info);
    if (auto rows = AddRows(*loaded, list); !rows) return Fail("allowlist", rows.error());
    if (list.rows.empty()) {
      std::cerr << "orchard allowlist: nothing to allow"
                << (only_failing_ ? ": the run found nothing blocked" : "") << "\n";
    }
    if (resolve_) Resolve(list);

    auto files = generate::Render(*format, list, proxy_);
    if (!files) return Fail("allowlist", files.error());
    return Write(*files);
  }

 private:
  // The selected catalog rows, or (--from) the rows the saved run checked.
  Result<void> AddRows(const SelectedCatalog& loaded, generate::Allowlist& list) const {
    if (from_.empty()) {
      auto rows = generate::RowsFromEndpoints(loaded.selected);
      if (!rows) return tl::unexpected(rows.error());
      list.rows = std::move(*rows);
      return {};
    }
    // Errors name the file and, for a bad document, the JSON path of the problem.
    auto doc = results::ReadCheckDocument(from_);
    if (!doc) return tl::unexpected(doc.error());
    bool narrowed = !catalog_.selection.empty();
    auto rows =
        generate::RowsFromResults(*doc, narrowed ? loaded.selected : loaded.catalog.endpoints,
                                  only_failing_, /*keep_unknown=*/!narrowed);
    if (!rows) return tl::unexpected(rows.error().WithContext(from_));
    list.rows = std::move(*rows);
    list.provenance.results = ResultsText(doc->run);
    return {};
  }

  // Looks every host up with the system resolver; names that fail are said on stderr (and in
  // the file's header), the rest of the list still goes out.
  static void Resolve(generate::Allowlist& list) {
    generate::SystemResolver resolver;
    SystemClock clock;
    generate::ResolveHosts(list, resolver, clock);
    for (const auto& r : list.resolutions) {
      // A wildcard without a representative host cannot resolve; the header says so.
      if (!r.error.empty() && !r.queried.empty()) {
        std::cerr << "orchard allowlist: " << r.queried << ": not resolved: " << r.error << "\n";
      }
    }
  }

  int Write(const std::vector<generate::OutputFile>& files) {
    bool to_stdout = output_.empty() || output_ == "-";
    // The main file last: once it is there, the files beside it are complete too.
    for (auto it = files.rbegin(); it != files.rend(); ++it) {
      const auto& file = *it;
      if (!file.suffix.empty() && to_stdout) {
        std::cerr << "orchard allowlist: the " << file.suffix.substr(1)
                  << " list is written only with -o FILE (beside FILE, as FILE" << file.suffix
                  << ")\n";
        continue;
      }
      std::filesystem::path path = to_stdout ? std::filesystem::path("-")
                                   : file.suffix.empty()
                                       ? std::filesystem::path(output_)
                                       : generate::SiblingPath(output_, file.suffix);
      auto written = WriteFileAtomically(path, file.content);
      if (!written) return Fail("allowlist", written.error());
    }
    return 0;
  }

  generate::Provenance MakeProvenance(const catalog::CatalogInfo& info) const {
    generate::Provenance p;
    p.command = CommandLine();
    p.catalog_source = info.source;
    p.catalog_date = info.date;
    const auto& s = catalog_.selection;
    std::vector<std::string> parts;
    if (!s.profiles.empty()) parts.push_back("profile " + Join(s.profiles, ", "));
    if (!s.categories.empty()) parts.push_back("category " + Join(s.categories, ", "));
    if (!s.hosts.empty()) parts.push_back("host " + Join(s.hosts, ", "));
    p.selection = parts.empty() ? (from_.empty() ? "every row" : "every row the run checked")
                                : Join(parts, "; ");
    if (!catalog_.load.files.empty()) {
      p.catalog_source += " + " + Join(catalog_.load.files, ", ");
      if (catalog_.load.no_builtin) p.catalog_source = Join(catalog_.load.files, ", ");
    }
    return p;
  }

  std::string ResultsText(const results::RunInfo& run) const {
    std::string out = from_;
    std::vector<std::string> facts;
    if (!run.run_id.empty()) facts.push_back("run " + run.run_id);
    if (!run.started_at.empty()) facts.push_back("at " + run.started_at);
    if (!run.hostname.empty()) facts.push_back("on " + run.hostname);
    if (!facts.empty()) out += " (" + Join(facts, " ") + ")";
    out += only_failing_ ? ", blocked checks only" : ", every checked row";
    return out;
  }

  // The command as the user could type it again, in a canonical order.
  std::string CommandLine() const {
    std::vector<std::string> words = {"orchard", "allowlist", "--format", format_};
    auto add = [&](const char* flag, const std::vector<std::string>& values) {
      for (const auto& v : values) {
        words.push_back(flag);
        words.push_back(v);
      }
    };
    add("--catalog", catalog_.load.files);
    if (catalog_.load.no_builtin) words.push_back("--no-builtin");
    add("--profile", catalog_.selection.profiles);
    add("--category", catalog_.selection.categories);
    add("--host", catalog_.selection.hosts);
    if (!from_.empty()) add("--from", {from_});
    if (only_failing_) words.push_back("--only-failing");
    if (resolve_) words.push_back("--resolve");
    if (!proxy_.empty()) add("--proxy", {proxy_});
    add("--collapse", collapse_);
    if (!output_.empty()) add("-o", {output_});
    std::string out;
    for (const auto& w : words) out += (out.empty() ? "" : " ") + ShellWord(w);
    return out;
  }

  CLI::App* app_ = nullptr;
  CatalogOptions catalog_;
  std::string format_;
  std::string from_;
  bool only_failing_ = false;
  bool resolve_ = false;
  std::string proxy_;
  std::vector<std::string> collapse_;
  std::string output_;
};

}  // namespace

std::unique_ptr<Command> MakeAllowlistCommand(CLI::App& parent) {
  return std::make_unique<AllowlistCommand>(parent);
}

}  // namespace orchard::cli
