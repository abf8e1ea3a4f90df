// Encoding half of json_codec.h: document -> boost::json -> text.
#include <boost/json.hpp>
#include <cmath>
#include <optional>
#include <string>

#include "base/json.h"
#include "host/host_json.h"
#include "probe/facts.h"
#include "results/json_codec.h"

namespace orchard::results {
namespace json = boost::json;
namespace {

json::value Number(double ms) {
  if (!std::isfinite(ms)) return nullptr;
  return ms;
}

json::value Optional(const std::optional<double>& ms) {
  if (!ms) return nullptr;
  return Number(*ms);
}

json::object TimingsJson(const probe::Timings& t) {
  return {{"dns", Optional(t.dns)},
          {"connect", Optional(t.connect)},
          {"tls", Optional(t.tls)},
          {"first_byte", Optional(t.first_byte)},
          {"total", Number(t.total)}};
}

json::array AddressesJson(const std::vector<probe::AddressAttempt>& attempts) {
  json::array out;
  for (const auto& a : attempts) {
    out.emplace_back(json::object{
        {"address", a.address}, {"port", a.port}, {"outcome", a.outcome}, {"ms", Number(a.ms)}});
  }
  return out;
}

}  // namespace

json::object ToJson(const probe::CheckResult& r) {
  json::object o;
  o["row_id"] = r.row_id;
  o["category"] = r.category;
  o["host"] = r.host;
  o["target"] = r.target;
  o["port"] = r.port;
  o["transport"] = r.transport;
  o["proxy_support"] = r.proxy_support;
  o["check"] = probe::ToString(r.check);
  o["status"] = probe::ToString(r.status);
  o["reason"] = probe::ToString(r.reason);
  o["detail"] = r.detail;
  o["timings_ms"] = TimingsJson(r.timings);
  o["addresses"] = AddressesJson(r.addresses);
  o["cname_chain"] = JsonStrings(r.cname_chain);
  o["resolved"] = JsonStrings(r.resolved);
  if (!r.resolver.empty()) o["resolver"] = r.resolver;  // only when split DNS answered
  for (const probe::FactsSpec& facts : probe::Facts()) {
    if (facts.present(r)) {
      o[facts.key] = facts.encode(r);
    } else if (facts.null_when_absent) {
      o[facts.key] = nullptr;
    }
  }
  o["route"] = json::object{{"kind", r.route.kind}, {"proxy", r.route.proxy}};
  if (r.compared) {  // only with --compare-routes
    const probe::RouteComparison& c = *r.compared;
    o["compared"] =
        json::object{{"route", json::object{{"kind", c.route.kind}, {"proxy", c.route.proxy}}},
                     {"status", probe::ToString(c.status)},
                     {"reason", probe::ToString(c.reason)},
                     {"detail", c.detail}};
  }
  return o;
}

json::object ToJson(const diagnose::Diagnosis& d) {
  return {{"id", d.id},         {"severity", diagnose::ToString(d.severity)},
          {"title", d.title},   {"explanation", d.explanation},
          {"remedy", d.remedy}, {"affected", JsonStrings(d.affected)},
          {"impact", d.impact}};
}

namespace {

// The document's object; its "results" stay an empty array unless `with_results`.
json::object DocumentJson(const CheckDocument& doc, bool with_results) {
  Summary s = Summarize(doc);
  json::array results;
  if (with_results) {
    results.reserve(doc.results.size());
    for (const auto& r : doc.results) results.emplace_back(ToJson(r));
  }
  json::array diagnoses;
  for (const auto& d : doc.diagnoses) diagnoses.emplace_back(ToJson(d));
  json::object o;
  o["schema"] = kCheckSchema;
  o["orchard_version"] = doc.run.orchard_version;
  o["run_id"] = doc.run.run_id;
  o["started_at"] = doc.run.started_at;
  o["hostname"] = doc.run.hostname;
  json::object labels;
  for (const auto& [key, value] : doc.run.labels) labels[key] = value;
  o["labels"] = std::move(labels);
  o["catalog"] = json::object{{"source", doc.run.catalog_source},
                              {"date", doc.run.catalog_date},
                              {"profiles", JsonStrings(doc.run.profiles)}};
  o["routing"] =
      json::object{{"description", doc.run.routing}, {"notes", JsonStrings(doc.run.notes)}};
  o["summary"] = json::object{{"total", s.total},     {"passed", s.passed},
                              {"failed", s.failed},   {"warned", s.warned},
                              {"skipped", s.skipped}, {"duration_ms", Number(s.duration_ms)}};
  o["results"] = std::move(results);
  o["diagnoses"] = std::move(diagnoses);
  if (doc.host) o["host"] = host::HostFactsToJson(*doc.host);
  return o;
}

}  // namespace

json::object ToJson(const CheckDocument& doc) { return DocumentJson(doc, true); }

std::string EncodeCheckDocument(const CheckDocument& doc) {
  // As SerializeJson(ToJson(doc), 2), but each result becomes a JSON value only while it is
  // written: a run of 10,000 checks never holds them all as values at once.
  constexpr int kIndent = 2;
  const json::object shell = DocumentJson(doc, false);
  std::string out = "{";
  bool first = true;
  for (const auto& kv : shell) {
    if (!first) out += ',';
    first = false;
    out += "\n  ";
    AppendJsonString(out, kv.key());
    out += ": ";
    if (kv.key() != "results" || doc.results.empty()) {
      AppendJson(out, kv.value(), kIndent, 1);
      continue;
    }
    out += '[';
    for (size_t i = 0; i < doc.results.size(); ++i) {
      if (i) out += ',';
      out += "\n    ";
      AppendJson(out, ToJson(doc.results[i]), kIndent, 2);
    }
    out += "\n  ]";
  }
  out += "\n}\n";
  return out;
}

}  // namespace orchard::results
