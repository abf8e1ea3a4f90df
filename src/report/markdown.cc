// Markdown for tickets: summary, diagnoses, then a table per category.
#include <fmt/format.h>

#include "base/strings.h"
#include "report/common.h"
#include "report/render.h"
#include "results/route_comparison.h"

namespace orchard::report {
namespace {

// Text that renders as itself: Markdown and inline-HTML characters get a backslash, table cell
// separators and line breaks cannot break the table.
std::string Md(std::string_view raw) {
  std::string out;
  for (char c : CleanText(raw)) {
    if (c == '\n' || c == '\t') {
      out += ' ';
    } else if (std::string_view("\\`*_[]<>|").find(c) != std::string_view::npos) {
      out += '\\';
      out += c;
    } else {
      out += c;
    }
  }
  return out;
}

// Identifiers (hosts, reasons) as code spans, which need no escaping but for the backtick and
// the table's cell separator.
std::string Code(std::string_view raw) {
  if (raw.empty()) return "";
  std::string out = "`";
  for (char c : CleanText(raw)) {
    if (c == '`' || c == '\n' || c == '\t') {
      out += c == '`' ? '\'' : ' ';
    } else if (c == '|') {
      out += "\\|";
    } else {
      out += c;
    }
  }
  return out + "`";
}

std::string_view Mark(probe::Status s) {
  switch (s) {
    case probe::Status::kPass:
      return "✅ pass";
    case probe::Status::kFail:
      return "❌ **FAIL**";
    case probe::Status::kWarn:
      return "⚠️ warn";
    case probe::Status::kSkip:
      return "⏭️ skip";
  }
  return "";
}

}  // namespace

std::string RenderMarkdown(const results::CheckDocument& doc, const RenderOptions& options) {
  const results::Summary s = results::Summarize(doc);
  std::string out = "# orchard: Apple services reachability";
  if (!doc.run.hostname.empty()) out += " from " + Md(doc.run.hostname);
  out += "\n\n";
  if (!doc.run.started_at.empty()) out += fmt::format("Run at {}", Md(doc.run.started_at));
  if (!doc.run.catalog_source.empty()) {
    out += fmt::format(" against {}", Md(doc.run.catalog_source));
    if (!doc.run.catalog_date.empty()) out += fmt::format(" ({})", Md(doc.run.catalog_date));
  }
  if (!doc.run.routing.empty() && doc.run.routing != "direct") {
    const bool first = doc.run.started_at.empty() && doc.run.catalog_source.empty();
    out += fmt::format("{} {}", first ? "Routed by" : ", routed by", Md(doc.run.routing));
  }
  out += "\n\n";
  if (!doc.run.labels.empty()) out += "Labels: " + Md(LabelList(doc.run.labels)) + "\n\n";
  if (doc.host) out += "Host: " + Md(host::HostSummary(*doc.host)) + "\n\n";
  out += fmt::format("**{}**\n\n", Md(SummaryLine(s)));

  out += "## What is wrong\n\n";
  if (doc.diagnoses.empty()) out += "Nothing: no problem was found.\n\n";
  for (const auto& d : doc.diagnoses) {
    std::string severity = AsciiUpper(diagnose::ToString(d.severity));
    out += fmt::format("### {}: {}\n\n", severity, Md(d.title));
    if (!d.explanation.empty()) out += Md(d.explanation) + "\n\n";
    if (!d.remedy.empty()) out += "**Fix:** " + Md(d.remedy) + "\n\n";
    if (!d.affected.empty()) {
      out += "**Affected:** ";
      for (size_t i = 0; i < d.affected.size(); ++i) {
        out += fmt::format("{}{}", i ? ", " : "", Code(d.affected[i]));
      }
      out += "\n\n";
    }
  }

  if (const results::RouteComparisonSummary c = results::SummarizeComparison(doc.results);
      c.proxied > 0) {
    out += "## Through the proxy and direct\n\n";
    out += fmt::format(
        "{} checks went through a proxy: {} same either way, {} pass only through the proxy, {} "
        "pass only direct, {} differ otherwise.\n\n",
        c.proxied, c.same, c.only_proxy, c.only_direct, c.other);
    for (const probe::CheckResult* r : c.differing)
      out += "- " + Md(results::DescribeComparison(*r)) + "\n";
    if (!c.differing.empty()) out += "\n";
  }

  out += "## Results\n\n";
  for (const auto& group : GroupByCategory(doc.results)) {
    out += fmt::format("### {} ({}/{} passed)\n\n", Md(group.category), group.passed,
                       group.results.size());
    out += "| Status | Target | Check | Reason | Detail | Time |\n";
    out += "|---|---|---|---|---|---:|\n";
    for (const auto* r : group.results) {
      std::string detail = Md(r->detail);
      if (options.verbose && r->cname_chain.size() > 1) {
        std::string chain;
        for (const auto& n : r->cname_chain) chain += (chain.empty() ? "" : " → ") + Md(n);
        detail += (detail.empty() ? "" : "; ") + std::string("CNAME ") + chain;
      }
      if (r->route.kind == "proxy") detail += " (via proxy " + Md(r->route.proxy) + ")";
      out += fmt::format("| {} | {} | {} | {} | {} | {} |\n", Mark(r->status),
                         Code(TargetLabel(*r)), probe::ToString(r->check),
                         r->reason == probe::Reason::kOk ? "" : Code(probe::ToString(r->reason)),
                         detail, FormatMs(r->timings.total));
    }
    out += "\n";
  }
  return out;
}

}  // namespace orchard::report
