// Decoding half of json_codec.h: text -> boost::json -> document, strictly and without throwing.
#include <fmt/format.h>

#include <boost/json.hpp>
#include <cmath>
#include <limits>
#include <optional>
#include <string>

#include "base/file.h"
#include "results/json_codec.h"
#include "results/labels.h"

namespace orchard::results {
namespace json = boost::json;
namespace {

// Remembers the first problem; later reads keep going but return defaults, so a decoder reads
// as a flat list of fields instead of a ladder of early returns.
class Reader {
 public:
  bool ok() const { return !error_; }
  Error error() const { return *error_; }

  void Fail(const std::string& path, std::string message) {
    if (!error_) error_ = Error(ErrorCode::kParse, path + ": " + message);
  }

  const json::object* Object(const json::value* v, const std::string& path, bool nullable) {
    if (!v) {
      if (!nullable) Fail(path, "missing");
      return nullptr;
    }
    if (v->is_null() && nullable) return nullptr;
    if (!v->is_object()) {
      Fail(path, fmt::format("expected an object, got {}", KindName(*v)));
      return nullptr;
    }
    return &v->get_object();
  }

  const json::array* Array(const json::object& o, std::string_view key, const std::string& path) {
    const json::value* v = o.if_contains(key);
    if (!v || v->is_null()) return nullptr;  // arrays are optional: absent means empty
    if (!v->is_array()) {
      Fail(path, fmt::format("expected an array, got {}", KindName(*v)));
      return nullptr;
    }
    return &v->get_array();
  }

  std::string String(const json::object& o, std::string_view key, const std::string& path,
                     bool required = false) {
    const json::value* v = o.if_contains(key);
    if (!v || v->is_null()) {
      if (required) Fail(path, "missing");
      return {};
    }
    if (!v->is_string()) {
      Fail(path, fmt::format("expected a string, got {}", KindName(*v)));
      return {};
    }
    return std::string(v->get_string());
  }

  static constexpr double kMaxMilliseconds = 1e13;

  std::optional<double> Double(const json::object& o, std::string_view key,
                               const std::string& path) {
    const json::value* v = o.if_contains(key);
    if (!v || v->is_null()) return std::nullopt;
    if (!v->is_number()) {
      Fail(path, fmt::format("expected a number, got {}", KindName(*v)));
      return std::nullopt;
    }
    double d = v->is_double()  ? v->get_double()
               : v->is_int64() ? static_cast<double>(v->get_int64())
                               : static_cast<double>(v->get_uint64());
    // Every number read here is milliseconds (a duration, or an NTP offset, which may be
    // negative). Past ±1e13 ms (three centuries) it is no measurement, and printing 1e308 ms
    // would fill the report with 300 digits.
    if (!(std::fabs(d) <= kMaxMilliseconds)) {
      Fail(path, fmt::format("{} is not a time in milliseconds within ±1e13", json::serialize(*v)));
      return std::nullopt;
    }
    return d;
  }

  int64_t Integer(const json::object& o, std::string_view key, const std::string& path, int64_t min,
                  int64_t max, bool required = false) {
    const json::value* v = o.if_contains(key);
    if (!v || v->is_null()) {
      if (required) Fail(path, "missing");
      return 0;
    }
    std::optional<int64_t> n;
    if (v->is_int64()) {
      n = v->get_int64();
    } else if (v->is_uint64()) {
      if (v->get_uint64() <= static_cast<uint64_t>(std::numeric_limits<int64_t>::max())) {
        n = static_cast<int64_t>(v->get_uint64());
      }
    } else if (v->is_double()) {
      double d = v->get_double();
      if (std::isfinite(d) && d == std::floor(d) && std::fabs(d) < 9e18) {
        n = static_cast<int64_t>(d);
      }
    } else {
      Fail(path, fmt::format("expected an integer, got {}", KindName(*v)));
      return 0;
    }
    if (!n || *n < min || *n > max) {
      Fail(path, fmt::format("{} is not an integer in [{}, {}]", json::serialize(*v), min, max));
      return 0;
    }
    return *n;
  }

  bool Bool(const json::object& o, std::string_view key, const std::string& path) {
    const json::value* v = o.if_contains(key);
    if (!v || v->is_null()) return false;
    if (!v->is_bool()) {
      Fail(path, fmt::format("expected true or false, got {}", KindName(*v)));
      return false;
    }
    return v->get_bool();
  }

  std::vector<std::string> Strings(const json::object& o, std::string_view key,
                                   const std::string& path) {
    std::vector<std::string> out;
    const json::array* a = Array(o, key, path);
    if (!a) return out;
    for (size_t i = 0; i < a->size(); ++i) {
      if (!(*a)[i].is_string()) {
        Fail(fmt::format("{}[{}]", path, i), "expected a string");
        return out;
      }
      out.emplace_back((*a)[i].get_string());
    }
    return out;
  }

  // Reads an enum by its stable name; `what` is the word in the message ("status").
  template <class E, class F>
  E Enum(const json::object& o, std::string_view key, const std::string& path,
         std::string_view what, F from_string, E fallback) {
    std::string name = String(o, key, path, /*required=*/true);
    if (!ok()) return fallback;
    auto value = from_string(name);
    if (!value) {
      Fail(path, fmt::format("unknown {} '{}'", what, Printable(name)));
      return fallback;
    }
    return *value;
  }

 private:
  static std::string_view KindName(const json::value& v) {
    switch (v.kind()) {
      case json::kind::null:
        return "null";
      case json::kind::bool_:
        return "a boolean";
      case json::kind::int64:
      case json::kind::uint64:
      case json::kind::double_:
        return "a number";
      case json::kind::string:
        return "a string";
      case json::kind::array:
        return "an array";
      case json::kind::object:
        return "an object";
    }
    return "something else";
  }

  // Keeps hostile names from flooding or garbling the message.
  static std::string Printable(std::string_view s) {
    std::string out;
    for (char c : s.substr(0, 40)) out += (c >= 0x20 && c < 0x7f) ? c : '?';
    if (s.size() > 40) out += "...";
    return out;
  }

  std::optional<Error> error_;
};

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

  if (const json::object* t = in.Object(o.if_contains("tls"), p("tls"), true)) {
    std::string tp = p("tls");
    probe::TlsFacts f;
    f.version = in.String(*t, "version", tp + ".version");
    f.cipher = in.String(*t, "cipher", tp + ".cipher");
    f.leaf_subject = in.String(*t, "leaf_subject", tp + ".leaf_subject");
    f.leaf_issuer = in.String(*t, "leaf_issuer", tp + ".leaf_issuer");
    f.leaf_not_after = in.String(*t, "leaf_not_after", tp + ".leaf_not_after");
    f.leaf_not_after_unix =
        in.Integer(*t, "leaf_not_after_unix", tp + ".leaf_not_after_unix",
                   std::numeric_limits<int64_t>::min(), std::numeric_limits<int64_t>::max());
    f.root_subject = in.String(*t, "root_subject", tp + ".root_subject");
    f.chain = in.Strings(*t, "chain", tp + ".chain");
    f.platform_trusted = in.Bool(*t, "platform_trusted", tp + ".platform_trusted");
    f.genuine_trusted = in.Bool(*t, "genuine_trusted", tp + ".genuine_trusted");
    f.verify_error = in.String(*t, "verify_error", tp + ".verify_error");
    f.genuine_verify_error = in.String(*t, "genuine_verify_error", tp + ".genuine_verify_error");
    f.intercepted = in.Bool(*t, "intercepted", tp + ".intercepted");
    f.interceptor = in.String(*t, "interceptor", tp + ".interceptor");
    f.interceptor_os_trusted =
        in.Bool(*t, "interceptor_os_trusted", tp + ".interceptor_os_trusted");
    r.tls = std::move(f);
  }
  if (const json::object* h = in.Object(o.if_contains("http"), p("http"), true)) {
    std::string hp = p("http");
    probe::HttpFacts f;
    f.status = static_cast<int>(in.Integer(*h, "status", hp + ".status", 0, 999));
    f.content_type = in.String(*h, "content_type", hp + ".content_type");
    f.server = in.String(*h, "server", hp + ".server");
    f.location = in.String(*h, "location", hp + ".location");
    r.http = std::move(f);
  }
  if (const json::object* n = in.Object(o.if_contains("ntp"), p("ntp"), true)) {
    std::string np = p("ntp");
    probe::NtpFacts f;
    f.offset_ms = in.Double(*n, "offset_ms", np + ".offset_ms").value_or(0);
    f.delay_ms = in.Double(*n, "delay_ms", np + ".delay_ms").value_or(0);
    f.stratum = static_cast<int>(in.Integer(*n, "stratum", np + ".stratum", 0, 255));
    r.ntp = f;
  }
  if (const json::object* u = in.Object(o.if_contains("udp"), p("udp"), true)) {
    std::string up = p("udp");
    probe::UdpFacts f;
    f.datagrams_sent =
        static_cast<int>(in.Integer(*u, "datagrams_sent", up + ".datagrams_sent", 0, 1000));
    f.datagrams_answered =
        static_cast<int>(in.Integer(*u, "datagrams_answered", up + ".datagrams_answered", 0, 1000));
    r.udp = f;
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
