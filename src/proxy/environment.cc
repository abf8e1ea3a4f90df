#include "proxy/environment.h"

#include <fmt/format.h>

#include "base/strings.h"
#include "proxy/host_match.h"

extern char** environ;

namespace orchard::proxy {
namespace {

const std::string* Get(const Environment& env, std::string_view name) {
  auto it = env.find(name);
  if (it == env.end() || Trim(it->second).empty()) return nullptr;
  return &it->second;
}

// Strips ":port" from a name entry, or "[addr]:port" / "[addr]" brackets from an IPv6 entry.
std::string_view WithoutPort(std::string_view entry) {
  if (entry.starts_with("[")) {
    auto close = entry.find(']');
    if (close != std::string_view::npos) {
      std::string_view inside = entry.substr(1, close - 1);
      std::string_view rest = entry.substr(close + 1);
      // Keep a "/bits" suffix written after the brackets.
      if (rest.starts_with("/")) return entry;  // handled by the caller's block parse
      return inside;
    }
  }
  auto colon = entry.find(':');
  if (colon != std::string_view::npos && entry.find(':', colon + 1) == std::string_view::npos) {
    return entry.substr(0, colon);  // one colon: name:port or v4:port
  }
  return entry;  // no colon, or an IPv6 literal
}

}  // namespace

Environment ProcessEnvironment() {
  Environment env;
  for (char** p = environ; p != nullptr && *p != nullptr; ++p) {
    std::string_view entry(*p);
    auto eq = entry.find('=');
    if (eq == std::string_view::npos) continue;
    env.emplace(std::string(entry.substr(0, eq)), std::string(entry.substr(eq + 1)));
  }
  return env;
}

std::string NoProxyValue(const Environment& env) {
  if (const std::string* v = Get(env, "no_proxy")) return *v;
  if (const std::string* v = Get(env, "NO_PROXY")) return *v;
  return "";
}

std::optional<std::string> MatchNoProxy(std::string_view no_proxy, std::string_view host_in) {
  std::string_view list = Trim(no_proxy);
  if (list.empty()) return std::nullopt;
  if (list == "*") return std::string("*");
  std::string host = NormalizeHost(host_in);
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  }
  std::optional<IpAddress> host_ip = ParseIp(host);
  while (!list.empty()) {
    auto comma = list.find(',');
    std::string_view raw = Trim(list.substr(0, comma));
    list = comma == std::string_view::npos ? std::string_view() : list.substr(comma + 1);
    if (raw.empty()) continue;
    if (host_ip) {
      std::string_view entry = raw;
      if (entry.starts_with("[")) {
        // "[::1]", "[::1]:80", "[fe80::]/10"
        auto close = entry.find(']');
        if (close == std::string_view::npos) continue;
        std::string rebuilt(entry.substr(1, close - 1));
        std::string_view rest = entry.substr(close + 1);
        if (rest.starts_with("/")) rebuilt += rest;
        auto block = ParseIpBlock(rebuilt);
        if (block && InBlock(*host_ip, *block)) return std::string(raw);
        continue;
      }
      auto block = ParseIpBlock(WithoutPort(entry));
      if (block && InBlock(*host_ip, *block)) return std::string(raw);
      continue;
    }
    std::string_view entry = WithoutPort(raw);
    if (ParseIpBlock(entry)) continue;  // an address entry never matches a name
    if (DomainMatches(host, entry)) return std::string(raw);
  }
  return std::nullopt;
}

Result<EnvironmentChoice> ProxyFromEnvironment(const Environment& env, std::string_view scheme,
                                               std::string_view host) {
  std::string lower = AsciiLower(scheme) + "_proxy";
  std::string variable;
  const std::string* value = Get(env, lower);
  if (value != nullptr) {
    variable = lower;
  } else if (lower != "http_proxy") {
    std::string upper = AsciiUpper(lower);
    value = Get(env, upper);
    if (value != nullptr) variable = upper;
  }
  if (value == nullptr) {
    for (const char* name : {"all_proxy", "ALL_PROXY"}) {
      value = Get(env, name);
      if (value != nullptr) {
        variable = name;
        break;
      }
    }
  }
  EnvironmentChoice choice;
  if (value == nullptr) return choice;
  choice.variable = variable;
  if (auto entry = MatchNoProxy(NoProxyValue(env), host)) {
    choice.no_proxy_entry = *entry;
    return choice;
  }
  auto server = ParseProxyUrl(*value, variable);
  if (!server) return tl::unexpected(server.error());
  choice.proxy = std::move(*server);
  return choice;
}

}  // namespace orchard::proxy
