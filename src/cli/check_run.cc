#include "cli/check_run.h"

#include <fmt/chrono.h>
#include <fmt/format.h>
#include <sys/resource.h>
#include <unistd.h>

#include <chrono>
#include <cmath>
#include <iostream>
#include <random>
#include <utility>

#include "base/clock.h"
#include "cli/file_limit.h"
#include "cli/options.h"
#include "diagnose/diagnose.h"
#include "probe/connect_to.h"
#include "probe/dns/dns_cares.h"
#include "probe/dns/dns_domains.h"
#include "probe/engine.h"
#include "probe/plan.h"
#include "probe/protocol_dispatch.h"
#include "probe/tcp.h"
#include "probe/tls/tls_trust.h"
#include "proxy/connector.h"

namespace orchard::cli {
namespace {

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

// The proxy options, with the --ca-file bundles an https:// PAC URL is verified against too.
proxy::ProxyCliOptions ProxyOptions(const CheckRunOptions& options) {
  proxy::ProxyCliOptions out = options.proxy;
  out.ca_files = options.ca_files;
  return out;
}

class EngineCheckRunner final : public CheckRunner {
 public:
  EngineCheckRunner(std::unique_ptr<probe::CaresResolver> resolver,
                    std::vector<probe::DomainRoute> domains,
                    std::vector<probe::ConnectToRule> rules, probe::EngineOptions engine,
                    probe::TlsTrust trust, proxy::ProxyCliOptions proxy,
                    const host::HostFacts* host,
                    std::optional<std::chrono::steady_clock::time_point> started)
      : resolver_(std::move(resolver)),
        domains_(*resolver_, std::move(domains)),
        rules_(std::move(rules)),
        engine_(engine),
        trust_(std::move(trust)),
        proxy_(std::move(proxy)),
        host_(host),
        started_(started),
        protocols_(clock_, &trust_) {}

  Result<std::string> DescribeRouting(const std::vector<catalog::Endpoint>& rows) override {
    auto routing = proxy::MakeRouting(proxy_, probe::MakePlan(rows, rules_), direct_, clock_);
    if (!routing) return tl::unexpected(routing.error());
    return routing->description;
  }

  Result<results::CheckDocument> Run(const catalog::Catalog& catalog,
                                     const std::vector<catalog::Endpoint>& rows,
                                     const std::vector<std::string>& profiles,
                                     const Progress& progress, Routes routes,
                                     CancelSignal* cancel) override {
    const probe::Plan plan = probe::MakePlan(rows, rules_);
    proxy::ProxyCliOptions proxy = proxy_;
    if (routes == Routes::kDirect) {
      proxy = proxy::ProxyCliOptions{};
      proxy.no_proxy = true;
    }
    // --deadline covers the whole run: start-up (the first run only), fetching and evaluating a
    // PAC spend from it, and the checks get what is left.
    const auto run_start =
        std::exchange(started_, std::nullopt).value_or(std::chrono::steady_clock::now());
    probe::EngineOptions engine = engine_;
    if (engine.deadline) proxy.deadline = run_start + *engine.deadline;
    auto routing = proxy::MakeRouting(proxy, plan, direct_, clock_);
    if (!routing) return tl::unexpected(routing.error());
    if (engine.deadline) {
      auto spent = std::chrono::duration_cast<std::chrono::milliseconds>(
          std::chrono::steady_clock::now() - run_start);
      engine.deadline = std::max(std::chrono::milliseconds(0), *engine.deadline - spent);
    }

    results::CheckDocument doc;
    doc.run.orchard_version = kOrchardVersion;
    doc.run.run_id = RunId();
    doc.run.started_at = IsoUtc(clock_.Now());
    doc.run.hostname = Hostname();
    doc.run.catalog_source = catalog.info.source;
    doc.run.catalog_date = catalog.info.date;
    doc.run.profiles = profiles;
    doc.run.routing = routing->description;
    doc.run.notes = routing->notes;
    const auto start = std::chrono::steady_clock::now();
    probe::EngineDeps deps{domains_, *routing->connector, protocols_};
    engine.cancel = cancel;
    doc.results = probe::RunPlan(plan, engine, deps, progress);
    proxy::ApplyProxyPolicy(doc.results, *routing->connector);
    doc.run.duration_ms = MsSince(start);
    diagnose::DiagnoseOptions diagnose_options;
    diagnose_options.host = host_;
    doc.diagnoses = diagnose::Diagnose(doc.results, diagnose_options);
    return doc;
  }

 private:
  std::unique_ptr<probe::CaresResolver> resolver_;
  probe::DomainResolver domains_;  // the per-domain resolvers first, then resolver_
  std::vector<probe::ConnectToRule> rules_;
  probe::EngineOptions engine_;
  probe::TlsTrust trust_;
  proxy::ProxyCliOptions proxy_;
  const host::HostFacts* host_;  // borrowed; null without host facts
  std::optional<std::chrono::steady_clock::time_point> started_;  // the first Run's only
  SystemClock clock_;
  probe::DirectConnector direct_;
  probe::ProtocolDispatch protocols_;
};

}  // namespace

void AddCheckRunOptions(CLI::App& app, CheckRunOptions& options) {
  AddRepeatable(app, "--resolver", options.resolvers, "ADDRESS[:PORT]",
                "Ask this DNS server (ADDRESS[:PORT], repeatable) instead of the system's");
  AddRepeatable(app, "--connect-to", options.connect_to, "HOST:PORT:ADDRESS:PORT",
                "Connect to ADDRESS:PORT instead for targets matching HOST:PORT (curl-like; "
                "HOST may be a name, *.pattern or CIDR; empty fields mean any/same; repeatable)");
  auto* v4 = app.add_flag("-4,--ipv4", options.ipv4_only, "Use IPv4 addresses only");
  auto* v6 = app.add_flag("-6,--ipv6", options.ipv6_only, "Use IPv6 addresses only");
  v4->excludes(v6);
  app.add_option("--timeout", options.timeout_s,
                 "Seconds per check; every phase gets what is left of it")
      ->default_val(5)
      ->check(FiniteRange(0.01, 3600.0));
  app.add_option("--deadline", options.deadline_s,
                 "Seconds for the whole run; unfinished checks are reported as skip/deadline")
      ->check(FiniteRange(0.01, 86400.0));
  app.add_option("--concurrency", options.concurrency, "Checks in flight at once")
      ->default_val(512)
      ->check(FiniteRange(1, 100000));
  AddRepeatable(app, "--ca-file", options.ca_files, "FILE",
                "Also trust this CA bundle (PEM) when verifying TLS (repeatable)");
  AddRepeatable(app, "--trust-anchor", options.trust_anchors, "FILE",
                "Count this root (PEM) as genuine for interception detection (repeatable)");
  auto* proxy = app.add_option("--proxy", options.proxy.proxy,
                               "Route checks through this HTTP proxy: CONNECT for TLS and other "
                               "ports, absolute-form requests for plain HTTP")
                    ->type_name("http://[USER:PASS@]HOST:PORT");
  app.add_option("--proxy-user", options.proxy.proxy_user,
                 "Credentials for the proxy's Basic authentication")
      ->type_name("USER:PASS");
  auto* pac = app.add_option("--pac", options.proxy.pac,
                             "Choose each check's route with this PAC file (a path, or an "
                             "http:// or https:// URL), as macOS does with an automatic proxy "
                             "configuration")
                  ->type_name("FILE|URL");
  auto* none = app.add_flag("--no-proxy", options.proxy.no_proxy,
                            "Ignore every proxy setting (options, environment, system) and go "
                            "direct");
  proxy->excludes(pac);
  none->excludes(proxy)->excludes(pac);
}

Result<std::unique_ptr<CheckRunner>> CheckRunner::Create(const CheckRunOptions& options) {
  std::vector<probe::ConnectToRule> rules;
  for (const auto& text : options.connect_to) {
    auto rule = probe::ParseConnectTo(text);
    if (!rule) return tl::unexpected(rule.error());
    rules.push_back(std::move(*rule));
  }
  std::vector<std::string> servers;
  for (const auto& text : options.resolvers) {
    auto server = probe::ParseResolverAddress(text);
    if (!server) return tl::unexpected(server.error());
    servers.push_back(std::move(*server));
  }
  // One trust store per runner: the platform's (+ --ca-file and the System keychain's) and the
  // genuine roots (+ --trust-anchor); errors name the flag and the file.
  probe::TlsTrustConfig trust_config;
  trust_config.ca_files = options.ca_files;
  trust_config.ca_pems = options.ca_pems;
  trust_config.trust_anchor_files = options.trust_anchors;
  auto trust = probe::TlsTrust::Create(trust_config);
  if (!trust) return tl::unexpected(trust.error());
  auto resolver = probe::CaresResolver::Create(std::move(servers));
  if (!resolver) return tl::unexpected(resolver.error());
  std::vector<probe::DomainRoute> domains;
  for (const DomainResolverOption& d : options.domain_resolvers) {
    std::vector<std::string> addresses;
    for (const auto& text : d.servers) {
      auto server = probe::ParseResolverAddress(text);
      if (!server) return tl::unexpected(server.error());
      addresses.push_back(std::move(*server));
    }
    auto split = probe::CaresResolver::Create(std::move(addresses));
    if (!split) return tl::unexpected(split.error());
    domains.push_back({d.domain, std::move(*split), d.label});
  }

  probe::EngineOptions engine;
  // Every check runs in one wave when the open-file limit allows; when it cannot be raised far
  // enough, fewer run at once (said once) rather than checks failing with EMFILE.
  uint64_t file_limit = RaiseFileLimit();
  engine.concurrency = ConcurrencyWithin(options.concurrency, file_limit);
  if (engine.concurrency < options.concurrency) {
    std::cerr << fmt::format(
        "orchard: --concurrency {} needs more open files than this process may have ({}); "
        "running {} checks at once\n",
        options.concurrency, file_limit, engine.concurrency);
  }
  engine.timeout = Millis(options.timeout_s);
  if (options.deadline_s) engine.deadline = Millis(*options.deadline_s);
  if (options.ipv4_only) engine.families = probe::AddressFamilies::kIpv4Only;
  if (options.ipv6_only) engine.families = probe::AddressFamilies::kIpv6Only;
  return std::unique_ptr<CheckRunner>(new EngineCheckRunner(
      std::move(*resolver), std::move(domains), std::move(rules), engine, std::move(*trust),
      ProxyOptions(options), options.host, options.started));
}

}  // namespace orchard::cli
