#include "host/host_json.h"

#include <fmt/format.h>

#include <boost/json/array.hpp>
#include <charconv>

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

// "host:port" or "[v6]:port" back into a server; "" is none. A malformed one fails `in`.
std::optional<SystemProxyServer> ServerFromName(const std::string& name, const std::string& path,
                                                JsonReader& in) {
  if (name.empty()) return std::nullopt;
  const size_t colon = name.rfind(':');
  std::string host = colon == std::string::npos ? "" : name.substr(0, colon);
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  }
  unsigned port = 0;
  const char* end = name.data() + name.size();
  auto [ptr, ec] = colon == std::string::npos
                       ? std::from_chars_result{end, std::errc::invalid_argument}
                       : std::from_chars(name.data() + colon + 1, end, port);
  if (host.empty() || ec != std::errc() || ptr != end || port == 0 || port > 65535) {
    in.Fail(path, "expected \"host:port\"");
    return std::nullopt;
  }
  return SystemProxyServer{std::move(host), static_cast<uint16_t>(port)};
}

// Each object of the array `key` of `o`, with its path; a member that is no object fails `in`.
template <class F>
void EachObject(const boost::json::object& o, std::string_view key, const std::string& path,
                JsonReader& in, F f) {
  const boost::json::array* a = in.Array(o, key, path);
  for (size_t i = 0; a && i < a->size() && in.ok(); ++i) {
    const std::string at = fmt::format("{}[{}]", path, i);
    if (const boost::json::object* item = in.Object(&(*a)[i], at, false)) f(*item, at);
  }
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

HostFacts HostFactsFromJson(const boost::json::object& o, const std::string& path, JsonReader& in) {
  HostFacts f;
  auto p = [&](std::string_view key) { return fmt::format("{}.{}", path, key); };
  f.platform = in.Enum(
      o, "platform", p("platform"), "platform",
      [](std::string_view name) -> std::optional<Platform> {
        if (name == ToString(Platform::kMacOS)) return Platform::kMacOS;
        if (name == ToString(Platform::kLinux)) return Platform::kLinux;
        return std::nullopt;
      },
      Platform::kLinux);
  if (const auto* os = in.Object(o.if_contains("os"), p("os"), true)) {
    f.os.name = in.String(*os, "name", p("os.name"));
    f.os.version = in.String(*os, "version", p("os.version"));
    f.os.build = in.String(*os, "build", p("os.build"));
  }
  EachObject(o, "resolvers", p("resolvers"), in, [&](const auto& r, const std::string& at) {
    HostResolver& out = f.resolvers.emplace_back();
    out.nameservers = in.Strings(r, "nameservers", at + ".nameservers");
    out.search_domains = in.Strings(r, "search_domains", at + ".search_domains");
    out.domain = in.String(r, "domain", at + ".domain");
    out.interface = in.String(r, "interface", at + ".interface");
    out.scoped = in.Bool(r, "scoped", at + ".scoped");
    out.supplemental = in.Bool(r, "supplemental", at + ".supplemental");
  });
  if (o.contains("system_extensions")) {
    f.system_extensions.emplace();
    EachObject(o, "system_extensions", p("system_extensions"), in,
               [&](const auto& e, const std::string& at) {
                 SystemExtension& out = f.system_extensions->emplace_back();
                 out.category = in.String(e, "category", at + ".category");
                 out.enabled = in.Bool(e, "enabled", at + ".enabled");
                 out.active = in.Bool(e, "active", at + ".active");
                 out.team_id = in.String(e, "team_id", at + ".team_id");
                 out.bundle_id = in.String(e, "bundle_id", at + ".bundle_id");
                 out.version = in.String(e, "version", at + ".version");
                 out.name = in.String(e, "name", at + ".name");
                 out.state = in.String(e, "state", at + ".state");
               });
  }
  if (const auto* mdm = in.Object(o.if_contains("mdm"), p("mdm"), true)) {
    f.mdm = MdmEnrollment{in.Bool(*mdm, "dep", p("mdm.dep")),
                          in.Bool(*mdm, "enrolled", p("mdm.enrolled")),
                          in.Bool(*mdm, "user_approved", p("mdm.user_approved")),
                          in.String(*mdm, "server", p("mdm.server"))};
  }
  if (o.contains("configuration_profiles")) {
    f.configuration_profiles.emplace();
    EachObject(
        o, "configuration_profiles", p("configuration_profiles"), in,
        [&](const auto& c, const std::string& at) {
          ConfigurationProfile& out = f.configuration_profiles->emplace_back();
          out.identifier = in.String(c, "identifier", at + ".identifier");
          out.display_name = in.String(c, "display_name", at + ".display_name");
          out.organization = in.String(c, "organization", at + ".organization");
          out.verification_state = in.String(c, "verification_state", at + ".verification_state");
          out.install_date = in.String(c, "install_date", at + ".install_date");
          EachObject(
              c, "payloads", at + ".payloads", in, [&](const auto& y, const std::string& at2) {
                out.payloads.push_back({in.String(y, "type", at2 + ".type"),
                                        in.String(y, "identifier", at2 + ".identifier"),
                                        in.String(y, "display_name", at2 + ".display_name")});
              });
        });
  }
  if (o.contains("admin_trusted_certificates")) {
    f.admin_trusted_certs.emplace();
    EachObject(o, "admin_trusted_certificates", p("admin_trusted_certificates"), in,
               [&](const auto& c, const std::string& at) {
                 TrustedCert& out = f.admin_trusted_certs->emplace_back();
                 out.name = in.String(c, "name", at + ".name");
                 out.trust_settings = static_cast<int>(
                     in.Integer(c, "trust_settings", at + ".trust_settings", 0, 1'000'000));
               });
  }
  if (const auto* sp = in.Object(o.if_contains("system_proxy"), p("system_proxy"), true)) {
    SystemProxySettings& out = f.system_proxy.emplace();
    out.pac_url = in.String(*sp, "pac_url", p("system_proxy.pac_url"));
    out.auto_discovery = in.Bool(*sp, "auto_discovery", p("system_proxy.auto_discovery"));
    for (const char* key : {"http", "https", "socks"}) {
      const std::string at = p(std::string("system_proxy.") + key);
      auto server = ServerFromName(in.String(*sp, key, at), at, in);
      (key == std::string_view("http")    ? out.http
       : key == std::string_view("https") ? out.https
                                          : out.socks) = std::move(server);
    }
    out.exceptions = in.Strings(*sp, "exceptions", p("system_proxy.exceptions"));
    out.exclude_simple_hostnames =
        in.Bool(*sp, "exclude_simple_hostnames", p("system_proxy.exclude_simple_hostnames"));
  }
  if (o.contains("proxy_environment")) {
    f.proxy_environment.emplace();
    EachObject(o, "proxy_environment", p("proxy_environment"), in,
               [&](const auto& v, const std::string& at) {
                 f.proxy_environment->push_back(
                     {in.String(v, "name", at + ".name"), in.String(v, "value", at + ".value")});
               });
  }
  if (o.contains("local_ca_certificates")) {
    f.local_ca_certificates.emplace();
    EachObject(o, "local_ca_certificates", p("local_ca_certificates"), in,
               [&](const auto& c, const std::string& at) {
                 f.local_ca_certificates->push_back({in.String(c, "subject", at + ".subject"),
                                                     in.String(c, "file", at + ".file")});
               });
  }
  f.problems = in.Strings(o, "problems", p("problems"));
  return f;
}

}  // namespace orchard::host
