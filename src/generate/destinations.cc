#include "generate/destinations.h"

#include <algorithm>
#include <map>

#include "base/strings.h"
#include "generate/header.h"

namespace orchard::generate {
namespace {

void AddPorts(const catalog::Endpoint& e, std::set<uint16_t>& tcp, std::set<uint16_t>& udp) {
  auto& target = e.transport == catalog::Transport::kUdp ? udp : tcp;
  target.insert(e.ports.begin(), e.ports.end());
}

bool Covers(const Destination& outer, const Destination& inner) {
  return Contains(outer.prefix, inner.prefix) && std::ranges::includes(outer.tcp, inner.tcp) &&
         std::ranges::includes(outer.udp, inner.udp);
}

std::string Describe(const Destination& d) {
  std::string out = ToString(d.prefix);
  if (!d.sources.empty()) out += " (" + Join(d.sources, ", ") + ")";
  return out;
}

}  // namespace

std::string JoinPorts(const std::set<uint16_t>& ports, std::string_view separator) {
  std::string out;
  for (uint16_t p : ports) {
    if (!out.empty()) out += separator;
    out += std::to_string(p);
  }
  return out;
}

AddressPlan PlanAddresses(const Allowlist& list) {
  AddressPlan plan;
  plan.resolved = !list.resolutions.empty() || !list.provenance.resolved_at.empty();
  std::map<Prefix, Destination> by_prefix;
  auto add = [&](const Prefix& p, const catalog::Endpoint* e, const std::string& source) {
    auto [it, inserted] = by_prefix.try_emplace(p);
    Destination& d = it->second;
    d.prefix = p;
    if (e) AddPorts(*e, d.tcp, d.udp);
    if (std::ranges::find(d.sources, source) == d.sources.end()) d.sources.push_back(source);
    return &d;
  };

  Destination* block = add(*ParsePrefix(kAppleBlock), nullptr, "Apple's block");
  for (const auto& row : list.rows) AddPorts(row.endpoint, block->tcp, block->udp);

  std::map<std::string, std::vector<const catalog::Endpoint*>> rows_by_host;
  for (const auto& row : list.rows) {
    const auto& e = row.endpoint;
    if (e.kind == catalog::HostKind::kCidr) {
      if (auto p = ParsePrefix(e.host)) add(*p, &e, e.category.empty() ? e.id : e.category);
    } else {
      rows_by_host[e.host].push_back(&e);
    }
  }
  for (const auto& r : list.resolutions) {
    if (!r.error.empty()) {
      plan.unresolved.push_back(r.host + ": " + r.error);
      continue;
    }
    std::string source = r.queried == r.host ? r.host : r.host + " via " + r.queried;
    for (const auto& text : r.addresses) {
      auto p = ParsePrefix(text);
      if (!p) continue;
      for (const auto* e : rows_by_host[r.host]) add(*p, e, source);
    }
  }

  std::vector<Destination> all;
  for (auto& [prefix, d] : by_prefix) all.push_back(std::move(d));
  for (const auto& d : all) {
    auto outer = std::ranges::find_if(all, [&](const Destination& o) {
      return &o != &d && o.prefix != d.prefix && Covers(o, d);
    });
    if (outer != all.end()) {
      plan.folded.push_back(Describe(d) + " is inside " + ToString(outer->prefix));
    } else {
      plan.destinations.push_back(d);
    }
  }
  return plan;
}

std::string AddressNotes(const AddressPlan& plan, std::string_view marker) {
  std::string out;
  if (!plan.resolved) {
    out += std::string(marker) +
           "Host names are not resolved: 17.0.0.0/8 covers what Apple serves from its own block;\n";
    out += std::string(marker) +
           "hosts on CDNs and third parties (DigiCert, Entrust, Akamai) need --resolve or a\n";
    out += std::string(marker) + "firewall that matches host names.\n";
  }
  out += WrappedComment(marker, "Already covered:", plan.folded);
  out += WrappedComment(marker, "Not resolved:", plan.unresolved);
  return out;
}

std::vector<PortGroup> GroupByPorts(const std::vector<Destination>& destinations) {
  std::vector<PortGroup> groups;
  for (const auto& d : destinations) {
    if (d.tcp.empty() && d.udp.empty()) continue;
    auto it = std::ranges::find_if(
        groups, [&](const PortGroup& g) { return g.tcp == d.tcp && g.udp == d.udp; });
    if (it == groups.end()) {
      groups.push_back({d.tcp, d.udp, {}, {}, {}});
      it = std::prev(groups.end());
    }
    (d.prefix.family == Family::kV4 ? it->v4 : it->v6).push_back(d.prefix);
    for (const auto& s : d.sources) {
      if (std::ranges::find(it->sources, s) == it->sources.end()) it->sources.push_back(s);
    }
  }
  return groups;
}

}  // namespace orchard::generate
