#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/error.h"
#include "proxy/environment.h"
#include "proxy/pac_fetch.h"
#include "proxy/pac_host.h"
#include "proxy/pac_sandbox.h"
#include "proxy/proxy_url.h"
#include "proxy/system_proxy.h"

namespace orchard::proxy {

// What is being reached. `scheme` is "http" for plain-HTTP checks and "https" for TLS and any
// other TCP port (those go through CONNECT, as macOS sends them through its HTTPS proxy).
struct Target {
  std::string scheme = "https";
  std::string host;
  uint16_t port = 443;
  bool udp = false;  // UDP never goes through an HTTP proxy

  // The URL a PAC script is asked about: "https://host/", "https://host:5223/", "http://host/".
  std::string PacUrl() const;
};

// Plain HTTP for port 80, CONNECT-style "https" for every other TCP port.
Target TargetFor(std::string host, uint16_t port, bool udp);

enum class RouteKind { kDirect, kProxy };

struct Route {
  RouteKind kind = RouteKind::kDirect;
  ProxyServer proxy;  // when kind == kProxy

  std::string ToString() const;  // "DIRECT" or "PROXY host:port"
  friend bool operator==(const Route&, const Route&) = default;
};

// The routes to try for one target, in order. `routes` is empty only when every choice was
// unsupported (a PAC answering only SOCKS); `notes` says why.
struct RoutePlan {
  std::vector<Route> routes;
  std::string source;  // "--no-proxy", "--proxy", "--pac proxy.pac", "https_proxy", "system",
                       // "default"
  std::vector<std::string> notes;
  // Why the PAC gave no answer for this target (its error, memory, time), which sent it DIRECT.
  std::string pac_failure;
};

struct RouteOptions {
  bool no_proxy = false;   // --no-proxy: ignore every proxy setting
  std::string proxy;       // --proxy URL
  std::string pac;         // --pac FILE|URL
  std::string proxy_user;  // --proxy-user USER:PASS for proxies that carry no credentials
  bool use_environment = true;
  bool use_system = true;
  PacLimits pac_limits;  // its deadline (the run's) bounds the fetches too
  std::chrono::milliseconds fetch_timeout{5000};
};

// The outside world the resolver reads. Pointers are borrowed; null `fetcher`/`system` mean
// "none".
struct RouteDeps {
  Environment env;
  PacEnvironment pac;
  PacFetcher* fetcher = nullptr;
  SystemProxySource* system = nullptr;
};

// Decides, for each target, the ordered routes macOS (or curl, for the environment) would use.
// Precedence, first that applies wins: --no-proxy; --proxy (NO_PROXY from the environment
// still applies, as in curl); --pac; the environment (https_proxy, http_proxy, all_proxy,
// no_proxy); the system settings (their PAC, then their HTTP/HTTPS proxies with the exceptions
// list); direct.
class RouteResolver {
 public:
  // Parses --proxy and --proxy-user, fetches and test-loads --pac, reads the system settings.
  // Errors are usage or input errors for the option at fault.
  static Result<RouteResolver> Create(RouteOptions options, RouteDeps deps);

  // One plan per target, in the same order. An error only when a --pac script cannot be run at
  // all (it timed out or crashed); a PAC runtime error for one target is a note on its plan.
  Result<std::vector<RoutePlan>> Plan(const std::vector<Target>& targets) const;

  // One line for reports: "--proxy proxy:3128", "--pac http://wpad/proxy.pac", "direct".
  std::string Describe() const;

 private:
  RouteResolver() = default;
  Result<std::vector<RoutePlan>> PlanPac(const std::vector<Target>& targets,
                                         const std::string& source, const std::string& script,
                                         const std::string& label) const;
  RoutePlan PlanFixed(const Target& target) const;
  Result<RoutePlan> PlanEnvironment(const Target& target) const;
  RoutePlan PlanSystemManual(const Target& target) const;
  void ApplyProxyUser(Route& route) const;

  RouteOptions options_;
  RouteDeps deps_;
  std::optional<ProxyServer> explicit_proxy_;
  std::optional<Credentials> proxy_user_;
  std::string pac_source_;  // the --pac script's text
  std::optional<host::SystemProxySettings> system_;
  std::string system_pac_source_;  // the system PAC's text, when it could be fetched
  std::string system_pac_error_;
  bool wpad_ = false;  // the system PAC's URL came from Auto Proxy Discovery

  std::string SystemPacLabel() const;  // "system PAC URL", "system PAC (WPAD) URL"
};

}  // namespace orchard::proxy
