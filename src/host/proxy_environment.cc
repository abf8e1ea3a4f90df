#include "host/proxy_environment.h"

#include <algorithm>
#include <cstdlib>

#include "base/strings.h"
#include "host/text.h"

namespace orchard::host {
namespace {

bool IsProxyVariable(std::string_view name) {
  return std::find(kProxyVariables.begin(), kProxyVariables.end(), name) != kProxyVariables.end();
}

// Where the authority of the URL that starts at `from` ends (the first "/?#", whitespace or
// end of text).
size_t AuthorityEnd(std::string_view text, size_t from) {
  size_t end = text.find_first_of("/?# \t\r\n", from);
  return end == std::string_view::npos ? text.size() : end;
}

}  // namespace

std::map<std::string, std::string> ProcessProxyVariables() {
  std::map<std::string, std::string> out;
  for (std::string_view name : kProxyVariables) {
    const char* value = std::getenv(std::string(name).c_str());
    if (value != nullptr && *value != '\0') out.emplace(name, value);
  }
  return out;
}

std::vector<ProxyVariable> ProxyVariablesFrom(const std::map<std::string, std::string>& variables) {
  std::vector<ProxyVariable> out;
  for (std::string_view name : kProxyVariables) {
    auto it = variables.find(std::string(name));
    if (it == variables.end() || it->second.empty()) continue;
    std::string value = RedactCredentials(it->second);
    std::replace_if(
        value.begin(), value.end(), [](char c) { return c == '\n' || c == '\r'; }, ' ');
    out.push_back({std::string(name), std::move(value)});
  }
  return out;
}

std::string RedactCredentials(std::string_view url) {
  size_t scheme = url.find("://");
  size_t start = scheme == std::string_view::npos ? 0 : scheme + 3;
  size_t end = AuthorityEnd(url, start);
  size_t at = url.substr(start, end - start).rfind('@');
  if (at == std::string_view::npos) return std::string(url);
  return std::string(url.substr(0, start)) + "***" + std::string(url.substr(start + at));
}

std::string RedactUrlCredentials(std::string_view text) {
  std::string out;
  size_t done = 0;
  for (size_t scheme = text.find("://"); scheme != std::string_view::npos;
       scheme = text.find("://", scheme + 3)) {
    size_t start = scheme + 3;
    size_t end = AuthorityEnd(text, start);
    size_t at = text.substr(start, end - start).rfind('@');
    if (at == std::string_view::npos) continue;
    out += text.substr(done, start - done);
    out += "***";
    done = start + at;
  }
  out += text.substr(done);
  return out;
}

std::string FormatProxyEnvironment(const std::vector<ProxyVariable>& variables) {
  std::string out;
  for (const ProxyVariable& v : variables) out += v.name + "=" + v.value + "\n";
  return out;
}

Result<std::vector<ProxyVariable>> ParseProxyEnvironment(std::string_view text) {
  std::vector<ProxyVariable> out;
  for (const Line& line : SplitLines(text)) {
    if (Trim(line.text).empty()) continue;
    auto eq = line.text.find('=');
    std::string_view name = eq == std::string_view::npos ? line.text : line.text.substr(0, eq);
    if (eq == std::string_view::npos || !IsProxyVariable(name)) {
      return LineError("proxy-environment", line.number,
                       "expected NAME=value with a proxy variable's name");
    }
    out.push_back({std::string(name), std::string(line.text.substr(eq + 1))});
  }
  return out;
}

}  // namespace orchard::host
