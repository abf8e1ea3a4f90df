#include "proxy/system_proxy.h"

#include <cctype>
#include <cstdio>

#include "base/strings.h"
#include "proxy/host_match.h"

namespace orchard::proxy {

std::optional<std::string> MatchSystemException(const host::SystemProxySettings& settings,
                                                std::string_view host_in) {
  std::string host = NormalizeHost(host_in);
  std::optional<IpAddress> ip = ParseIp(host);
  if (settings.exclude_simple_hostnames && !ip && host.find('.') == std::string::npos) {
    return std::string("ExcludeSimpleHostnames");
  }
  for (const std::string& entry_raw : settings.exceptions) {
    std::string_view entry = Trim(entry_raw);
    if (entry.empty()) continue;
    if (auto block = ParseIpBlock(entry, /*allow_short=*/true)) {
      if (ip && InBlock(*ip, *block)) return entry_raw;
      continue;
    }
    if (entry.find_first_of("*?") != std::string_view::npos) {
      if (GlobMatches(host, entry)) return entry_raw;
      // "*.local" also covers "local" itself on macOS.
      if (entry.starts_with("*.") && host == NormalizeHost(entry.substr(2))) return entry_raw;
      continue;
    }
    if (!ip && DomainMatches(host, entry)) return entry_raw;
  }
  return std::nullopt;
}

std::string WpadUrl(const std::optional<std::string>& option) {
  if (option) {
    std::string url = *option;
    // Microsoft's DHCP server ends the string with a NUL, which macOS is known to choke on.
    while (!url.empty() &&
           (url.back() == '\0' || std::isspace(static_cast<unsigned char>(url.back())))) {
      url.pop_back();
    }
    const size_t start = url.find_first_not_of(" \t");
    url = start == std::string::npos ? std::string() : url.substr(start);
    if (url.starts_with("http://") || url.starts_with("https://")) return url;
  }
  return "http://wpad/wpad.dat";
}

std::optional<std::string> RealSystemProxySource::DhcpWpadOption() {
#if defined(__APPLE__)
  FILE* pipe = popen("/usr/sbin/ipconfig getoption \"\" 252 2>/dev/null", "r");
  if (pipe == nullptr) return std::nullopt;
  std::string out;
  char buffer[1024];
  size_t n = 0;
  while ((n = fread(buffer, 1, sizeof(buffer), pipe)) > 0 && out.size() < 8192) {
    out.append(buffer, n);
  }
  if (pclose(pipe) != 0 || out.empty()) return std::nullopt;
  return out;
#else
  return std::nullopt;
#endif
}

Result<std::optional<host::SystemProxySettings>> RealSystemProxySource::Settings() {
#if defined(__APPLE__)
  FILE* pipe = popen("/usr/sbin/scutil --proxy", "r");
  if (pipe == nullptr) return MakeError(ErrorCode::kIo, "cannot run scutil --proxy");
  std::string out;
  char buffer[4096];
  size_t n = 0;
  while ((n = fread(buffer, 1, sizeof(buffer), pipe)) > 0 && out.size() < (1 << 20)) {
    out.append(buffer, n);
  }
  int status = pclose(pipe);
  if (status != 0) return MakeError(ErrorCode::kIo, "scutil --proxy failed");
  auto settings = host::ParseScutilProxy(out);
  if (!settings) return tl::unexpected(settings.error());
  return std::optional<host::SystemProxySettings>(std::move(*settings));
#else
  return std::optional<host::SystemProxySettings>();
#endif
}

}  // namespace orchard::proxy
