// csv: one record per catalog row (RFC 4180: CRLF line ends, quoted where needed), for
// spreadsheets and change requests. No comment header: CSV has no comment syntax and
// spreadsheets would show it as a row.
#include <map>

#include "base/strings.h"
#include "generate/renderers.h"

namespace orchard::generate {

std::string RenderCsv(const Allowlist& list) {
  std::map<std::string, std::vector<std::string>> addresses;
  for (const auto& r : list.resolutions) addresses[r.host] = r.addresses;

  std::string out =
      "host,kind,ports,transport,protocol,proxy,proxy_note,category,section,reason,row_id,"
      "blocked,addresses";
  out += kCsvLineEnd;
  for (const auto& row : list.rows) {
    const auto& e = row.endpoint;
    std::vector<std::string> ports;
    for (uint16_t p : e.ports) ports.push_back(std::to_string(p));
    std::string kind(catalog::ToString(e.kind));
    std::string transport(catalog::ToString(e.transport));
    std::string proxy(catalog::ToString(e.proxy));
    std::string cells[] = {e.host,
                           kind,
                           Join(ports, " "),
                           transport,
                           e.protocol,
                           proxy,
                           e.proxy_note,
                           e.category,
                           e.section,
                           Reason(e),
                           e.id,
                           BlockedText(row),
                           Join(addresses[e.host], " ")};
    bool first = true;
    for (const auto& cell : cells) {
      if (!first) out += ',';
      out += CsvField(cell);
      first = false;
    }
    out += kCsvLineEnd;
  }
  return out;
}

}  // namespace orchard::generate
