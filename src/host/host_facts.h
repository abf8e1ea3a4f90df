#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "host/configuration_profiles.h"
#include "host/local_ca.h"
#include "host/profiles_status.h"
#include "host/proxy_environment.h"
#include "host/scutil_proxy.h"
#include "host/system_extensions.h"
#include "host/tool_runner.h"
#include "host/trust_settings.h"

namespace orchard::host {

inline constexpr std::string_view kSystemKeychain = "/Library/Keychains/System.keychain";

enum class Platform { kMacOS, kLinux };
std::string_view ToString(Platform platform);
// The platform this binary was built for.
Platform CurrentPlatform();

// Where the facts come from. Production uses the defaults; tests point the paths at temp
// files and may pick the other platform, so the macOS path runs on Linux against fixtures.
struct HostEnvironment {
  Platform platform = CurrentPlatform();
  std::filesystem::path os_release = "/etc/os-release";
  std::filesystem::path resolv_conf = "/etc/resolv.conf";
  std::filesystem::path local_ca_dir = std::filesystem::path(kLocalCaDir);
  // The proxy variables in effect (this process's; tests and folders give their own).
  std::map<std::string, std::string> proxy_variables = ProcessProxyVariables();
};

struct OsInfo {
  std::string name;     // "macOS", "Debian GNU/Linux"
  std::string version;  // "14.0", "12"
  std::string build;    // "23A344"; empty where the OS has none
};

// A unicast DNS resolver (multicast ones, which have no nameserver, are left out).
struct HostResolver {
  std::vector<std::string> nameservers;
  std::vector<std::string> search_domains;
  std::string domain;     // the domain a supplemental (split DNS) resolver answers for
  std::string interface;  // "en0", "utun3"
  bool scoped = false;
  bool supplemental = false;
  std::optional<unsigned long> port;  // "port : 5353"; absent means 53
};

// What orchard knows about the machine it runs on. A fact the platform does not have (system
// extensions on Linux) is nullopt and not a problem; a tool that failed where it should work
// leaves its fact nullopt and says why in `problems`.
struct HostFacts {
  Platform platform = Platform::kLinux;
  OsInfo os;
  std::vector<HostResolver> resolvers;
  std::optional<std::vector<SystemExtension>> system_extensions;
  std::optional<MdmEnrollment> mdm;
  // macOS: the configuration profiles installed for the computer, with their payloads' types.
  std::optional<std::vector<ConfigurationProfile>> configuration_profiles;
  std::optional<std::vector<TrustedCert>> admin_trusted_certs;
  // The System keychain's certificates as concatenated PEM blocks (what MDM profiles install);
  // trusted by the TLS checks as --ca-file certificates are. Not parsed here.
  std::optional<std::string> system_keychain_pem;
  // macOS: the system proxy settings (`scutil --proxy`); a PAC URL's credentials redacted.
  std::optional<SystemProxySettings> system_proxy;
  // Linux: the proxy variables set (empty: none), credentials redacted.
  std::optional<std::vector<ProxyVariable>> proxy_environment;
  // Linux: the CAs an administrator added for update-ca-certificates. Reported only, not
  // trusted by check as the Mac's System keychain is: once update-ca-certificates has run they
  // are in OpenSSL's default bundle already, and until it has, nothing on the machine trusts
  // them, so trusting them here would report trust the machine does not have.
  std::optional<std::vector<LocalCaCertificate>> local_ca_certificates;
  std::vector<std::string> problems;
};

// Runs the platform's tools (macOS: sw_vers, scutil --dns, scutil --proxy, systemextensionsctl
// list, profiles status -type enrollment, profiles -C -o stdout-xml, security
// dump-trust-settings -d, security find-certificate -a -p /Library/Keychains/System.keychain) or
// reads its files and environment (Linux: os-release, resolv.conf, the proxy variables,
// /usr/local/share/ca-certificates). Never fails as a whole: each fact stands alone.
HostFacts CollectHostFacts(ToolRunner& runner, const HostEnvironment& env = {});

// One line for a report header: "macOS 14.4 (23E214), MDM enrolled, 5 configuration profiles,
// 3 system extensions"; facts that are absent are left out.
std::string HostSummary(const HostFacts& facts);

}  // namespace orchard::host
