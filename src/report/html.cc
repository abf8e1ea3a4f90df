// One self-contained HTML page for a network team: summary, diagnoses, a table per category
// with a timing bar per check (inline SVG). No scripts, no external assets; every piece of
// text is escaped.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "probe/facts.h"
#include "report/common.h"
#include "report/html_style.h"
#include "report/render.h"
#include "results/route_comparison.h"

namespace orchard::report {
namespace {

constexpr double kBarWidth = 140;

std::string_view StatusClass(probe::Status s) { return probe::ToString(s); }

std::string Anchor(std::string_view category) {
  std::string id = "cat-";
  for (char c : category) id += std::isalnum(static_cast<unsigned char>(c)) ? c : '-';
  return id;
}

// A stacked bar of the phases. Its length is on a log scale (the slowest check in the run fills
// the width), so a 40 ms check stays visible beside a 5 s timeout; the phases split that length
// in proportion to their share of the check's time.
std::string TimingBar(const probe::Timings& t, double scale_ms) {
  std::string svg = fmt::format(
      R"(<svg width="{:.0f}" height="10" viewBox="0 0 {:.0f} 10" role="img"><title>{}</title>)",
      kBarWidth, kBarWidth, MarkupEscape(FormatTimings(t)));
  svg += fmt::format(R"(<rect width="{:.0f}" height="10" rx="2" fill="#eef1f4"/>)", kBarWidth);
  double total = std::isfinite(t.total) && t.total > 0 ? t.total : 0;
  if (total <= 0) return svg + "</svg>";
  double length = kBarWidth * std::log1p(total) / std::log1p(scale_ms);
  double x = 0;
  double used = 0;
  auto segment = [&](const std::optional<double>& ms, std::string_view color) {
    if (!ms || !std::isfinite(*ms) || *ms <= 0) return;
    double w = std::min(length - x, *ms / total * length);
    if (w <= 0) return;
    svg += fmt::format(R"(<rect x="{:.1f}" width="{:.1f}" height="10" fill="{}"/>)", x,
                       std::max(w, 1.0), color);
    x += w;
    used += *ms;
  };
  segment(t.dns, "var(--dns)");
  segment(t.connect, "var(--connect)");
  segment(t.tls, "var(--tls)");
  segment(t.first_byte, "var(--fb)");
  if (total > used) segment(total - used, "var(--rest)");
  return svg + "</svg>";
}

void SummarySection(std::string& out, const results::CheckDocument& doc) {
  const results::Summary s = results::Summarize(doc);
  out += R"(<section class="cards">)";
  auto card = [&](std::string_view cls, int n, std::string_view label) {
    out += fmt::format(R"(<div class="card {}"><b>{}</b>{}</div>)", cls, n, label);
  };
  card("fail", s.failed, "failed");
  card("warn", s.warned, "warned");
  card("pass", s.passed, "passed");
  card("skip", s.skipped, "skipped");
  out += fmt::format(R"(<div class="card"><b>{}</b>checks in {}</div>)", s.total,
                     MarkupEscape(FormatMs(s.duration_ms)));
  out += "</section>\n";
  std::string_view cls = s.failed ? "bad" : (s.warned ? "meh" : "good");
  std::string verdict =
      s.failed
          ? fmt::format("{} of {} checks failed: {} found.", s.failed, s.total,
                        doc.diagnoses.size() == 1 ? std::string("1 cause")
                                                  : fmt::format("{} causes", doc.diagnoses.size()))
      : s.warned ? fmt::format("Everything is reachable, but {} checks need attention.", s.warned)
                 : std::string("Every Apple service checked is reachable from this network.");
  out += fmt::format(R"(<p class="verdict {}">{}</p>)", cls, MarkupEscape(verdict)) + "\n";
}

void DiagnosisSection(std::string& out, const results::CheckDocument& doc) {
  if (doc.diagnoses.empty()) return;
  out += "<section><h2>What is wrong, and what to do</h2>\n";
  for (const auto& d : doc.diagnoses) {
    std::string_view sev = diagnose::ToString(d.severity);
    out += fmt::format(R"(<article class="diag sev-{}"><span class="sev">{}</span>)", sev, sev);
    out += fmt::format("<h3>{}</h3>", MarkupEscape(d.title));
    if (!d.explanation.empty()) out += "<p>" + MarkupEscape(d.explanation) + "</p>";
    if (!d.remedy.empty()) {
      out += R"(<p class="fix"><b>Fix:</b> )" + MarkupEscape(d.remedy) + "</p>";
    }
    if (!d.affected.empty()) {
      out += fmt::format("<details><summary>Affected: {} target{}</summary><ul class=\"affected\">",
                         d.affected.size(), d.affected.size() == 1 ? "" : "s");
      for (const auto& a : d.affected) out += "<li><code>" + MarkupEscape(a) + "</code></li>";
      out += "</ul></details>";
    }
    out += "</article>\n";
  }
  out += "</section>\n";
}

std::string RowFacts(const probe::CheckResult& r) {
  std::vector<std::string> facts;
  if (r.cname_chain.size() > 1) {
    std::string chain;
    for (const auto& n : r.cname_chain) chain += (chain.empty() ? "" : " → ") + n;
    facts.push_back("CNAME " + chain);
  }
  for (const auto& a : r.addresses) {
    facts.push_back(
        fmt::format("{} port {}: {} ({})", a.address, a.port, a.outcome, FormatMs(a.ms)));
  }
  for (const probe::FactsSpec& spec : probe::Facts()) spec.html(r, facts);
  if (facts.empty()) return "";
  std::string out = R"(<details><summary>details</summary><ul class="facts">)";
  for (const auto& f : facts) out += "<li>" + MarkupEscape(f) + "</li>";
  return out + "</ul></details>";
}

void ResultSection(std::string& out, const results::CheckDocument& doc) {
  double scale = 1;
  for (const auto& r : doc.results) {
    if (std::isfinite(r.timings.total)) scale = std::max(scale, r.timings.total);
  }
  auto groups = GroupByCategory(doc.results);
  out += "<section><h2>Results by category</h2>\n<nav class=\"cats\">";
  for (const auto& g : groups) {
    out += fmt::format(R"(<a href="#{}"{}>{} {}/{}</a>)", Anchor(g.category),
                       g.failed ? R"( class="bad")" : "", MarkupEscape(g.category), g.passed,
                       g.results.size());
  }
  out += "</nav>\n";
  out += R"h(<p class="legend">Timing:<i style="background:var(--dns)"></i>DNS)h"
         R"h(<i style="background:var(--connect)"></i>connect)h"
         R"h(<i style="background:var(--tls)"></i>TLS<i style="background:var(--fb)"></i>)h"
         R"h(first byte<i style="background:var(--rest)"></i>other. )h"
         "Bar length is on a log scale; the slowest check fills it.</p>"
         "\n";
  for (const auto& g : groups) {
    out += fmt::format(R"(<div class="cat" id="{}"><h3>{}</h3><span>{}/{} passed)",
                       Anchor(g.category), MarkupEscape(g.category), g.passed, g.results.size());
    if (g.failed) out += fmt::format(", {} failed", g.failed);
    if (g.warned) out += fmt::format(", {} warned", g.warned);
    out +=
        "</span></div>\n<table><thead><tr><th>Status</th><th>Target</th><th>Check</th>"
        "<th>Reason</th><th>Detail</th><th>Time</th></tr></thead><tbody>\n";
    for (const auto* r : g.results) {
      std::string target = fmt::format("<code>{}:{}</code>", MarkupEscape(r->host), r->port);
      if (r->transport == "udp") target += " <span class=\"sub\">udp</span>";
      if (!r->target.empty() && r->target != r->host) {
        target += R"(<div class="sub">)" + MarkupEscape(r->target) + "</div>";
      }
      if (r->route.kind == "proxy") {
        target += R"(<div class="sub">via proxy )" + MarkupEscape(r->route.proxy) + "</div>";
      }
      out += fmt::format(
          R"(<tr class="{}"><td><span class="pill {}">{}</span></td><td>{}</td><td>{}</td>)"
          R"(<td>{}</td><td>{}{}</td><td class="time">{}{}</td></tr>)"
          "\n",
          StatusClass(r->status), StatusClass(r->status), probe::ToString(r->status), target,
          probe::ToString(r->check),
          r->reason == probe::Reason::kOk
              ? std::string()
              : fmt::format("<code>{}</code>", probe::ToString(r->reason)),
          MarkupEscape(r->detail), RowFacts(*r), TimingBar(r->timings, scale),
          MarkupEscape(FormatMs(r->timings.total)));
    }
    out += "</tbody></table>\n";
  }
  out += "</section>\n";
}

// --compare-routes: what going direct gives for the checks that went through a proxy.
void ComparisonSection(std::string& out, const results::CheckDocument& doc) {
  const results::RouteComparisonSummary c = results::SummarizeComparison(doc.results);
  if (c.proxied == 0) return;
  out += "<section><h2>Through the proxy and direct</h2>\n";
  out += fmt::format(
      "<p>{} checks went through a proxy: {} same either way, {} pass only through the proxy, "
      "{} pass only direct, {} differ otherwise.</p>\n",
      c.proxied, c.same, c.only_proxy, c.only_direct, c.other);
  if (!c.differing.empty()) {
    out +=
        "<table><thead><tr><th>Target</th><th>Check</th><th>Through the proxy</th>"
        "<th>Direct</th></tr></thead><tbody>\n";
    for (const probe::CheckResult* r : c.differing) {
      out += fmt::format(
          "<tr><td><code>{}</code></td><td>{}</td><td>{} {}</td><td>{} {}<br><small>{}</small>"
          "</td></tr>\n",
          MarkupEscape(fmt::format("{}:{}", r->target, r->port)), probe::ToString(r->check),
          probe::ToString(r->status), probe::ToString(r->reason),
          probe::ToString(r->compared->status), probe::ToString(r->compared->reason),
          MarkupEscape(r->compared->detail));
    }
    out += "</tbody></table>\n";
  }
  out += "</section>\n";
}

}  // namespace

std::string RenderHtml(const results::CheckDocument& doc, const RenderOptions&) {
  const results::Summary s = results::Summarize(doc);
  std::string title = "orchard report";
  if (!doc.run.hostname.empty()) title += ": " + doc.run.hostname;
  title += fmt::format(" ({} failed of {})", s.failed, s.total);
  std::string out = "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n";
  out += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
  out += "<title>" + MarkupEscape(title) + "</title>\n<style>" + std::string(kHtmlStyle) +
         "</style></head>\n<body><main>\n";
  out += "<header><h1>Apple services reachability</h1><p class=\"meta\">";
  std::vector<std::string> meta;
  if (!doc.run.hostname.empty()) meta.push_back("from " + doc.run.hostname);
  if (!doc.run.labels.empty()) meta.push_back("labels: " + LabelList(doc.run.labels));
  if (!doc.run.started_at.empty()) meta.push_back(doc.run.started_at);
  if (!doc.run.catalog_source.empty()) {
    std::string catalog = "catalog: " + doc.run.catalog_source;
    if (!doc.run.catalog_date.empty()) catalog += " (" + doc.run.catalog_date + ")";
    meta.push_back(catalog);
  }
  if (!doc.run.profiles.empty()) {
    std::string profiles = "profiles:";
    for (const auto& p : doc.run.profiles) profiles += " " + p;
    meta.push_back(profiles);
  }
  if (!doc.run.routing.empty() && doc.run.routing != "direct") {
    meta.push_back("route: " + doc.run.routing);
  }
  if (doc.host) meta.push_back("host: " + host::HostSummary(*doc.host));
  for (size_t i = 0; i < meta.size(); ++i) out += (i ? " · " : "") + MarkupEscape(meta[i]);
  out += "</p></header>\n";
  SummarySection(out, doc);
  DiagnosisSection(out, doc);
  ComparisonSection(out, doc);
  ResultSection(out, doc);
  out += "<footer>Generated by orchard";
  if (!doc.run.orchard_version.empty()) out += " " + MarkupEscape(doc.run.orchard_version);
  if (!doc.run.run_id.empty()) out += " · run " + MarkupEscape(doc.run.run_id);
  out += " · schema orchard/check-v1. Re-render with <code>orchard explain</code>.</footer>\n";
  out += "</main></body></html>\n";
  return out;
}

}  // namespace orchard::report
