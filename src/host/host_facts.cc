#include "host/host_facts.h"

#include <fmt/format.h>

#include "base/file.h"
#include "base/strings.h"
#include "host/linux_sources.h"
#include "host/scutil_dns.h"
#include "host/sw_vers.h"
#include "host/text.h"

namespace orchard::host {
namespace {

// A tool that could not run or exited non-zero becomes a line in `problems`.
std::optional<ToolOutput> Checked(Result<ToolOutput> output, std::string_view what,
                                  std::vector<std::string>& problems) {
  if (!output) {
    problems.push_back(output.error().message());
    return std::nullopt;
  }
  if (output->exit_status != 0) {
    auto lines = SplitLines(output->err);
    problems.push_back(fmt::format("{}: exit {}{}{}", what, output->exit_status,
                                   lines.empty() ? "" : ": ",
                                   lines.empty() ? "" : Trim(lines.front().text)));
    return std::nullopt;
  }
  return std::move(*output);
}

// The parsed value, or nullopt with the parse error in `problems`.
template <class T>
std::optional<T> Parsed(Result<T> parsed, std::vector<std::string>& problems) {
  if (!parsed) {
    problems.push_back(parsed.error().message());
    return std::nullopt;
  }
  return std::move(*parsed);
}

// Runs the tool, then `parse` on stdout.
template <class Parse>
auto RunAndParse(ToolRunner& runner, const std::string& program,
                 const std::vector<std::string>& args, std::vector<std::string>& problems,
                 Parse parse) {
  auto output = Checked(runner.Run(program, args), CommandLine(program, args), problems);
  using T = typename decltype(parse(std::string_view()))::value_type;
  if (!output) return std::optional<T>();
  return Parsed(parse(output->out), problems);
}

void CollectMac(ToolRunner& runner, HostFacts& facts) {
  auto& problems = facts.problems;
  if (auto vers = RunAndParse(runner, "/usr/bin/sw_vers", {}, problems, ParseSwVers)) {
    facts.os = OsInfo{vers->product_name, vers->product_version, vers->build_version};
  }
  if (auto dns = RunAndParse(runner, "/usr/sbin/scutil", {"--dns"}, problems, ParseScutilDns)) {
    for (const ScutilResolver& r : *dns) {
      if (r.nameservers.empty()) continue;
      facts.resolvers.push_back(HostResolver{r.nameservers, r.search_domains, r.domain, r.interface,
                                             r.section == DnsSection::kScoped || r.Scoped(),
                                             r.Supplemental(), r.port});
    }
  }
  facts.system_proxy =
      RunAndParse(runner, "/usr/sbin/scutil", {"--proxy"}, problems, ParseScutilProxy);
  if (facts.system_proxy)
    facts.system_proxy->pac_url = RedactCredentials(facts.system_proxy->pac_url);
  facts.system_extensions = RunAndParse(runner, "/usr/bin/systemextensionsctl", {"list"}, problems,
                                        ParseSystemExtensions);
  facts.mdm = RunAndParse(runner, "/usr/bin/profiles", {"status", "-type", "enrollment"}, problems,
                          ParseProfilesStatus);
  facts.configuration_profiles =
      RunAndParse(runner, "/usr/bin/profiles", {"-C", "-o", "stdout-xml"}, problems,
                  ParseConfigurationProfiles);
  // An empty admin domain is reported on stderr, with a non-zero exit on most releases.
  const std::vector<std::string> trust_args{"dump-trust-settings", "-d"};
  auto trust = runner.Run("/usr/bin/security", trust_args);
  if (trust && SaysNoTrustSettings(trust->err) && Trim(trust->out).empty()) {
    facts.admin_trusted_certs.emplace();
  } else if (auto output = Checked(std::move(trust), CommandLine("/usr/bin/security", trust_args),
                                   problems)) {
    facts.admin_trusted_certs = Parsed(ParseTrustSettings(output->out), problems);
  }
  const std::vector<std::string> keychain_args{"find-certificate", "-a", "-p",
                                               std::string(kSystemKeychain)};
  if (auto output = Checked(runner.Run("/usr/bin/security", keychain_args),
                            CommandLine("/usr/bin/security", keychain_args), problems)) {
    facts.system_keychain_pem = std::move(output->out);
  }
}

void CollectLinux(const HostEnvironment& env, HostFacts& facts) {
  if (auto text = ReadFile(env.os_release); !text) {
    facts.problems.push_back(text.error().message());
  } else if (auto release = ParseOsRelease(*text); !release) {
    facts.problems.push_back(release.error().WithContext(env.os_release.string()).message());
  } else {
    facts.os = OsInfo{release->name, release->version_id, release->build_id};
  }
  if (auto text = ReadFile(env.resolv_conf); !text) {
    facts.problems.push_back(text.error().message());
  } else if (auto conf = ParseResolvConf(*text); !conf) {
    facts.problems.push_back(conf.error().WithContext(env.resolv_conf.string()).message());
  } else if (!conf->nameservers.empty()) {
    facts.resolvers.push_back(
        HostResolver{conf->nameservers, conf->search_domains, "", "", false, false, {}});
  }
  facts.proxy_environment = ProxyVariablesFrom(env.proxy_variables);
  if (auto folder = ReadLocalCaFolder(env.local_ca_dir); !folder) {
    facts.problems.push_back(folder.error().message());
  } else {
    facts.local_ca_certificates = std::move(folder->certificates);
    facts.problems.insert(facts.problems.end(), folder->problems.begin(), folder->problems.end());
  }
}

}  // namespace

std::string_view ToString(Platform platform) {
  return platform == Platform::kMacOS ? "macos" : "linux";
}

Platform CurrentPlatform() {
#if defined(__APPLE__)
  return Platform::kMacOS;
#else
  return Platform::kLinux;
#endif
}

std::string HostSummary(const HostFacts& facts) {
  std::string line(ToString(facts.platform));  // all there is when sw_vers was not read
  if (!facts.os.name.empty()) {
    line = fmt::format("{} {}", facts.os.name, facts.os.version);
    if (!facts.os.build.empty()) line += fmt::format(" ({})", facts.os.build);
  }
  if (facts.mdm) line += facts.mdm->enrolled ? ", MDM enrolled" : ", not MDM enrolled";
  if (facts.configuration_profiles) {
    size_t n = facts.configuration_profiles->size();
    line += fmt::format(", {} configuration profile{}", n, n == 1 ? "" : "s");
  }
  if (facts.system_extensions) {
    size_t n = facts.system_extensions->size();
    line += fmt::format(", {} system extension{}", n, n == 1 ? "" : "s");
  }
  return line;
}

HostFacts CollectHostFacts(ToolRunner& runner, const HostEnvironment& env) {
  HostFacts facts;
  facts.platform = env.platform;
  if (env.platform == Platform::kMacOS) {
    CollectMac(runner, facts);
  } else {
    CollectLinux(env, facts);
  }
  return facts;
}

}  // namespace orchard::host
