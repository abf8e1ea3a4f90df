// orchard host: what orchard knows about this machine (OS, DNS resolvers, the proxy in effect,
// system extensions, MDM enrolment and configuration profiles, trusted non-system certificates),
// as text or JSON.
#include <fmt/format.h>

#include <boost/json/serialize.hpp>
#include <iostream>
#include <string>
#include <vector>

#include "base/strings.h"
#include "cli/command.h"
#include "cli/options.h"
#include "host/host_facts.h"
#include "host/host_folder.h"
#include "host/host_json.h"

namespace orchard::cli {
namespace {

// The proxy in effect: macOS's system settings, or Linux's environment; "none" when the fact
// was read and holds nothing, no line when it was not read.
std::string RenderProxy(const host::HostFacts& facts) {
  if (facts.system_proxy) {
    const host::SystemProxySettings& s = *facts.system_proxy;
    if (s.Empty()) return "proxy     none\n";
    std::string out = "proxy\n";
    if (!s.pac_url.empty()) out += fmt::format("  pac        {}\n", s.pac_url);
    if (s.auto_discovery) out += "  wpad       on (Auto Proxy Discovery)\n";
    for (auto [name, server] : {std::pair{"http ", &s.http}, std::pair{"https", &s.https},
                                std::pair{"socks", &s.socks}}) {
      if (*server) out += fmt::format("  {}      {}\n", name, host::ServerName(*server));
    }
    std::vector<std::string> exceptions = s.exceptions;
    if (s.exclude_simple_hostnames) exceptions.push_back("(simple host names)");
    if (!exceptions.empty()) out += fmt::format("  exceptions {}\n", Join(exceptions, " "));
    return out;
  }
  if (facts.proxy_environment) {
    if (facts.proxy_environment->empty()) return "proxy     none (no proxy variables set)\n";
    std::string out = "proxy     environment\n";
    for (const host::ProxyVariable& v : *facts.proxy_environment) {
      out += fmt::format("  {}={}\n", v.name, v.value);
    }
    return out;
  }
  return "";
}

std::string RenderText(const host::HostFacts& facts) {
  std::string out = fmt::format("platform  {}\n", host::ToString(facts.platform));
  std::string build = facts.os.build.empty() ? "" : fmt::format(" ({})", facts.os.build);
  out += fmt::format("os        {} {}{}\n", facts.os.name, facts.os.version, build);
  out += "resolvers\n";
  for (const host::HostResolver& r : facts.resolvers) {
    std::string where = r.interface.empty() ? "" : r.interface + " ";
    if (r.scoped) where += "scoped ";
    if (r.supplemental) where += "supplemental ";
    if (!r.domain.empty()) where += "for " + r.domain + " ";
    out += fmt::format("  {}{}", where, Join(r.nameservers, " "));
    if (!r.search_domains.empty()) out += " (search " + Join(r.search_domains, " ") + ")";
    out += "\n";
  }
  out += RenderProxy(facts);
  if (facts.system_extensions) {
    out += fmt::format("system extensions ({})\n", facts.system_extensions->size());
    for (const host::SystemExtension& e : *facts.system_extensions) {
      out += fmt::format("  {} {} ({}) \"{}\" [{}]\n", e.team_id, e.bundle_id, e.version, e.name,
                         e.state);
    }
  }
  if (facts.mdm) {
    std::string how = !facts.mdm->enrolled       ? "not enrolled"
                      : facts.mdm->user_approved ? "enrolled, user approved"
                                                 : "enrolled, not user approved";
    if (facts.mdm->dep) how += ", via DEP";
    if (!facts.mdm->server.empty()) how += ", server " + facts.mdm->server;
    out += fmt::format("mdm       {}\n", how);
  }
  if (facts.configuration_profiles) {
    out += fmt::format("configuration profiles ({})\n", facts.configuration_profiles->size());
    for (const host::ConfigurationProfile& p : *facts.configuration_profiles) {
      std::vector<std::string> about;
      for (const std::string* s : {&p.organization, &p.verification_state}) {
        if (!s->empty()) about.push_back(*s);
      }
      std::vector<std::string> types;
      for (const host::ProfilePayload& payload : p.payloads) types.push_back(payload.type);
      out += fmt::format("  {}{}{}: {}\n", p.identifier,
                         p.display_name.empty() ? "" : " \"" + p.display_name + "\"",
                         about.empty() ? "" : " (" + Join(about, ", ") + ")",
                         types.empty() ? "no payloads" : Join(types, " "));
    }
  }
  if (facts.admin_trusted_certs) {
    out += fmt::format("admin-trusted certificates ({})\n", facts.admin_trusted_certs->size());
    for (const host::TrustedCert& c : *facts.admin_trusted_certs) {
      out += fmt::format("  {} ({} trust settings)\n", c.name, c.trust_settings);
    }
  }
  if (facts.local_ca_certificates) {
    out += fmt::format("local CA certificates ({})\n", facts.local_ca_certificates->size());
    for (const host::LocalCaCertificate& c : *facts.local_ca_certificates) {
      out += fmt::format("  {} ({})\n", c.subject, c.file);
    }
  }
  for (const std::string& problem : facts.problems) out += "problem   " + problem + "\n";
  // Subjects, names and paths come from the machine's files and tools: no control or bidi
  // character reaches the terminal, as in every report.
  return CleanText(out);
}

std::string RenderJson(const host::HostFacts& facts) {
  return boost::json::serialize(host::HostFactsToJson(facts)) + "\n";
}

struct HostFormat {
  std::string_view name;
  std::string (*render)(const host::HostFacts&);
};
constexpr HostFormat kHostFormats[] = {{"text", &RenderText}, {"json", &RenderJson}};

class HostCommand : public Command {
 public:
  explicit HostCommand(CLI::App& parent) {
    CLI::App* sub = parent.add_subcommand(
        "host",
        "What orchard reads about this machine: OS, DNS resolvers, proxy, system extensions, "
        "MDM enrolment and profiles, trusted non-system certificates");
    std::vector<std::string> names;
    for (const HostFormat& f : kHostFormats) names.emplace_back(f.name);
    AddFormatOption(*sub, format_, names, "Output format (default: text)");
    // Test seams: where the Linux facts are read from.
    sub->add_option("--os-release", env_.os_release, "os-release file")->group("");
    sub->add_option("--resolv-conf", env_.resolv_conf, "resolv.conf file")->group("");
    sub->add_option("--ca-certificates", env_.local_ca_dir, "update-ca-certificates' folder")
        ->group("");
    auto* save = sub->add_option("--save", save_,
                                 "Also keep the raw outputs read, one file per tool, in DIR "
                                 "(for --host-facts later, or to attach to a ticket)")
                     ->type_name("DIR");
    sub->add_option("--host-facts", host_facts_,
                    "Read the facts from a folder --save made instead of from this machine")
        ->type_name("DIR")
        ->excludes(save);
    SetFooter(*sub,
              {{"orchard host", "This machine's facts as text"},
               {"orchard host --format json", "The same as one JSON object"},
               {"orchard host --save mac-facts", "Also keep what Apple's tools printed"},
               {"orchard host --host-facts mac-facts", "Read those outputs back, on any machine"}},
              {{0, "the facts were printed (a tool that failed is listed under problems)"},
               {2, "usage error, or the --save or --host-facts folder could not be used"},
               {3, "internal error"}});
  }

  int Run() override {
    host::ProcessToolRunner runner;
    Result<host::HostFacts> facts = !host_facts_.empty() ? host::LoadHostFacts(host_facts_)
                                    : !save_.empty()
                                        ? host::CollectAndSaveHostFacts(runner, env_, save_)
                                        : host::CollectHostFacts(runner, env_);
    if (!facts) return Fail("host", facts.error());
    for (const HostFormat& f : kHostFormats) {
      if (f.name == format_) std::cout << f.render(*facts) << std::flush;
    }
    return 0;
  }

 private:
  std::string format_ = "text";
  host::HostEnvironment env_;
  std::string save_;
  std::string host_facts_;
};

}  // namespace

std::unique_ptr<Command> MakeHostCommand(CLI::App& parent) {
  return std::make_unique<HostCommand>(parent);
}

}  // namespace orchard::cli
