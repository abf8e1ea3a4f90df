#pragma once

#include <CLI/CLI.hpp>
#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "base/cancel.h"
#include "base/error.h"
#include "catalog/endpoint.h"
#include "host/host_facts.h"
#include "probe/tls/tls_trust.h"
#include "proxy/wiring.h"
#include "results/document.h"

// The probe options shared by `check` and `serve`, and one run of the engine over a set of
// catalog rows into a check-v1 document (results plus diagnoses).
namespace orchard::cli {

inline constexpr char kOrchardVersion[] = "0.1.0";

// A per-domain (split DNS) resolver from the Mac's `scutil --dns`: names in `domain` are looked
// up there, as macOS does.
struct DomainResolverOption {
  std::string domain;
  std::vector<std::string> servers;  // "ADDRESS[:PORT]"
  std::string label;                 // "10.8.0.1 (corp.example, utun3)"
};

struct CheckRunOptions {
  std::vector<std::string> resolvers;
  std::vector<std::string> connect_to;
  bool ipv4_only = false;
  bool ipv6_only = false;
  double timeout_s = 5;
  std::optional<double> deadline_s;
  size_t concurrency = 512;
  std::vector<std::string> ca_files;
  std::vector<std::string> trust_anchors;
  std::vector<probe::CaPem> ca_pems;  // not a flag: the System keychain's, trusted as --ca-file
  std::vector<DomainResolverOption> domain_resolvers;  // not a flag: from the host facts
  // The machine's facts, for the diagnoses that join them with the run (borrowed; must outlive
  // every Run). Null when none were read.
  const host::HostFacts* host = nullptr;
  proxy::ProxyCliOptions proxy;  // --proxy, --proxy-user, --pac, --no-proxy
  // Not a flag: when the user's wait began (`check`: the process's start). The first Run's
  // --deadline counts from it, so reading the catalog and trust stores spends from it too;
  // unset, each Run's deadline counts from that Run's start (serve's runs, --compare-routes).
  std::optional<std::chrono::steady_clock::time_point> started;
};

// --resolver, --connect-to, -4/-6, --timeout, --deadline, --concurrency, --ca-file,
// --trust-anchor, --proxy, --proxy-user, --pac, --no-proxy. `options` must outlive parsing.
void AddCheckRunOptions(CLI::App& app, CheckRunOptions& options);

// Everything a run needs that is built once from the options (resolver, trust stores, rules).
// Run may be called many times, from one thread at a time.
class CheckRunner {
 public:
  virtual ~CheckRunner() = default;
  // Usage errors (exit 2) name the option and the value or file at fault.
  static Result<std::unique_ptr<CheckRunner>> Create(const CheckRunOptions& options);

  // Builds the routing for `rows` without probing and describes it ("direct", "--pac FILE",
  // ...): a PAC that cannot be read or evaluated is an error now rather than in every run.
  virtual Result<std::string> DescribeRouting(const std::vector<catalog::Endpoint>& rows) = 0;

  using Progress = std::function<void(size_t done, size_t total)>;
  // How the run's connections are routed.
  enum class Routes {
    kConfigured,  // the proxy options, environment, PAC or system settings
    kDirect,      // every check direct, whatever is configured (--compare-routes' other half)
  };
  // Errors only for a routing set-up that cannot work (an unreadable PAC, a bad proxy URL).
  // `cancel`, once raised, stops the run at once (serve's SIGTERM); its checks come back cut
  // off.
  virtual Result<results::CheckDocument> Run(const catalog::Catalog& catalog,
                                             const std::vector<catalog::Endpoint>& rows,
                                             const std::vector<std::string>& profiles,
                                             const Progress& progress = {},
                                             Routes routes = Routes::kConfigured,
                                             CancelSignal* cancel = nullptr) = 0;
};

}  // namespace orchard::cli
