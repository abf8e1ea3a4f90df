#pragma once

#include <string>
#include <vector>

#include "catalog/endpoint.h"

namespace orchard::catalog {

// How one row differs: "proxy: yes -> no", "ports: 443 -> 443, 80".
struct RowChange {
  std::string id;
  std::vector<std::string> changes;
};

struct CatalogDiff {
  std::vector<Endpoint> added;    // in the new catalog only
  std::vector<Endpoint> removed;  // in the old catalog only
  std::vector<RowChange> changed;
  bool empty() const { return added.empty() && removed.empty() && changed.empty(); }
};

struct DiffOptions {
  // Compare probe hints too (catalog file against catalog); an article carries none.
  bool compare_hints = false;
};

// Rows are matched by id. Compared: host, ports, transport, protocol, OS, description,
// supports proxies (and its note), section; hints when asked.
CatalogDiff DiffCatalogs(const Catalog& before, const Catalog& after, const DiffOptions& options);

// Lines a person reads quickly, then a summary:
//   + software-updates/new.apple.com  443/tcp  macOS updates  (proxy: yes)
//   - device-setup/tbsc.apple.com  443/tcp
//   ~ mdm/gdmf.apple.com: proxy: yes -> no
//   1 added, 1 removed, 1 changed (106 rows before, 106 after)
// or "no differences (106 rows)".
std::string RenderDiff(const CatalogDiff& diff, size_t rows_before, size_t rows_after);

}  // namespace orchard::catalog
