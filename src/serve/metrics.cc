#include "serve/metrics.h"

#include <prometheus/counter.h>
#include <prometheus/gauge.h>
#include <prometheus/registry.h>
#include <prometheus/text_serializer.h>

#include <map>
#include <sstream>
#include <vector>

namespace orchard::serve {
namespace {

using prometheus::Labels;

Labels RowLabels(const probe::CheckResult& r) {
  return Labels{{"category", r.category},
                {"host", r.host},
                {"port", std::to_string(r.port)},
                {"transport", r.transport},
                {"check", std::string(probe::ToString(r.check))},
                {"route", r.route.kind}};
}

Labels With(Labels labels, const std::string& key, const std::string& value) {
  labels.emplace(key, value);
  return labels;
}

// Interceptor names come from a certificate an attacker may control: keep them printable and
// short so a hostile issuer cannot blow up the exposition.
std::string LabelSafe(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (out.size() >= 64) break;
    unsigned char u = static_cast<unsigned char>(c);
    out += (u >= 0x20 && u < 0x7f) ? c : '?';
  }
  return out;
}

struct Families {
  explicit Families(prometheus::Registry& reg)
      : success(prometheus::BuildGauge()
                    .Name("orchard_probe_success")
                    .Help("1 when the check passed, 0 otherwise")
                    .Register(reg)),
        duration(prometheus::BuildGauge()
                     .Name("orchard_probe_duration_seconds")
                     .Help("Duration of each phase of the check (resolve, connect, tls, "
                           "processing, total)")
                     .Register(reg)),
        reason(prometheus::BuildGauge()
                   .Name("orchard_probe_failure_reason")
                   .Help("1 for the check's current reason code (ok when it passed)")
                   .Register(reg)),
        intercepted(prometheus::BuildGauge()
                        .Name("orchard_tls_intercepted")
                        .Help("1 when an HTTPS-inspecting device re-signed the TLS connection")
                        .Register(reg)),
        expiry(prometheus::BuildGauge()
                   .Name("orchard_tls_cert_expiry_timestamp_seconds")
                   .Help("notAfter of the leaf certificate the server sent, Unix time")
                   .Register(reg)),
        ntp_offset(prometheus::BuildGauge()
                       .Name("orchard_ntp_offset_seconds")
                       .Help("Local clock offset against the NTP server (positive: local is "
                             "behind)")
                       .Register(reg)),
        diagnosis(prometheus::BuildGauge()
                      .Name("orchard_diagnosis")
                      .Help("1 for each root cause the last run diagnosed")
                      .Register(reg)),
        last_run(prometheus::BuildGauge()
                     .Name("orchard_last_run_timestamp_seconds")
                     .Help("When the last run finished, Unix time")
                     .Register(reg)),
        run_duration(prometheus::BuildGauge()
                         .Name("orchard_last_run_duration_seconds")
                         .Help("How long the last run took")
                         .Register(reg)),
        runs(prometheus::BuildCounter()
                 .Name("orchard_runs_total")
                 .Help("Runs completed since the exporter started")
                 .Register(reg)),
        build(prometheus::BuildGauge()
                  .Name("orchard_build_info")
                  .Help("Always 1; the labels say which orchard is running")
                  .Register(reg)) {}

  prometheus::Family<prometheus::Gauge>& success;
  prometheus::Family<prometheus::Gauge>& duration;
  prometheus::Family<prometheus::Gauge>& reason;
  prometheus::Family<prometheus::Gauge>& intercepted;
  prometheus::Family<prometheus::Gauge>& expiry;
  prometheus::Family<prometheus::Gauge>& ntp_offset;
  prometheus::Family<prometheus::Gauge>& diagnosis;
  prometheus::Family<prometheus::Gauge>& last_run;
  prometheus::Family<prometheus::Gauge>& run_duration;
  prometheus::Family<prometheus::Counter>& runs;
  prometheus::Family<prometheus::Gauge>& build;
};

void AddDurations(Families& f, const Labels& labels, const probe::Timings& t) {
  const std::pair<const char*, const std::optional<double>*> phases[] = {
      {"resolve", &t.dns}, {"connect", &t.connect}, {"tls", &t.tls}, {"processing", &t.first_byte}};
  for (const auto& [phase, value] : phases) {
    if (*value) f.duration.Add(With(labels, "phase", phase)).Set(**value / 1000.0);
  }
  f.duration.Add(With(labels, "phase", "total")).Set(t.total / 1000.0);
}

void AddResult(Families& f, const probe::CheckResult& r) {
  Labels labels = RowLabels(r);
  f.success.Add(labels).Set(r.status == probe::Status::kPass ? 1 : 0);
  f.reason.Add(With(labels, "reason", std::string(probe::ToString(r.reason)))).Set(1);
  AddDurations(f, labels, r.timings);
  if (r.tls) {
    f.intercepted.Add(With(labels, "interceptor", LabelSafe(r.tls->interceptor)))
        .Set(r.tls->intercepted ? 1 : 0);
    if (r.tls->leaf_not_after_unix > 0) {
      f.expiry.Add(labels).Set(static_cast<double>(r.tls->leaf_not_after_unix));
    }
  }
  if (r.ntp) f.ntp_offset.Add(labels).Set(r.ntp->offset_ms / 1000.0);
}

}  // namespace

std::string RenderMetrics(const results::CheckDocument& doc, const ExporterCounters& counters,
                          const std::string& version) {
  prometheus::Registry registry;
  Families f(registry);
  f.build.Add({{"version", version}, {"schema", results::kCheckSchema}}).Set(1);
  f.runs.Add({}).Increment(static_cast<double>(counters.runs_total));
  if (counters.last_run_unix > 0) {
    f.last_run.Add({}).Set(counters.last_run_unix);
    f.run_duration.Add({}).Set(counters.last_run_duration_seconds);
  }
  for (const auto& r : doc.results) AddResult(f, r);
  for (const auto& d : doc.diagnoses) {
    f.diagnosis.Add({{"id", d.id}, {"severity", std::string(diagnose::ToString(d.severity))}})
        .Set(1);
  }
  std::ostringstream out;
  prometheus::TextSerializer().Serialize(out, registry.Collect());
  return out.str();
}

}  // namespace orchard::serve
