#include <fmt/format.h>
#include <unistd.h>

#include <iostream>
#include <string>
#include <vector>

#include "base/file.h"
#include "base/strings.h"
#include "cli/catalog_options.h"
#include "cli/check_run.h"
#include "cli/command.h"
#include "cli/options.h"
#include "cli/terminal.h"
#include "host/host_facts.h"
#include "host/host_folder.h"
#include "probe/tls/tls_x509.h"
#include "report/render.h"
#include "results/document.h"
#include "results/labels.h"
#include "results/route_comparison.h"

namespace orchard::cli {
namespace {

struct CheckOptions {
  CatalogOptions catalog;
  CheckRunOptions run;
  std::string format = "text";
  std::string color = "auto";
  std::string output = "-";
  bool verbose = false;
  bool compare_routes = false;
  std::vector<std::string> labels;  // --label KEY=VALUE, validated in Run
  std::string host_facts;           // --host-facts DIR
};

// This machine's facts, or a --host-facts folder's: read on macOS always, elsewhere only from a
// folder (nullopt then). Errors only for a folder that cannot be used.
Result<std::optional<host::HostFacts>> ReadHostFacts(const std::string& folder) {
  if (!folder.empty()) {
    auto facts = host::LoadHostFacts(folder);
    if (!facts) return tl::unexpected(facts.error());
    return std::optional<host::HostFacts>(std::move(*facts));
  }
  if (host::CurrentPlatform() != host::Platform::kMacOS) return std::optional<host::HostFacts>();
  host::ProcessToolRunner runner;
  return std::optional<host::HostFacts>(host::CollectHostFacts(runner));
}

// The System keychain's certificates (where MDM profiles install an inspection CA), trusted as
// --ca-file's are. Output that holds no readable certificate becomes one of the facts' problems
// rather than a failed run.
std::optional<probe::CaPem> KeychainTrust(host::HostFacts& facts) {
  if (!facts.system_keychain_pem || Trim(*facts.system_keychain_pem).empty()) return {};
  std::string origin = fmt::format("System keychain ({})", host::kSystemKeychain);
  if (auto certs = probe::ParseCertificates(*facts.system_keychain_pem, origin); !certs) {
    facts.problems.push_back(certs.error().message());
    return {};
  }
  return probe::CaPem{std::move(origin), *facts.system_keychain_pem};
}

// The Mac's per-domain resolvers (split DNS: a VPN's, an MDM-pushed one), which answer for their
// domains before the default resolver, as macOS asks them. Scoped resolvers only answer lookups
// bound to their interface, so they are left out.
std::vector<DomainResolverOption> SplitDns(const host::HostFacts& facts) {
  std::vector<DomainResolverOption> out;
  for (const host::HostResolver& r : facts.resolvers) {
    if (r.scoped || r.domain.empty() || r.nameservers.empty()) continue;
    DomainResolverOption option;
    option.domain = r.domain;
    for (std::string server : r.nameservers) {
      server = server.substr(0, server.find('%'));  // "fe80::1%en0": the scope is the OS's
      const bool v6 = server.find(':') != std::string::npos;
      if (r.port)
        server =
            v6 ? fmt::format("[{}]:{}", server, *r.port) : fmt::format("{}:{}", server, *r.port);
      option.servers.push_back(server);
    }
    option.label = fmt::format("{} ({}{}{})", r.nameservers.front(), r.domain,
                               r.interface.empty() ? "" : ", ", r.interface);
    out.push_back(std::move(option));
  }
  return out;
}

// 0: every check passed (warnings allowed); 1: a check failed or the deadline cut checks off.
int ExitCodeFor(const std::vector<probe::CheckResult>& results) {
  for (const auto& r : results) {
    if (r.status == probe::Status::kFail) return 1;
    if (r.status == probe::Status::kSkip && r.reason == probe::Reason::kDeadline) return 1;
  }
  return 0;
}

class CheckCommand final : public Command {
 public:
  explicit CheckCommand(CLI::App& parent) {
    CLI::App* app = parent.add_subcommand(
        "check", "Check every selected catalog row: DNS, TCP, TLS and the service's protocol");
    AddCatalogOptions(*app, options_.catalog);
    AddCheckRunOptions(*app, options_.run);
    AddFormatOption(*app, options_.format, report::FormatNames(), "Report format")
        ->default_val("text");
    AddColorOption(*app, options_.color);
    SetFooter(*app,
              {{"orchard check", "Every row of Apple's list, from this machine"},
               {"orchard check --profile sep -f json -o sep.json",
                "What Symantec Endpoint Protection needs, saved for explain and diff"},
               {"orchard check --pac http://wpad.corp/proxy.pac",
                "Route each check as macOS does with that automatic proxy configuration"},
               {"orchard check -f jamf", "A Jamf extension attribute: <result>...</result>"}},
              {{0, "every selected check passed (warnings allowed)"},
               {1, "a check failed, or the deadline cut checks off"},
               {2, "usage error, or the catalog or an input file could not be read"},
               {3, "internal error"}},
              report::FormatsHelp());
    app->add_option("-o,--output", options_.output, "Write the report to FILE (atomically)")
        ->type_name("FILE");
    app->add_flag("-v,--verbose", options_.verbose,
                  "Text: show addresses, CNAME chains, TLS facts and timings per check");
    app->add_flag("--compare-routes", options_.compare_routes,
                  "Run the checks again direct and report, for each check that went through "
                  "a proxy, what going direct gives");
    app->add_option("--label", options_.labels,
                    "Name this machine beyond its host name in json and jsonl output, e.g. "
                    "site=paris (repeatable)")
        ->type_name("KEY=VALUE")
        ->expected(1)
        ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
    app->add_option("--host-facts", options_.host_facts,
                    "Use the Mac facts `orchard host --save DIR` kept (System keychain "
                    "certificates, OS, resolvers, system proxy) instead of this machine's")
        ->type_name("DIR");
  }

  int Run() override {
    auto format = report::FormatFromString(options_.format);  // --format checked it
    if (!format) return Fail("check", UnknownFormat(options_.format, report::FormatNames()));
    auto labels = results::ParseLabels(options_.labels);
    if (!labels)
      return Fail("check", Error(labels.error().code(), "--label " + labels.error().message()));
    auto catalog = LoadSelectedCatalog(options_.catalog);
    if (!catalog) return Fail("check", catalog.error());
    // From here on only the catalog's header is read; its rows are in `selected`. Letting the
    // whole list go keeps a 10,000-row run from holding every row twice.
    catalog->catalog.endpoints = {};
    auto host_facts = ReadHostFacts(options_.host_facts);
    if (!host_facts) return Fail("check", host_facts.error());
    if (*host_facts) {
      if (auto keychain = KeychainTrust(**host_facts)) options_.run.ca_pems.push_back(*keychain);
      options_.run.domain_resolvers = SplitDns(**host_facts);
      options_.run.host = &**host_facts;  // read by Run, before the facts move into the doc
      // A folder's machine decides the system proxy too, never this one. Its environment is
      // only reported: this run's own environment still applies (the folder's values have
      // their credentials redacted, and they are the recording machine's shell, not its OS).
      if (!options_.host_facts.empty())
        options_.run.proxy.recorded_system = (*host_facts)->system_proxy;
    }
    // --deadline is the user's whole wait: what start-up spent comes off the checks' share.
    options_.run.started = AppStartTime();
    auto runner = CheckRunner::Create(options_.run);
    if (!runner) return Fail("check", runner.error());

    if (options_.compare_routes) {
      auto routing = (*runner)->DescribeRouting(catalog->selected);
      if (!routing) return Fail("check", routing.error());
      if (routing->starts_with("direct")) {
        return Fail("check",
                    Error(ErrorCode::kUsage,
                          "--compare-routes: no proxy is configured (--proxy, --pac, "
                          "HTTPS_PROXY/HTTP_PROXY/ALL_PROXY or the system settings), so there "
                          "is nothing to compare direct with"));
      }
    }
    auto run = [&](CheckRunner::Routes routes) {
      ProgressLine progress;
      return (*runner)->Run(
          catalog->catalog, catalog->selected, options_.catalog.selection.profiles,
          [&](size_t done, size_t total) { progress.Update(done, total); }, routes);
    };
    Result<results::CheckDocument> doc = run(CheckRunner::Routes::kConfigured);
    if (!doc) return Fail("check", doc.error());
    if (options_.compare_routes) {
      auto direct = run(CheckRunner::Routes::kDirect);
      if (!direct) return Fail("check", direct.error());
      results::AttachDirectComparison(doc->results, direct->results);
    }
    doc->run.labels = std::move(*labels);
    doc->host = std::move(*host_facts);

    report::RenderOptions render;
    render.verbose = options_.verbose;
    render.color =
        options_.output == "-" &&
        ColorWanted(STDOUT_FILENO, ColorModeFromString(options_.color).value_or(ColorMode::kAuto));
    auto written = WriteFileAtomically(options_.output, report::Render(*format, *doc, render));
    if (!written) return Fail("check", written.error());
    return ExitCodeFor(doc->results);
  }

 private:
  CheckOptions options_;
};

}  // namespace

std::unique_ptr<Command> MakeCheckCommand(CLI::App& parent) {
  return std::make_unique<CheckCommand>(parent);
}

}  // namespace orchard::cli
