// Decoding half of json_codec.h: text -> boost::json -> document, strictly and without throwing.
#include <fmt/format.h>

#include <boost/json.hpp>
#include <cmath>
#include <limits>
#include <optional>
#include <string>

#include "base/file.h"
#include "base/json_reader.h"
#include "host/host_json.h"
#include "probe/facts.h"
#include "results/json_codec.h"
#include "results/labels.h"

namespace orchard::results {
namespace json = boost::json;
namespace {

using Reader = JsonReader;

probe::CheckResult DecodeResult(Reader& in, const json::object& o, const std::string& at) {
  auto p = [&](std::string_view key) { return fmt::format("{}.{}", at, key); };
  probe::CheckResult r;
  r.row_id = in.String(o, "row_id", p("row_id"));
  r.category = in.String(o, "category", p("category"), true);
  r.host = in.String(o, "host", p("host"), true);
  r.target = in.String(o, "target", p("target"));
  r.port = static_cast<uint16_t>(in.Integer(o, "port", p("port"), 0, 65535, true));
  r.transport = in.String(o, "transport", p("transport"), true);
  if (in.ok() && r.transport != "tcp" && r.transport != "udp") {
    in.Fail(p("transport"), "expected \"tcp\" or \"udp\"");
  }
  r.proxy_support = in.String(o, "proxy_support", p("proxy_support"));
  r.check =
      in.Enum(o, "check", p("check"), "check", probe::CheckKindFromString, probe::CheckKind::kTcp);
  r.status =
      in.Enum(o, "status", p("status"), "status", probe::StatusFromString, probe::Status::kSkip);
  r.reason =
      in.Enum(o, "reason", p("reason"), "reason", probe::ReasonFromString, probe::Reason::kOk);
  r.detail = in.String(o, "detail", p("detail"));

  if (const json::object* t = in.Object(o.if_contains("timings_ms"), p("timings_ms"), true)) {
    std::string tp = p("timings_ms");
    r.timings.dns = in.Double(*t, "dns", tp + ".dns");
    r.timings.connect = in.Double(*t, "connect", tp + ".connect");
    r.timings.tls = in.Double(*t, "tls", tp + ".tls");
    r.timings.first_byte = in.Double(*t, "first_byte", tp + ".first_byte");
    r.timings.total = in.Double(*t, "total", tp + ".total").value_or(0);
  }
  if (const json::array* a = in.Array(o, "addresses", p("addresses"))) {
    for (size_t i = 0; i < a->size() && in.ok(); ++i) {
      std::string ap = fmt::format("{}[{}]", p("addresses"), i);
      const json::object* e = in.Object(&(*a)[i], ap, false);
      if (!e) break;
      probe::AddressAttempt attempt;
      attempt.address = in.String(*e, "address", ap + ".address", true);
      attempt.port = static_cast<uint16_t>(in.Integer(*e, "port", ap + ".port", 0, 65535));
      attempt.outcome = in.String(*e, "outcome", ap + ".outcome");
      attempt.ms = in.Double(*e, "ms", ap + ".ms").value_or(0);
      r.addresses.push_back(std::move(attempt));
    }
  }
  r.cname_chain = in.Strings(o, "cname_chain", p("cname_chain"));
  r.resolved = in.Strings(o, "resolved", p("resolved"));
  if (o.contains("resolver")) r.resolver = in.String(o, "resolver", p("resolver"));

  for (const probe::FactsSpec& facts : probe::Facts()) {
    const std::string path = p(facts.key);
    if (const json::object* f = in.Object(o.if_contains(facts.key), path, true)) {
      facts.decode(in, *f, path, r);
    }
  }
  if (const json::object* route = in.Object(o.if_contains("route"), p("route"), true)) {
    r.route.kind = in.String(*route, "kind", p("route.kind"));
    if (r.route.kind.empty()) r.route.kind = "direct";
    if (in.ok() && r.route.kind != "direct" && r.route.kind != "proxy") {
      in.Fail(p("route.kind"), "expected \"direct\" or \"proxy\"");
    }
    r.route.proxy = in.String(*route, "proxy", p("route.proxy"));
  }
  if (const json::object* c = in.Object(o.if_contains("compared"), p("compared"), true)) {
    probe::RouteComparison compared;
    if (const json::object* route = in.Object(c->if_contains("route"), p("compared.route"), true)) {
      compared.route.kind = in.String(*route, "kind", p("compared.route.kind"));
      if (compared.route.kind.empty()) compared.route.kind = "direct";
      compared.route.proxy = in.String(*route, "proxy", p("compared.route.proxy"));
    }
    compared.status = in.Enum(*c, "status", p("compared.status"), "status", probe::StatusFromString,
                              probe::Status::kSkip);
    compared.reason = in.Enum(*c, "reason", p("compared.reason"), "reason", probe::ReasonFromString,
                              probe::Reason::kOk);
    compared.detail = in.String(*c, "detail", p("compared.detail"));
    r.compared = std::move(compared);
  }
  return r;
}

diagnose::Diagnosis DecodeDiagnosis(Reader& in, const json::object& o, const std::string& at) {
  auto p = [&](std::string_view key) { return fmt::format("{}.{}", at, key); };
  diagnose::Diagnosis d;
  d.id = in.String(o, "id", p("id"), true);
  d.severity = in.Enum(o, "severity", p("severity"), "severity", diagnose::SeverityFromString,
                       diagnose::Severity::kInfo);
  d.title = in.String(o, "title", p("title"), true);
  d.explanation = in.String(o, "explanation", p("explanation"));
  d.remedy = in.String(o, "remedy", p("remedy"));
  d.affected = in.Strings(o, "affected", p("affected"));
  d.impact = static_cast<int>(in.Integer(o, "impact", p("impact"), -1000000000, 1000000000));
  return d;
}

}  // namespace

Result<CheckDocument> DecodeCheckDocument(std::string_view text) {
  json::parse_options options;
  options.max_depth = 16;  // the schema nests 4 deep; refuse pathological nesting early
  boost::system::error_code ec;
  json::value root = json::parse(json::string_view(text.data(), text.size()), ec, {}, options);
  if (ec) return MakeError(ErrorCode::kParse, "not valid JSON: " + ec.message());

  Reader in;
  const json::object* top = in.Object(&root, "(document)", false);
  if (!top) return tl::unexpected(in.error());
  CheckDocument doc;
  std::string schema = in.String(*top, "schema", "schema", true);
  if (in.ok() && schema != kCheckSchema) {
    in.Fail("schema",
            fmt::format("expected \"{}\", got \"{}\"", kCheckSchema, schema.substr(0, 60)));
  }
  if (!in.ok()) return tl::unexpected(in.error());
  doc.run.schema = schema;
  doc.run.orchard_version = in.String(*top, "orchard_version", "orchard_version");
  doc.run.run_id = in.String(*top, "run_id", "run_id");
  doc.run.started_at = in.String(*top, "started_at", "started_at");
  doc.run.hostname = in.String(*top, "hostname", "hostname");
  if (const json::object* labels = in.Object(top->if_contains("labels"), "labels", true)) {
    for (const auto& kv : *labels) {
      std::string key(kv.key());
      if (auto name = CheckLabelName(key); !name) {
        in.Fail("labels", name.error().message());  // the key may be garbage: not in the path
        break;
      }
      std::string at = "labels." + key;
      std::string value = in.String(*labels, key, at, true);
      if (!in.ok()) break;
      if (auto valid = CheckLabelValue(value); !valid) {
        in.Fail(at, valid.error().message());
        break;
      }
      doc.run.labels[key] = std::move(value);
    }
  }
  if (const json::object* c = in.Object(top->if_contains("catalog"), "catalog", true)) {
    doc.run.catalog_source = in.String(*c, "source", "catalog.source");
    doc.run.catalog_date = in.String(*c, "date", "catalog.date");
    doc.run.profiles = in.Strings(*c, "profiles", "catalog.profiles");
  }
  if (const json::object* r = in.Object(top->if_contains("routing"), "routing", true)) {
    doc.run.routing = in.String(*r, "description", "routing.description");
    doc.run.notes = in.Strings(*r, "notes", "routing.notes");
  }
  // The summary's counts are derived from the results; only the duration is a fact of its own.
  if (const json::object* s = in.Object(top->if_contains("summary"), "summary", true)) {
    doc.run.duration_ms = in.Double(*s, "duration_ms", "summary.duration_ms").value_or(0);
  }
  if (const json::object* h = in.Object(top->if_contains("host"), "host", true)) {
    doc.host = host::HostFactsFromJson(*h, "host", in);
  }
  const json::value* results = top->if_contains("results");
  if (!results || !results->is_array()) {
    in.Fail("results", results ? "expected an array" : "missing");
  } else {
    const json::array& a = results->get_array();
    doc.results.reserve(a.size());
    for (size_t i = 0; i < a.size() && in.ok(); ++i) {
      std::string at = fmt::format("results[{}]", i);
      if (const json::object* o = in.Object(&a[i], at, false)) {
        doc.results.push_back(DecodeResult(in, *o, at));
      }
    }
  }
  if (const json::array* a = in.Array(*top, "diagnoses", "diagnoses")) {
    for (size_t i = 0; i < a->size() && in.ok(); ++i) {
      std::string at = fmt::format("diagnoses[{}]", i);
      if (const json::object* o = in.Object(&(*a)[i], at, false)) {
        doc.diagnoses.push_back(DecodeDiagnosis(in, *o, at));
      }
    }
  }
  if (!in.ok()) return tl::unexpected(in.error());
  return doc;
}

Result<CheckDocument> ReadCheckDocument(const std::filesystem::path& path) {
  auto text = path == "-" ? ReadStdin() : ReadFile(path);
  if (!text) return tl::unexpected(text.error());
  auto doc = DecodeCheckDocument(*text);
  if (!doc) return tl::unexpected(doc.error().WithContext(path.string()));
  return doc;
}

}  // namespace orchard::results
