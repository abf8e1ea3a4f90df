#include "proxy/wiring.h"

#include <algorithm>
#include <set>

namespace orchard::proxy {

Result<Routing> MakeRouting(const ProxyCliOptions& options, const probe::Plan& plan,
                            probe::Connector& direct, const Clock& clock) {
  RouteOptions route_options;
  route_options.no_proxy = options.no_proxy;
  route_options.proxy = options.proxy;
  route_options.proxy_user = options.proxy_user;
  route_options.pac = options.pac;
  route_options.pac_limits.deadline = options.deadline;

  SystemPacHostResolver host_resolver;
  HttpPacFetcher fetcher(options.ca_files);
  RealSystemProxySource real_system;
  RecordedSystemProxySource recorded_system(options.recorded_system.value_or(std::nullopt));
  RouteDeps deps;
  deps.env = ProcessEnvironment();
  deps.pac.clock = &clock;
  deps.pac.resolver = &host_resolver;
  deps.fetcher = &fetcher;
  deps.system =
      options.recorded_system ? static_cast<SystemProxySource*>(&recorded_system) : &real_system;
  auto resolver = RouteResolver::Create(route_options, std::move(deps));
  if (!resolver) return tl::unexpected(resolver.error());

  std::vector<Target> targets;
  std::vector<size_t> probe_of;
  for (size_t i = 0; i < plan.probes.size(); ++i) {
    const probe::ProbeSpec& spec = plan.probes[i];
    if (spec.transport != catalog::Transport::kTcp) continue;
    targets.push_back(TargetFor(spec.target, spec.port, false));
    probe_of.push_back(i);
  }
  auto plans = resolver->Plan(targets);
  if (!plans) return tl::unexpected(Error(ErrorCode::kUsage, plans.error().message()));

  Routing routing;
  routing.connector = std::make_unique<RoutingConnector>(direct);
  routing.description = resolver->Describe();
  std::set<std::string> seen;
  for (size_t t = 0; t < targets.size(); ++t) {
    const probe::ProbeSpec& spec = plan.probes[probe_of[t]];
    RoutingConnector::Entry entry;
    entry.plan = std::move((*plans)[t]);
    entry.direct_only = spec.direct_only;
    entry.tunnel_host = spec.connect_host;
    if (spec.connect_port != spec.port) entry.checked_port = spec.port;
    for (const std::string& note : entry.plan.notes) {
      if (seen.insert(note).second) routing.notes.push_back(note);
    }
    routing.connector->Add(spec.target, spec.connect_port, std::move(entry));
  }
  routing.connector->ResolveProxies();
  return routing;
}

}  // namespace orchard::proxy
