#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "base/error.h"
#include "proxy/proxy_url.h"

namespace orchard::proxy {

// The process environment as a value, so tests never read the real environ.
using Environment = std::map<std::string, std::string, std::less<>>;

// A copy of the real process environment (production wiring only).
Environment ProcessEnvironment();

// The proxy the environment picks for one target, with curl's rules.
struct EnvironmentChoice {
  std::optional<ProxyServer> proxy;  // nullopt: go direct
  std::string variable;              // the variable that chose the proxy ("https_proxy")
  std::string no_proxy_entry;        // the NO_PROXY entry that sent the target direct, if any
};

// curl's rules: `<scheme>_proxy` in lowercase, then in uppercase except HTTP_PROXY (a CGI
// program's environment carries the request's "Proxy:" header as HTTP_PROXY, so curl never
// trusts it); then all_proxy, ALL_PROXY. An empty value counts as unset. no_proxy (then
// NO_PROXY) is checked only when a proxy was found. A malformed proxy URL is an error naming the
// variable.
Result<EnvironmentChoice> ProxyFromEnvironment(const Environment& env, std::string_view scheme,
                                               std::string_view host);

// The value of no_proxy, else NO_PROXY ("" when neither is set).
std::string NoProxyValue(const Environment& env);

// Whether `host` matches a NO_PROXY list, with curl's rules: the whole value "*" matches every
// host; entries are separated by commas (spaces around them are ignored); a name entry matches
// the host itself and its subdomains, with or without a leading "." (and "*." is read as "."); an
// address entry, optionally with a /prefix, matches addresses inside it when the host is an
// address literal. Ports are not compared: a ":port" suffix on an entry is ignored. Returns the
// matching entry, or nullopt.
std::optional<std::string> MatchNoProxy(std::string_view no_proxy, std::string_view host);

}  // namespace orchard::proxy
