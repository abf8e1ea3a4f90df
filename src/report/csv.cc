// CSV for spreadsheets: one row per check, RFC 4180 (CRLF line ends, quoted where needed).
// Every record starts with the run's identity (host name, run id, start time, labels) and what
// the machine is (host_facts: the one-line host summary the other reports head with, empty when
// the run read no host facts). The header is the same on every machine whatever its labels and
// facts, so a fleet's files concatenate (`csvstack`, pandas.concat, or `cat` without the
// repeated headers) into one table.
#include <fmt/format.h>

#include <map>
#include <string>

#include "base/strings.h"
#include "host/host_facts.h"
#include "report/common.h"
#include "report/render.h"

namespace orchard::report {
namespace {

// Text from the network may start with a formula character; spreadsheets would evaluate it
// ("=HYPERLINK(...)"), so such a field gets a leading apostrophe (OWASP's CSV injection advice).
std::string Field(std::string_view raw, bool text = true) {
  std::string s = CleanText(raw);
  if (text && !s.empty() && (s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@')) {
    s.insert(s.begin(), '\'');
  }
  return CsvField(s);
}

// The --label pairs in one field, "fleet=lab;site=paris", sorted by key: one column whatever
// labels a machine has. Keys are identifiers; in values, '%' and ';' are written %25 and %3B,
// so splitting on ';', then on the first '=', then percent-decoding gives the pairs back.
std::string LabelsField(const std::map<std::string, std::string>& labels) {
  std::string out;
  for (const auto& [key, value] : labels) {
    if (!out.empty()) out += ';';
    out += key + '=';
    for (char c : value) {
      out += c == '%' ? "%25" : c == ';' ? "%3B" : std::string(1, c);
    }
  }
  return out;
}

std::string Ms(const std::optional<double>& ms) {
  return ms ? fmt::format("{:.1f}", *ms) : std::string();
}

}  // namespace

std::string RenderCsv(const results::CheckDocument& doc, const RenderOptions&) {
  std::string out =
      "hostname,run_id,started_at,labels,host_facts,category,host,target,port,transport,check,"
      "status,reason,detail,route,proxy,dns_ms,connect_ms,tls_ms,first_byte_ms,total_ms,addresses,"
      "cname_chain,tls_issuer";
  out += kCsvLineEnd;
  const std::string run_fields = Field(doc.run.hostname) + ',' + Field(doc.run.run_id) + ',' +
                                 Field(doc.run.started_at) + ',' +
                                 Field(LabelsField(doc.run.labels)) + ',' +
                                 Field(doc.host ? host::HostSummary(*doc.host) : "");
  for (const auto& r : doc.results) {
    std::string addresses;
    for (const auto& a : r.addresses) {
      addresses += fmt::format("{}{} {}", addresses.empty() ? "" : " ", a.address, a.outcome);
    }
    std::string chain;
    for (const auto& name : r.cname_chain) chain += (chain.empty() ? "" : " ") + name;
    std::vector<std::string> fields = {
        Field(r.category),
        Field(r.host),
        Field(r.target),
        std::to_string(r.port),
        Field(r.transport),
        std::string(probe::ToString(r.check)),
        std::string(probe::ToString(r.status)),
        std::string(probe::ToString(r.reason)),
        Field(r.detail),
        Field(r.route.kind),
        Field(r.route.proxy),
        Ms(r.timings.dns),
        Ms(r.timings.connect),
        Ms(r.timings.tls),
        Ms(r.timings.first_byte),
        Ms(r.timings.total),
        Field(addresses),
        Field(chain),
        Field(r.tls ? r.tls->leaf_issuer : ""),
    };
    out += run_fields;
    for (const auto& field : fields) out += ',' + field;
    out += kCsvLineEnd;
  }
  return out;
}

}  // namespace orchard::report
