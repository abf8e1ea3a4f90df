#pragma once

#include <array>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "base/error.h"

// The proxy in effect on Linux is the environment: the variables src/proxy/environment.h
// honours. Facts keep them with any credentials redacted, and so does a saved folder.
namespace orchard::host {

inline constexpr std::array<std::string_view, 8> kProxyVariables = {
    "http_proxy", "https_proxy", "all_proxy", "no_proxy",
    "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY"};

// A proxy variable that is set (never empty: an empty value counts as unset, as in curl).
struct ProxyVariable {
  std::string name;   // "https_proxy"
  std::string value;  // credentials redacted: "http://***@proxy:3128"
};

// This process's kProxyVariables that are set and not empty (production wiring only; tests
// give HostEnvironment their own map).
std::map<std::string, std::string> ProcessProxyVariables();

// The variables of `variables` that kProxyVariables names and that are not empty, in
// kProxyVariables' order, values redacted and any line break turned into a space (so each
// stays one line of a saved folder).
std::vector<ProxyVariable> ProxyVariablesFrom(const std::map<std::string, std::string>& variables);

// "http://user:pass@proxy:3128" -> "http://***@proxy:3128"; "user:pass@proxy:3128" (a scheme
// is optional in proxy variables) -> "***@proxy:3128". A value with no "@" in its authority
// comes back as it is.
std::string RedactCredentials(std::string_view url);

// Every "scheme://user@host" in `text` (a tool's whole output) with its credentials redacted.
std::string RedactUrlCredentials(std::string_view text);

// The folder's proxy-environment file: one NAME=value line per variable.
std::string FormatProxyEnvironment(const std::vector<ProxyVariable>& variables);
// Blank lines are skipped; a line that is not NAME=value with a kProxyVariables name is an
// error naming the line.
Result<std::vector<ProxyVariable>> ParseProxyEnvironment(std::string_view text);

}  // namespace orchard::host
