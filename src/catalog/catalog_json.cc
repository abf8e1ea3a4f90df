#include "catalog/catalog_json.h"

#include <boost/json.hpp>

#include "base/json.h"

namespace orchard::catalog {

boost::json::object EndpointToJson(const Endpoint& e) {
  boost::json::object row;
  row["id"] = e.id;
  row["host"] = e.host;
  row["kind"] = ToString(e.kind);
  boost::json::array ports;
  for (uint16_t port : e.ports) ports.emplace_back(port);
  row["ports"] = std::move(ports);
  row["transport"] = ToString(e.transport);
  row["protocol"] = e.protocol;
  row["os"] = JsonStrings(e.os);
  row["description"] = e.description;
  row["proxy"] = ToString(e.proxy);
  if (e.proxy == ProxySupport::kNote) row["proxy_note"] = e.proxy_note;
  row["section"] = e.section;
  row["category"] = e.category;
  boost::json::object hints;
  std::pair<const char*, const std::string*> fields[] = {
      {"representative_host", &e.hints.representative_host},
      {"representative_address", &e.hints.representative_address},
      {"sni", &e.hints.sni},
      {"http_check", &e.hints.http_check},
      {"url", &e.hints.url},
      {"expect", &e.hints.expect}};
  for (auto [key, value] : fields) {
    if (!value->empty()) hints[key] = *value;
  }
  row["hints"] = std::move(hints);
  return row;
}

boost::json::object CatalogInfoToJson(const CatalogInfo& info) {
  boost::json::object out;
  out["source"] = info.source;
  out["url"] = info.url;
  out["date"] = info.date;
  out["notes"] = JsonStrings(info.notes);
  return out;
}

}  // namespace orchard::catalog
