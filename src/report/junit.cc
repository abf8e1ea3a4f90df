// JUnit XML for CI systems: a testsuite per category, a testcase per check. A fail is a
// <failure> (reason as type, reason and detail as message); a skip is <skipped>; a warn passes
// and carries its reason in <system-out>, so a CI run fails only on real failures.
#include <fmt/format.h>

#include "probe/facts.h"
#include "report/common.h"
#include "report/render.h"

namespace orchard::report {
namespace {

std::string Seconds(double ms) { return fmt::format("{:.3f}", ms > 0 ? ms / 1000 : 0.0); }

std::string Facts(const probe::CheckResult& r) {
  std::string out = r.detail;
  if (r.cname_chain.size() > 1) {
    out += "\ncname:";
    for (const auto& name : r.cname_chain) out += " " + name;
  }
  for (const auto& a : r.addresses) {
    out += fmt::format("\naddress {} {} ({})", a.address, a.outcome, FormatMs(a.ms));
  }
  std::vector<std::string> facts;
  for (const probe::FactsSpec& spec : probe::Facts()) spec.junit(r, facts);
  for (const std::string& f : facts) out += "\n" + f;
  if (r.route.kind == "proxy") out += "\nroute: proxy " + r.route.proxy;
  std::string timings = FormatTimings(r.timings);
  if (!timings.empty()) out += "\ntimings: " + timings;
  return out;
}

void Testcase(std::string& out, const probe::CheckResult& r) {
  std::string name = fmt::format("{} {}", TargetLabel(r), probe::ToString(r.check));
  out += fmt::format(R"(    <testcase classname="orchard.{}" name="{}" time="{}")",
                     MarkupEscape(r.category), MarkupEscape(name), Seconds(r.timings.total));
  std::string_view reason = probe::ToString(r.reason);
  std::string message = fmt::format("{}: {}", reason, r.detail);
  switch (r.status) {
    case probe::Status::kPass:
      out += "/>\n";
      return;
    case probe::Status::kFail:
      out += fmt::format(">\n      <failure type=\"{}\" message=\"{}\">{}</failure>\n", reason,
                         MarkupEscape(message), MarkupEscape(Facts(r)));
      break;
    case probe::Status::kSkip:
      out += fmt::format(">\n      <skipped message=\"{}\"/>\n", MarkupEscape(message));
      break;
    case probe::Status::kWarn:
      out += fmt::format(">\n      <system-out>WARN {}</system-out>\n",
                         MarkupEscape(message + "\n" + Facts(r)));
      break;
  }
  out += "    </testcase>\n";
}

// The run's identity as <properties>, the place JUnit readers (Jenkins, GitLab, Azure DevOps)
// show per-suite facts: the host name, the run id and each --label as "label.KEY". Repeated in
// every <testsuite> because that is where the schema allows them. "" when there is nothing.
std::string RunProperties(const results::RunInfo& run,
                          const std::optional<host::HostFacts>& facts) {
  std::string props;
  auto add = [&](std::string_view name, std::string_view value) {
    props += fmt::format("      <property name=\"{}\" value=\"{}\"/>\n", MarkupEscape(name),
                         MarkupEscape(value));
  };
  if (!run.hostname.empty()) add("hostname", run.hostname);
  if (!run.run_id.empty()) add("run_id", run.run_id);
  if (facts) add("host", host::HostSummary(*facts));
  for (const auto& [key, value] : run.labels) add("label." + key, value);
  return props.empty() ? props : "    <properties>\n" + props + "    </properties>\n";
}

}  // namespace

std::string RenderJunit(const results::CheckDocument& doc, const RenderOptions&) {
  const results::Summary s = results::Summarize(doc);
  std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  out += fmt::format(
      "<testsuites name=\"orchard\" tests=\"{}\" failures=\"{}\" errors=\"0\" skipped=\"{}\" "
      "time=\"{}\">\n",
      s.total, s.failed, s.skipped, Seconds(s.duration_ms));
  const std::string properties = RunProperties(doc.run, doc.host);
  for (const auto& group : GroupByCategory(doc.results)) {
    double ms = 0;
    for (const auto* r : group.results) ms += r->timings.total;
    out += fmt::format(
        "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"0\" skipped=\"{}\" "
        "time=\"{}\"",
        MarkupEscape(group.category), group.results.size(), group.failed, group.skipped,
        Seconds(ms));
    if (!doc.run.started_at.empty()) {
      out += fmt::format(" timestamp=\"{}\"", MarkupEscape(doc.run.started_at));
    }
    if (!doc.run.hostname.empty()) {
      out += fmt::format(" hostname=\"{}\"", MarkupEscape(doc.run.hostname));
    }
    out += ">\n" + properties;
    for (const auto* r : group.results) Testcase(out, *r);
    out += "  </testsuite>\n";
  }
  out += "</testsuites>\n";
  return out;
}

}  // namespace orchard::report
