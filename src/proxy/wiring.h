#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "base/clock.h"
#include "base/error.h"
#include "host/scutil_proxy.h"
#include "probe/plan.h"
#include "proxy/connector.h"
#include "proxy/route.h"

// One call for the CLI: from the proxy options and a plan to the connector the engine uses.
namespace orchard::proxy {

struct ProxyCliOptions {
  std::string proxy;                  // --proxy
  std::string proxy_user;             // --proxy-user
  std::string pac;                    // --pac
  bool no_proxy = false;              // --no-proxy
  std::vector<std::string> ca_files;  // --ca-file: trusted for an https:// PAC URL as well
  // The run's deadline: fetching and evaluating a PAC stop there.
  std::chrono::steady_clock::time_point deadline = std::chrono::steady_clock::time_point::max();
  // Set: the system proxy settings of the machine a --host-facts folder recorded (nullopt
  // inside: it has none, as a Linux machine), used instead of this machine's.
  std::optional<std::optional<host::SystemProxySettings>> recorded_system;
};

struct Routing {
  std::unique_ptr<RoutingConnector> connector;
  std::string description;         // "--pac http://wpad/proxy.pac", "direct", ...
  std::vector<std::string> notes;  // PAC notes (skipped SOCKS entries, PAC errors), de-duplicated
};

// Decides every TCP probe's routes (real environment, system settings, resolver and fetcher)
// and returns a connector that follows them over `direct`. Usage errors for bad options or an
// unusable PAC.
Result<Routing> MakeRouting(const ProxyCliOptions& options, const probe::Plan& plan,
                            probe::Connector& direct, const Clock& clock);

}  // namespace orchard::proxy
