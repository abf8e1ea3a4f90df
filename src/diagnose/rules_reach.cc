// What cannot be reached: certificate validation (and what that breaks), hosts behind a
// blocked CDN, blocked ports, and whatever single hosts are left.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <map>
#include <set>

#include "base/strings.h"
#include "diagnose/rules.h"

namespace orchard::diagnose {
namespace {

// The last two labels, canonical: "akamaiedge.net" for "e6858.dsce9.AkamaiEdge.net.".
std::string Domain(const std::string& name) {
  std::string n = CanonicalHostName(name);
  size_t last = n.rfind('.');
  if (last == std::string::npos || last == 0) return n;
  size_t second = n.rfind('.', last - 1);
  return second == std::string::npos ? n : n.substr(second + 1);
}

std::string CdnOf(const probe::CheckResult& r) {
  if (r.cname_chain.size() < 2) return {};
  std::string cdn = Domain(r.cname_chain.back());
  return cdn == Domain(r.cname_chain.front()) ? std::string() : cdn;
}

}  // namespace

std::optional<Diagnosis> CertValidationBlocked(Context& ctx) {
  // A portal or a dark network explains why these hosts fail, but not what that breaks: SEP's
  // System Extension stays off until they are reachable, so this is said whatever else is.
  std::vector<size_t> rows;
  for (size_t i : ctx.Bad()) {
    const auto& r = ctx.results()[i];
    if (r.reason == probe::Reason::kTlsCertTimeInvalid || r.reason == probe::Reason::kClockSkew) {
      continue;  // reached; the clock is what is wrong
    }
    if (r.category == "certificate-validation" || r.check == probe::CheckKind::kOcsp ||
        r.check == probe::CheckKind::kCrl) {
      rows.push_back(i);
    }
  }
  if (rows.empty()) return std::nullopt;
  size_t total = 0;
  for (const auto& r : ctx.results()) total += r.category == "certificate-validation";
  std::map<uint16_t, std::vector<std::string>> by_port;
  for (size_t i : rows) {
    auto& hosts = by_port[ctx.results()[i].port];
    if (std::find(hosts.begin(), hosts.end(), ctx.results()[i].host) == hosts.end()) {
      hosts.push_back(ctx.results()[i].host);
    }
  }
  Diagnosis d = ctx.Explain("cert-validation-blocked", rows, Context::Scope::kSpecific);
  d.severity = Severity::kCritical;
  d.title = fmt::format(
      "Certificate validation is blocked: {} of {} fail", d.affected.size(),
      Plural(std::max(total, d.affected.size()), "certificate host", "certificate hosts"));
  d.explanation = fmt::format(
      "macOS checks certificates (OCSP and CRL) with these hosts before it trusts signed code "
      "and TLS servers; {} fail ({}). While they do: Symantec Endpoint Protection and other "
      "security products cannot install or activate their System Extension; apps stall or fail "
      "at launch while Gatekeeper checks their signature and notarization; MDM enrollment and "
      "profile installation fail; software updates may not install.{}",
      HostList(ctx, rows, 6), ReasonCounts(ctx, rows), ExtensionsBlockedByValidation(ctx));
  d.remedy = "Allow these directly, without the proxy and without HTTPS inspection:";
  bool first = true;
  for (const auto& [port, hosts] : by_port) {
    d.remedy += fmt::format("{} TCP {} to {}", first ? "" : ";", port, fmt::join(hosts, ", "));
    first = false;
  }
  d.remedy += ".";
  d.impact = 800 + static_cast<int>(rows.size());
  return d;
}

std::optional<Diagnosis> CdnBlocked(Context& ctx) {
  std::set<std::string> working;
  // Ports that work for some host: when nothing gets through on a port (UDP 123 dropped), the
  // port is the cause, not the CDN its hosts happen to resolve through.
  std::set<std::pair<std::string, uint16_t>> open_ports;
  for (const auto& r : ctx.results()) {
    if (r.status == probe::Status::kPass) {
      if (auto cdn = CdnOf(r); !cdn.empty()) working.insert(cdn);
      open_ports.emplace(r.transport, r.port);
    }
  }
  std::map<std::string, std::vector<size_t>> groups;
  for (size_t i : ctx.Unexplained()) {
    const auto& r = ctx.results()[i];
    if (!IsConnectFailure(r.reason)) continue;
    if (!open_ports.count({r.transport, r.port})) continue;
    if (auto cdn = CdnOf(r); !cdn.empty() && !working.count(cdn)) groups[cdn].push_back(i);
  }
  std::vector<size_t> rows;
  std::vector<std::string> cdns;
  std::string example;
  for (const auto& [cdn, members] : groups) {
    std::set<std::string> hosts;
    for (size_t i : members) hosts.insert(ctx.results()[i].host);
    if (hosts.size() < 2) continue;  // one host failing says nothing about its CDN
    cdns.push_back(cdn);
    rows.insert(rows.end(), members.begin(), members.end());
    if (example.empty()) {
      example = fmt::format("{}", fmt::join(ctx.results()[members.front()].cname_chain, " -> "));
    }
  }
  if (rows.empty()) return std::nullopt;
  std::sort(rows.begin(), rows.end());
  std::string cdn_list = fmt::format("{}", fmt::join(cdns, ", "));
  Diagnosis d = ctx.Explain("cdn-blocked", rows, Context::Scope::kSpecific);
  d.severity = Severity::kHigh;
  d.title = fmt::format("Hosts served through {} are blocked ({})", cdn_list,
                        Plural(d.affected.size(), "target", "targets"));
  d.explanation = fmt::format(
      "{} resolve through CNAME chains to {} (for example {}), and every connection to them "
      "failed while hosts on other networks worked. A rule that blocks that CDN's names or "
      "address ranges stops them, and so does an allowlist that only names Apple's domains: "
      "Apple changes the CNAME chains behind its names without notice.",
      HostList(ctx, rows, 6), cdn_list, example);
  d.remedy = fmt::format(
      "Allow by the names devices ask for, with a firewall or proxy that matches the requested "
      "name (SNI or Host) rather than the resolved address, or also allow *.{} for these "
      "ports. Do not pin CDN address ranges: they change.",
      cdns.front());
  d.impact = 450 + static_cast<int>(rows.size());
  return d;
}

}  // namespace orchard::diagnose
