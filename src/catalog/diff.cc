#include "catalog/diff.h"

#include <fmt/format.h>

#include <map>

#include "catalog/listing.h"

namespace orchard::catalog {
namespace {

std::string Proxy(const Endpoint& e) {
  return e.proxy == ProxySupport::kNote ? fmt::format("note \"{}\"", e.proxy_note)
                                        : std::string(ToString(e.proxy));
}

std::string Shown(std::string_view value) {
  return value.empty() ? "(empty)" : fmt::format("\"{}\"", value);
}

std::string Summary(const Endpoint& e) {
  std::string out = fmt::format("{}  {}/{}", e.id, PortsText(e.ports), ToString(e.transport));
  if (!e.description.empty()) out += "  " + e.description;
  return out + fmt::format("  (proxy: {})", Proxy(e));
}

std::vector<std::string> Changes(const Endpoint& a, const Endpoint& b, const DiffOptions& o) {
  std::vector<std::string> out;
  auto compare = [&](std::string_view what, const std::string& x, const std::string& y) {
    if (x != y) out.push_back(fmt::format("{}: {} -> {}", what, x, y));
  };
  compare("host", a.host, b.host);
  compare("ports", PortsText(a.ports), PortsText(b.ports));
  compare("transport", std::string(ToString(a.transport)), std::string(ToString(b.transport)));
  compare("protocol", a.protocol, b.protocol);
  compare("os", OsText(a.os), OsText(b.os));
  compare("description", Shown(a.description), Shown(b.description));
  compare("proxy", Proxy(a), Proxy(b));
  compare("section", Shown(a.section), Shown(b.section));
  if (o.compare_hints) {
    const ProbeHints& x = a.hints;
    const ProbeHints& y = b.hints;
    compare("representative_host", Shown(x.representative_host), Shown(y.representative_host));
    compare("representative_address", Shown(x.representative_address),
            Shown(y.representative_address));
    compare("sni", Shown(x.sni), Shown(y.sni));
    compare("http_check", Shown(x.http_check), Shown(y.http_check));
    compare("url", Shown(x.url), Shown(y.url));
    compare("expect", Shown(x.expect), Shown(y.expect));
  }
  return out;
}

}  // namespace

CatalogDiff DiffCatalogs(const Catalog& before, const Catalog& after, const DiffOptions& options) {
  CatalogDiff diff;
  std::map<std::string, const Endpoint*> old_rows, new_rows;
  for (const Endpoint& e : before.endpoints) old_rows[e.id] = &e;
  for (const Endpoint& e : after.endpoints) new_rows[e.id] = &e;
  for (const Endpoint& e : before.endpoints) {
    auto match = new_rows.find(e.id);
    if (match == new_rows.end()) {
      diff.removed.push_back(e);
      continue;
    }
    auto changes = Changes(e, *match->second, options);
    if (!changes.empty()) diff.changed.push_back({e.id, std::move(changes)});
  }
  for (const Endpoint& e : after.endpoints) {
    if (!old_rows.contains(e.id)) diff.added.push_back(e);
  }
  return diff;
}

std::string RenderDiff(const CatalogDiff& diff, size_t rows_before, size_t rows_after) {
  if (diff.empty()) return fmt::format("no differences ({} rows)\n", rows_before);
  std::string out;
  for (const Endpoint& e : diff.added) out += "+ " + Summary(e) + "\n";
  for (const Endpoint& e : diff.removed) out += "- " + Summary(e) + "\n";
  for (const RowChange& change : diff.changed) {
    out += fmt::format("~ {}: {}\n", change.id, fmt::join(change.changes, "; "));
  }
  out += fmt::format("{} added, {} removed, {} changed ({} rows before, {} after)\n",
                     diff.added.size(), diff.removed.size(), diff.changed.size(), rows_before,
                     rows_after);
  return out;
}

}  // namespace orchard::catalog
