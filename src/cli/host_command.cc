// orchard host: what orchard knows about this machine (OS, DNS resolvers, system extensions,
// MDM enrolment, admin-trusted certificates), as text or JSON.
#include <fmt/format.h>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>
#include <iostream>
#include <string>
#include <vector>

#include "cli/command.h"
#include "cli/options.h"
#include "host/host_facts.h"

namespace orchard::cli {
namespace {

std::string Join(const std::vector<std::string>& items, std::string_view separator) {
  std::string out;
  for (const auto& item : items) out += (out.empty() ? "" : std::string(separator)) + item;
  return out;
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
  if (facts.admin_trusted_certs) {
    out += fmt::format("admin-trusted certificates ({})\n", facts.admin_trusted_certs->size());
    for (const host::TrustedCert& c : *facts.admin_trusted_certs) {
      out += fmt::format("  {} ({} trust settings)\n", c.name, c.trust_settings);
    }
  }
  for (const std::string& problem : facts.problems) out += "problem   " + problem + "\n";
  return out;
}

boost::json::array Strings(const std::vector<std::string>& items) {
  return boost::json::array(items.begin(), items.end());
}

// Facts the platform does not have are left out, not null.
std::string RenderJson(const host::HostFacts& facts) {
  boost::json::object doc;
  doc["platform"] = host::ToString(facts.platform);
  doc["os"] = {{"name", facts.os.name}, {"version", facts.os.version}, {"build", facts.os.build}};
  boost::json::array resolvers;
  for (const host::HostResolver& r : facts.resolvers) {
    resolvers.push_back({{"nameservers", Strings(r.nameservers)},
                         {"search_domains", Strings(r.search_domains)},
                         {"domain", r.domain},
                         {"interface", r.interface},
                         {"scoped", r.scoped},
                         {"supplemental", r.supplemental}});
  }
  doc["resolvers"] = std::move(resolvers);
  if (facts.system_extensions) {
    boost::json::array extensions;
    for (const host::SystemExtension& e : *facts.system_extensions) {
      extensions.push_back({{"category", e.category},
                            {"enabled", e.enabled},
                            {"active", e.active},
                            {"team_id", e.team_id},
                            {"bundle_id", e.bundle_id},
                            {"version", e.version},
                            {"name", e.name},
                            {"state", e.state}});
    }
    doc["system_extensions"] = std::move(extensions);
  }
  if (facts.mdm) {
    doc["mdm"] = {{"dep", facts.mdm->dep},
                  {"enrolled", facts.mdm->enrolled},
                  {"user_approved", facts.mdm->user_approved},
                  {"server", facts.mdm->server}};
  }
  if (facts.admin_trusted_certs) {
    boost::json::array certs;
    for (const host::TrustedCert& c : *facts.admin_trusted_certs) {
      certs.push_back({{"name", c.name}, {"trust_settings", c.trust_settings}});
    }
    doc["admin_trusted_certificates"] = std::move(certs);
  }
  doc["problems"] = Strings(facts.problems);
  return boost::json::serialize(doc) + "\n";
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
        "What orchard reads about this machine: OS, DNS resolvers, system extensions, "
        "MDM enrolment, admin-trusted certificates");
    std::vector<std::string> names;
    for (const HostFormat& f : kHostFormats) names.emplace_back(f.name);
    AddFormatOption(*sub, format_, names, "Output format (default: text)");
    // Test seams: where the Linux facts are read from.
    sub->add_option("--os-release", env_.os_release, "os-release file")->group("");
    sub->add_option("--resolv-conf", env_.resolv_conf, "resolv.conf file")->group("");
    SetFooter(*sub,
              {{"orchard host", "This machine's facts as text"},
               {"orchard host --format json", "The same as one JSON object"}},
              {{0, "the facts were printed (a tool that failed is listed under problems)"},
               {2, "usage error"},
               {3, "internal error"}});
  }

  int Run() override {
    host::ProcessToolRunner runner;
    host::HostFacts facts = host::CollectHostFacts(runner, env_);
    for (const HostFormat& f : kHostFormats) {
      if (f.name == format_) std::cout << f.render(facts) << std::flush;
    }
    return 0;
  }

 private:
  std::string format_ = "text";
  host::HostEnvironment env_;
};

}  // namespace

std::unique_ptr<Command> MakeHostCommand(CLI::App& parent) {
  return std::make_unique<HostCommand>(parent);
}

}  // namespace orchard::cli
