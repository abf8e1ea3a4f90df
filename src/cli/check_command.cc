#include <fmt/chrono.h>
#include <fmt/format.h>
#include <sys/resource.h>
#include <unistd.h>

#include <chrono>
#include <cmath>
#include <iostream>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "base/clock.h"
#include "base/file.h"
#include "cli/catalog_options.h"
#include "cli/command.h"
#include "cli/terminal.h"
#include "diagnose/diagnose.h"
#include "probe/connect_to.h"
#include "probe/dns_cares.h"
#include "probe/engine.h"
#include "probe/plan.h"
#include "probe/protocol_dispatch.h"
#include "probe/tcp.h"
#include "probe/tls_trust.h"
#include "report/document.h"
#include "report/render.h"

namespace orchard::cli {
namespace {

constexpr char kVersion[] = "0.1.0";

struct CheckOptions {
  CatalogOptions catalog;
  std::vector<std::string> resolvers;
  std::vector<std::string> connect_to;
  bool ipv4_only = false;
  bool ipv6_only = false;
  double timeout_s = 5;
  std::optional<double> deadline_s;
  size_t concurrency = 512;
  std::vector<std::string> ca_files;
  std::vector<std::string> trust_anchors;
  std::string format = "text";
  std::string output = "-";
  bool verbose = false;
};

// Every check runs in one wave: each needs a socket per resolved address (and c-ares one more),
// so ask for the hard limit rather than fail with EMFILE half-way.
void RaiseFileLimit() {
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) != 0) return;
  if (limit.rlim_cur < limit.rlim_max) {
    limit.rlim_cur = limit.rlim_max;
    setrlimit(RLIMIT_NOFILE, &limit);
  }
}

std::string RunId() {
  std::random_device random;
  return fmt::format("{:08x}{:08x}", random(), random());
}

std::string Hostname() {
  char name[256] = {};
  if (gethostname(name, sizeof name - 1) != 0) return "";
  return name;
}

std::string IsoUtc(std::chrono::system_clock::time_point t) {
  return fmt::format("{:%Y-%m-%dT%H:%M:%S}Z", std::chrono::floor<std::chrono::seconds>(t));
}

std::chrono::milliseconds Millis(double seconds) {
  return std::chrono::milliseconds(static_cast<int64_t>(std::llround(seconds * 1000)));
}

// 0: every check passed (warnings allowed); 1: a check failed or the deadline cut checks off.
int ExitCodeFor(const std::vector<probe::CheckResult>& results) {
  for (const auto& r : results) {
    if (r.status == probe::Status::kFail) return 1;
    if (r.status == probe::Status::kSkip && r.reason == probe::Reason::kDeadline) return 1;
  }
  return 0;
}

int Fail(const Error& error) {
  std::cerr << "orchard check: " << error.ToString() << "\n";
  return error.ExitCode();
}

class CheckCommand final : public Command {
 public:
  explicit CheckCommand(CLI::App& parent) {
    CLI::App* app = parent.add_subcommand(
        "check", "Check every selected catalog row: DNS, TCP, TLS and the service's protocol");
    AddCatalogOptions(*app, options_.catalog);
    app->add_option("--resolver", options_.resolvers,
                    "Ask this DNS server (ADDRESS[:PORT], repeatable) instead of the system's")
        ->type_name("ADDRESS[:PORT]")
        ->expected(1)
        ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
    app->add_option("--connect-to", options_.connect_to,
                    "Connect to ADDRESS:PORT instead for targets matching HOST:PORT (curl-like; "
                    "HOST may be a name, *.pattern or CIDR; empty fields mean any/same; "
                    "repeatable)")
        ->type_name("HOST:PORT:ADDRESS:PORT")
        ->expected(1)
        ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
    auto* v4 = app->add_flag("-4,--ipv4", options_.ipv4_only, "Use IPv4 addresses only");
    auto* v6 = app->add_flag("-6,--ipv6", options_.ipv6_only, "Use IPv6 addresses only");
    v4->excludes(v6);
    app->add_option("--timeout", options_.timeout_s,
                    "Seconds per check; every phase gets what is left of it")
        ->default_val(5)
        ->check(CLI::Range(0.01, 3600.0));
    app->add_option("--deadline", options_.deadline_s,
                    "Seconds for the whole run; unfinished checks are reported as skip/deadline")
        ->check(CLI::Range(0.01, 86400.0));
    app->add_option("--concurrency", options_.concurrency, "Checks in flight at once")
        ->default_val(512)
        ->check(CLI::Range(1, 100000));
    app->add_option("--ca-file", options_.ca_files,
                    "Also trust this CA bundle (PEM) when verifying TLS (repeatable)")
        ->type_name("FILE")
        ->expected(1)
        ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
    app->add_option("--trust-anchor", options_.trust_anchors,
                    "Count this root (PEM) as genuine for interception detection (repeatable)")
        ->type_name("FILE")
        ->expected(1)
        ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
    app->add_option("--format", options_.format,
                    "Output format: text, json, junit, html, "
                    "markdown, csv, jamf")
        ->default_val("text");
    app->add_option("-o,--output", options_.output, "Write the report to FILE (atomically)")
        ->type_name("FILE");
    app->add_flag("-v,--verbose", options_.verbose,
                  "Text: show addresses, CNAME chains, TLS facts and timings per check");
  }

  int Run() override {
    auto format = report::FormatFromString(options_.format);
    if (!format) return Fail(format.error());
    auto catalog = LoadSelectedCatalog(options_.catalog);
    if (!catalog) return Fail(catalog.error());

    std::vector<probe::ConnectToRule> rules;
    for (const auto& text : options_.connect_to) {
      auto rule = probe::ParseConnectTo(text);
      if (!rule) return Fail(rule.error());
      rules.push_back(std::move(*rule));
    }
    std::vector<std::string> servers;
    for (const auto& text : options_.resolvers) {
      auto server = probe::ParseResolverAddress(text);
      if (!server) return Fail(server.error());
      servers.push_back(std::move(*server));
    }
    // One trust store per run: the platform's (+ --ca-file) and the genuine roots
    // (+ --trust-anchor); errors name the flag and the file.
    auto trust = probe::TlsTrust::Create(options_.ca_files, options_.trust_anchors);
    if (!trust) return Fail(trust.error());
    auto resolver = probe::CaresResolver::Create(std::move(servers));
    if (!resolver) return Fail(resolver.error());

    probe::EngineOptions engine;
    engine.concurrency = options_.concurrency;
    engine.timeout = Millis(options_.timeout_s);
    if (options_.deadline_s) engine.deadline = Millis(*options_.deadline_s);
    if (options_.ipv4_only) engine.families = probe::AddressFamilies::kIpv4Only;
    if (options_.ipv6_only) engine.families = probe::AddressFamilies::kIpv6Only;

    SystemClock clock;
    probe::DirectConnector connector;
    probe::ProtocolDispatch protocols(clock, &*trust);
    probe::EngineDeps deps{**resolver, connector, protocols};
    RaiseFileLimit();

    const probe::Plan plan = probe::MakePlan(catalog->selected, rules);
    report::CheckDocument doc;
    doc.run.orchard_version = kVersion;
    doc.run.run_id = RunId();
    doc.run.started_at = IsoUtc(clock.Now());
    doc.run.hostname = Hostname();
    doc.run.catalog_source = catalog->catalog.info.source;
    doc.run.catalog_date = catalog->catalog.info.date;
    doc.run.profiles = options_.catalog.selection.profiles;
    const auto start = std::chrono::steady_clock::now();
    {
      ProgressLine progress;
      doc.results = probe::RunPlan(
          plan, engine, deps, [&](size_t done, size_t total) { progress.Update(done, total); });
    }
    doc.run.duration_ms =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    doc.diagnoses = diagnose::Diagnose(doc.results, diagnose::DiagnoseOptions{});

    report::RenderOptions render;
    render.verbose = options_.verbose;
    render.color = options_.output == "-" && ColorWanted(STDOUT_FILENO);
    auto written = WriteFileAtomically(options_.output, report::Render(*format, doc, render));
    if (!written) return Fail(written.error());
    return ExitCodeFor(doc.results);
  }

 private:
  CheckOptions options_;
};

}  // namespace

std::unique_ptr<Command> MakeCheckCommand(CLI::App& parent) {
  return std::make_unique<CheckCommand>(parent);
}

}  // namespace orchard::cli
