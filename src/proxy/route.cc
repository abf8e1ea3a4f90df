#include "proxy/route.h"

#include <fmt/format.h>

#include <map>

#include "base/strings.h"
#include "proxy/host_match.h"
#include "proxy/pac_result.h"

namespace orchard::proxy {
namespace {

Route ProxyRoute(ProxyServer server) { return Route{RouteKind::kProxy, std::move(server)}; }

RoutePlan Direct(std::string source) {
  RoutePlan plan;
  plan.routes.push_back(Route{});
  plan.source = std::move(source);
  return plan;
}

bool AnyEnvironmentProxy(const Environment& env) {
  for (const char* name : {"http_proxy", "https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"}) {
    auto it = env.find(name);
    if (it != env.end() && !Trim(it->second).empty()) return true;
  }
  return false;
}

// The fetch gets its own timeout, or what is left before the run's deadline if that is less.
Result<std::string> LoadWithinDeadline(const std::string& spec, PacFetcher& fetcher,
                                       const RouteOptions& o) {
  const auto now = std::chrono::steady_clock::now();
  auto budget = o.fetch_timeout;
  if (o.pac_limits.deadline - now < budget) {
    budget = std::chrono::ceil<std::chrono::milliseconds>(o.pac_limits.deadline - now);
  }
  if (budget.count() <= 0) {
    return MakeError(ErrorCode::kUsage,
                     fmt::format("{}: the run's deadline passed before it could be read", spec));
  }
  return LoadPacSource(spec, fetcher, budget);
}

}  // namespace

std::string Target::PacUrl() const {
  std::string h = host.find(':') != std::string::npos ? "[" + host + "]" : host;
  bool default_port = (scheme == "http" && port == 80) || (scheme == "https" && port == 443);
  if (default_port) return fmt::format("{}://{}/", scheme, h);
  return fmt::format("{}://{}:{}/", scheme, h, port);
}

Target TargetFor(std::string host, uint16_t port, bool udp) {
  Target target;
  target.scheme = port == 80 ? "http" : "https";
  target.host = std::move(host);
  target.port = port;
  target.udp = udp;
  return target;
}

std::string Route::ToString() const {
  if (kind == RouteKind::kDirect) return "DIRECT";
  return "PROXY " + proxy.ToString();
}

Result<RouteResolver> RouteResolver::Create(RouteOptions options, RouteDeps deps) {
  RouteResolver resolver;
  resolver.options_ = std::move(options);
  resolver.deps_ = std::move(deps);
  const RouteOptions& o = resolver.options_;
  if (!o.proxy_user.empty()) {
    auto credentials = ParseCredentials(o.proxy_user);
    if (!credentials) return tl::unexpected(credentials.error());
    resolver.proxy_user_ = std::move(*credentials);
  }
  if (o.no_proxy) return resolver;
  if (!o.proxy.empty()) {
    auto server = ParseProxyUrl(o.proxy, "--proxy");
    if (!server) return tl::unexpected(server.error());
    resolver.explicit_proxy_ = std::move(*server);
    return resolver;
  }
  if (!o.pac.empty()) {
    HttpPacFetcher default_fetcher;
    PacFetcher& fetcher = resolver.deps_.fetcher ? *resolver.deps_.fetcher : default_fetcher;
    auto source = LoadWithinDeadline(o.pac, fetcher, o);
    if (!source) return tl::unexpected(source.error().WithContext("--pac"));
    // Load it once with no queries so syntax errors and endless top-level code are reported
    // now, as a usage error, rather than on every check.
    auto loaded = RunPacSandboxed(*source, o.pac, resolver.deps_.pac, {}, o.pac_limits);
    if (!loaded) return tl::unexpected(Error(ErrorCode::kUsage, loaded.error().message()));
    resolver.pac_source_ = std::move(*source);
    return resolver;
  }
  if (o.use_system && resolver.deps_.system != nullptr) {
    auto settings = resolver.deps_.system->Settings();
    if (!settings) return tl::unexpected(settings.error());
    if (settings->has_value()) {
      resolver.system_ = std::move(**settings);
      if (resolver.system_->pac_url.empty() && resolver.system_->auto_discovery) {
        // Auto Proxy Discovery: the PAC URL is WPAD's, found as macOS finds it.
        resolver.system_->pac_url = WpadUrl(resolver.deps_.system->DhcpWpadOption());
        resolver.wpad_ = true;
      }
      if (!resolver.system_->pac_url.empty()) {
        HttpPacFetcher default_fetcher;
        PacFetcher& fetcher = resolver.deps_.fetcher ? *resolver.deps_.fetcher : default_fetcher;
        auto source = LoadWithinDeadline(resolver.system_->pac_url, fetcher, o);
        if (source) {
          resolver.system_pac_source_ = std::move(*source);
        } else {
          resolver.system_pac_error_ = source.error().message();
        }
      }
    }
  }
  return resolver;
}

void RouteResolver::ApplyProxyUser(Route& route) const {
  if (route.kind == RouteKind::kProxy && !route.proxy.credentials && proxy_user_) {
    route.proxy.credentials = proxy_user_;
  }
}

RoutePlan RouteResolver::PlanFixed(const Target& target) const {
  RoutePlan plan;
  plan.source = "--proxy";
  if (auto entry = MatchNoProxy(NoProxyValue(deps_.env), target.host)) {
    plan.routes.push_back(Route{});
    plan.notes.push_back(fmt::format("NO_PROXY entry \"{}\" sends {} direct", *entry, target.host));
    return plan;
  }
  Route route = ProxyRoute(*explicit_proxy_);
  ApplyProxyUser(route);
  plan.routes.push_back(std::move(route));
  return plan;
}

Result<RoutePlan> RouteResolver::PlanEnvironment(const Target& target) const {
  auto choice = ProxyFromEnvironment(deps_.env, target.scheme, target.host);
  if (!choice) return tl::unexpected(choice.error());
  RoutePlan plan;
  plan.source = choice->variable;
  if (!choice->proxy) {
    plan.routes.push_back(Route{});
    // Direct either by a NO_PROXY entry or because no variable names a proxy for this scheme
    // (HTTPS_PROXY alone leaves port 80 direct); only the first deserves a note.
    if (!choice->no_proxy_entry.empty()) {
      plan.notes.push_back(fmt::format("NO_PROXY entry \"{}\" sends {} direct",
                                       choice->no_proxy_entry, target.host));
    }
    return plan;
  }
  Route route = ProxyRoute(*choice->proxy);
  ApplyProxyUser(route);
  plan.routes.push_back(std::move(route));
  return plan;
}

RoutePlan RouteResolver::PlanSystemManual(const Target& target) const {
  const host::SystemProxySettings& s = *system_;
  const std::optional<host::SystemProxyServer>& server = target.scheme == "http" ? s.http : s.https;
  if (!server) return Direct("system");
  RoutePlan plan;
  plan.source = "system";
  if (auto entry = MatchSystemException(s, target.host)) {
    plan.routes.push_back(Route{});
    plan.notes.push_back(
        fmt::format("proxy exception \"{}\" sends {} direct", *entry, target.host));
    return plan;
  }
  Route route = ProxyRoute(ProxyServer{server->host, server->port, std::nullopt});
  ApplyProxyUser(route);
  plan.routes.push_back(std::move(route));
  return plan;
}

Result<std::vector<RoutePlan>> RouteResolver::PlanPac(const std::vector<Target>& targets,
                                                      const std::string& source,
                                                      const std::string& script,
                                                      const std::string& label) const {
  std::vector<PacQuery> queries;
  std::map<std::pair<std::string, std::string>, size_t> index;
  std::vector<size_t> query_of(targets.size(), SIZE_MAX);
  for (size_t i = 0; i < targets.size(); ++i) {
    if (targets[i].udp) continue;
    PacQuery q{targets[i].PacUrl(), targets[i].host};
    auto [it, inserted] = index.emplace(std::pair{q.url, q.host}, queries.size());
    if (inserted) queries.push_back(std::move(q));
    query_of[i] = it->second;
  }
  auto answers = RunPacSandboxed(script, label, deps_.pac, queries, options_.pac_limits);
  if (!answers) return tl::unexpected(answers.error());

  std::vector<RoutePlan> plans;
  for (size_t i = 0; i < targets.size(); ++i) {
    if (query_of[i] == SIZE_MAX) {
      plans.push_back(Direct("udp"));
      continue;
    }
    RoutePlan plan;
    plan.source = source;
    const Result<std::string>& answer = (*answers)[query_of[i]];
    auto choices = answer ? ParsePacAnswer(*answer)
                          : Result<std::vector<PacChoice>>(tl::unexpected(answer.error()));
    if (!choices) {
      // Browsers and macOS go direct when the PAC script fails for a URL.
      plan.routes.push_back(Route{});
      plan.pac_failure = choices.error().message();
      plan.notes.push_back(plan.pac_failure + "; going DIRECT as macOS does");
      plans.push_back(std::move(plan));
      continue;
    }
    for (const PacChoice& c : *choices) {
      if (c.kind == PacChoice::Kind::kDirect) {
        plan.routes.push_back(Route{});
      } else if (c.kind == PacChoice::Kind::kProxy) {
        Route route = ProxyRoute(ProxyServer{c.host, c.port, std::nullopt});
        ApplyProxyUser(route);
        plan.routes.push_back(std::move(route));
      } else {
        plan.notes.push_back(
            fmt::format("{} skipped: orchard routes only through HTTP proxies", c.ToString()));
      }
    }
    plans.push_back(std::move(plan));
  }
  return plans;
}

Result<std::vector<RoutePlan>> RouteResolver::Plan(const std::vector<Target>& targets) const {
  const RouteOptions& o = options_;
  if (!o.pac.empty() && !o.no_proxy && o.proxy.empty()) {
    return PlanPac(targets, "--pac " + o.pac, pac_source_, o.pac);
  }
  if (system_ && !system_pac_source_.empty() && !o.no_proxy && o.proxy.empty() &&
      !(o.use_environment && AnyEnvironmentProxy(deps_.env))) {
    auto plans = PlanPac(targets, SystemPacLabel(), system_pac_source_, system_->pac_url);
    if (plans) return plans;
    // A broken system PAC: macOS falls back to its manual settings (or direct).
    std::vector<RoutePlan> fallback;
    for (const Target& t : targets) {
      RoutePlan plan = t.udp ? Direct("udp") : PlanSystemManual(t);
      plan.notes.push_back(plans.error().message());
      fallback.push_back(std::move(plan));
    }
    return fallback;
  }
  std::vector<RoutePlan> plans;
  plans.reserve(targets.size());
  for (const Target& t : targets) {
    if (o.no_proxy) {
      plans.push_back(Direct("--no-proxy"));
    } else if (t.udp) {
      plans.push_back(Direct("udp"));
    } else if (explicit_proxy_) {
      plans.push_back(PlanFixed(t));
    } else if (o.use_environment && AnyEnvironmentProxy(deps_.env)) {
      auto plan = PlanEnvironment(t);
      if (!plan) return tl::unexpected(plan.error());
      if (plan->source.empty()) plan->source = "default";
      plans.push_back(std::move(*plan));
    } else if (system_) {
      RoutePlan plan = PlanSystemManual(t);
      if (!system_pac_error_.empty()) {
        plan.notes.push_back("system PAC not used: " + system_pac_error_);
      }
      plans.push_back(std::move(plan));
    } else {
      plans.push_back(Direct("default"));
    }
  }
  return plans;
}

std::string RouteResolver::SystemPacLabel() const {
  return (wpad_ ? "system PAC (WPAD) " : "system PAC ") + system_->pac_url;
}

std::string RouteResolver::Describe() const {
  const RouteOptions& o = options_;
  if (o.no_proxy) return "direct (--no-proxy)";
  if (explicit_proxy_) return "--proxy " + explicit_proxy_->ToString();
  if (!o.pac.empty()) return "--pac " + o.pac;
  if (o.use_environment && AnyEnvironmentProxy(deps_.env)) return "environment proxy variables";
  if (system_ && !system_->Empty()) {
    if (!system_pac_source_.empty()) return SystemPacLabel();
    return "system proxy settings";
  }
  return "direct";
}

}  // namespace orchard::proxy
