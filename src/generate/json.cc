// json: the list as data for other tools: where it came from, one object per catalog row (with
// the reason it is needed), and the networks an address-based firewall would allow.
#include "base/json.h"

#include <boost/json.hpp>
#include <map>

#include "generate/destinations.h"
#include "generate/renderers.h"

namespace orchard::generate {
namespace {

boost::json::array Ports(const std::set<uint16_t>& ports) {
  boost::json::array out;
  for (uint16_t p : ports) out.emplace_back(p);
  return out;
}

boost::json::object Row(const AllowRow& row, const std::vector<std::string>* addresses) {
  const auto& e = row.endpoint;
  boost::json::object o;
  o["row_id"] = e.id;
  o["host"] = e.host;
  o["kind"] = catalog::ToString(e.kind);
  boost::json::array ports;
  for (uint16_t p : e.ports) ports.emplace_back(p);
  o["ports"] = std::move(ports);
  o["transport"] = catalog::ToString(e.transport);
  o["protocol"] = e.protocol;
  o["proxy"] = catalog::ToString(e.proxy);
  if (!e.proxy_note.empty()) o["proxy_note"] = e.proxy_note;
  o["category"] = e.category;
  o["section"] = e.section;
  o["reason"] = Reason(e);
  if (!row.findings.empty()) {
    boost::json::array findings;
    for (const auto& f : row.findings) {
      findings.push_back(boost::json::object{{"port", f.port},
                                             {"transport", f.transport},
                                             {"status", f.status},
                                             {"reason", f.reason}});
    }
    o["findings"] = std::move(findings);
  }
  if (addresses) o["addresses"] = JsonStrings(*addresses);
  return o;
}

}  // namespace

std::string RenderJson(const Allowlist& list) {
  const auto& p = list.provenance;
  boost::json::object doc;
  doc["schema"] = "orchard/allowlist-v1";
  boost::json::object source{{"command", p.command},
                             {"catalog_source", p.catalog_source},
                             {"catalog_date", p.catalog_date},
                             {"selection", p.selection}};
  if (!p.results.empty()) source["results"] = p.results;
  if (!p.resolved_at.empty()) source["resolved_at"] = p.resolved_at;
  doc["generated_by"] = std::move(source);

  std::map<std::string, const Resolution*> resolved;
  for (const auto& r : list.resolutions) resolved[r.host] = &r;
  boost::json::array rows;
  for (const auto& row : list.rows) {
    auto it = resolved.find(row.endpoint.host);
    rows.push_back(Row(row, it == resolved.end() ? nullptr : &it->second->addresses));
  }
  doc["rows"] = std::move(rows);

  AddressPlan plan = PlanAddresses(list);
  boost::json::array networks;
  for (const auto& d : plan.destinations) {
    if (d.tcp.empty() && d.udp.empty()) continue;
    networks.push_back(boost::json::object{{"network", ToString(d.prefix)},
                                           {"tcp", Ports(d.tcp)},
                                           {"udp", Ports(d.udp)},
                                           {"sources", JsonStrings(d.sources)}});
  }
  doc["networks"] = std::move(networks);
  if (!plan.unresolved.empty()) doc["unresolved"] = JsonStrings(plan.unresolved);
  // Indented like orchard's other JSON (check-v1): people read and diff these files too.
  return SerializeJson(doc, 2) + "\n";
}

}  // namespace orchard::generate
