#include "serve/metrics.h"

#include <prometheus/counter.h>
#include <prometheus/gauge.h>
#include <prometheus/registry.h>
#include <prometheus/text_serializer.h>

#include <map>
#include <sstream>
#include <vector>

#include "probe/facts.h"

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

std::vector<std::vector<prometheus::Family<prometheus::Gauge>*>> FactsFamilies(
    prometheus::Registry& reg) {
  std::vector<std::vector<prometheus::Family<prometheus::Gauge>*>> out;
  for (const probe::FactsSpec& facts : probe::Facts()) {
    auto& families = out.emplace_back();
    for (const probe::GaugeSpec& gauge : facts.gauges) {
      families.push_back(&prometheus::BuildGauge()
                              .Name(std::string(gauge.name))
                              .Help(std::string(gauge.help))
                              .Register(reg));
    }
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
        facts(FactsFamilies(reg)),
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
  // Per facts row (probe::Facts()), a family per gauge it describes.
  std::vector<std::vector<prometheus::Family<prometheus::Gauge>*>> facts;
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
  const auto facts = probe::Facts();
  std::vector<probe::GaugeValue> values;
  for (size_t i = 0; i < facts.size(); ++i) {
    values.clear();
    facts[i].gauge_values(r, values);
    for (const probe::GaugeValue& v : values) {
      prometheus::Family<prometheus::Gauge>& family = *f.facts[i][v.gauge];
      if (v.label.empty()) {
        family.Add(labels).Set(v.value);
      } else {
        family.Add(With(labels, std::string(v.label), LabelSafe(v.label_value))).Set(v.value);
      }
    }
  }
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
