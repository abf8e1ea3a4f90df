#include "host/host_json.h"

#include <boost/json/array.hpp>

#include "base/json.h"

namespace orchard::host {
namespace {

boost::json::object SystemProxyToJson(const SystemProxySettings& s) {
  return {{"pac_url", s.pac_url},
          {"auto_discovery", s.auto_discovery},
          {"http", ServerName(s.http)},
          {"https", ServerName(s.https)},
          {"socks", ServerName(s.socks)},
          {"exceptions", JsonStrings(s.exceptions)},
          {"exclude_simple_hostnames", s.exclude_simple_hostnames}};
}

}  // namespace

boost::json::object HostFactsToJson(const HostFacts& facts) {
  boost::json::object doc;
  doc["platform"] = ToString(facts.platform);
  doc["os"] = {{"name", facts.os.name}, {"version", facts.os.version}, {"build", facts.os.build}};
  boost::json::array resolvers;
  for (const HostResolver& r : facts.resolvers) {
    resolvers.push_back({{"nameservers", JsonStrings(r.nameservers)},
                         {"search_domains", JsonStrings(r.search_domains)},
                         {"domain", r.domain},
                         {"interface", r.interface},
                         {"scoped", r.scoped},
                         {"supplemental", r.supplemental}});
  }
  doc["resolvers"] = std::move(resolvers);
  if (facts.system_extensions) {
    boost::json::array extensions;
    for (const SystemExtension& e : *facts.system_extensions) {
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
  if (facts.configuration_profiles) {
    boost::json::array profiles;
    for (const ConfigurationProfile& p : *facts.configuration_profiles) {
      boost::json::array payloads;
      for (const ProfilePayload& payload : p.payloads) {
        payloads.push_back({{"type", payload.type},
                            {"identifier", payload.identifier},
                            {"display_name", payload.display_name}});
      }
      profiles.push_back({{"identifier", p.identifier},
                          {"display_name", p.display_name},
                          {"organization", p.organization},
                          {"verification_state", p.verification_state},
                          {"install_date", p.install_date},
                          {"payloads", std::move(payloads)}});
    }
    doc["configuration_profiles"] = std::move(profiles);
  }
  if (facts.admin_trusted_certs) {
    boost::json::array certs;
    for (const TrustedCert& c : *facts.admin_trusted_certs) {
      certs.push_back({{"name", c.name}, {"trust_settings", c.trust_settings}});
    }
    doc["admin_trusted_certificates"] = std::move(certs);
  }
  if (facts.system_proxy) doc["system_proxy"] = SystemProxyToJson(*facts.system_proxy);
  if (facts.proxy_environment) {
    boost::json::array variables;
    for (const ProxyVariable& v : *facts.proxy_environment) {
      variables.push_back({{"name", v.name}, {"value", v.value}});
    }
    doc["proxy_environment"] = std::move(variables);
  }
  if (facts.local_ca_certificates) {
    boost::json::array certs;
    for (const LocalCaCertificate& c : *facts.local_ca_certificates) {
      certs.push_back({{"subject", c.subject}, {"file", c.file}});
    }
    doc["local_ca_certificates"] = std::move(certs);
  }
  doc["problems"] = JsonStrings(facts.problems);
  return doc;
}

}  // namespace orchard::host
