// The terminal format: what is wrong and what to do first, then every row by category.
#include <fmt/format.h>

#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

#include "base/strings.h"
#include "probe/facts.h"
#include "report/common.h"
#include "report/render.h"
#include "results/route_comparison.h"

namespace orchard::report {
namespace {

constexpr size_t kWidth = 100;
constexpr size_t kAffectedShown = 8;

class Painter {
 public:
  explicit Painter(bool color) : color_(color) {}
  std::string operator()(std::string_view code, std::string_view text) const {
    if (!color_) return std::string(text);
    return fmt::format("\x1b[{}m{}\x1b[0m", code, text);
  }

 private:
  bool color_;
};

// Network text on a terminal: no escape sequences (CleanText) and no line breaks.
std::string OneLine(std::string_view s) {
  std::string out = CleanText(s);
  for (char& c : out) {
    if (c == '\n' || c == '\t') c = ' ';
  }
  return out;
}

std::string_view StatusColor(probe::Status s) {
  switch (s) {
    case probe::Status::kPass:
      return "32";
    case probe::Status::kFail:
      return "1;31";
    case probe::Status::kWarn:
      return "33";
    case probe::Status::kSkip:
      return "2";
  }
  return "0";
}

std::string_view StatusMark(probe::Status s) {
  switch (s) {
    case probe::Status::kPass:
      return "✓ pass";
    case probe::Status::kFail:
      return "✗ FAIL";
    case probe::Status::kWarn:
      return "! warn";
    case probe::Status::kSkip:
      return "- skip";
  }
  return "?";
}

std::string_view SeverityColor(diagnose::Severity s) {
  switch (s) {
    case diagnose::Severity::kCritical:
    case diagnose::Severity::kHigh:
      return "1;31";
    case diagnose::Severity::kMedium:
      return "33";
    case diagnose::Severity::kLow:
    case diagnose::Severity::kInfo:
      return "36";
  }
  return "0";
}

// Word-wraps `text` to kWidth, every line starting with `indent` spaces.
std::string Wrap(std::string_view raw, size_t indent, std::string_view first_prefix = "") {
  const std::string clean = OneLine(raw);
  std::string_view text = clean;
  std::string out(indent, ' ');
  out += first_prefix;
  size_t column = out.size();
  size_t pos = 0;
  bool line_empty = first_prefix.empty();
  while (pos < text.size()) {
    size_t end = text.find(' ', pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view word = text.substr(pos, end - pos);
    if (!line_empty && column + 1 + word.size() > kWidth) {
      out += '\n';
      out.append(indent, ' ');
      column = indent;
      line_empty = true;
    }
    if (!word.empty()) {
      if (!line_empty) {
        out += ' ';
        ++column;
      }
      out += word;
      column += word.size();
      line_empty = false;
    }
    pos = end + 1;
  }
  return out + "\n";
}

void RenderDiagnoses(std::string& out, const results::CheckDocument& doc, const Painter& paint) {
  const results::Summary s = results::Summarize(doc);
  if (doc.diagnoses.empty()) {
    if (std::string verdict = CleanVerdict(s); !verdict.empty()) {
      out += paint(NothingChecked(s) ? "1;33" : "1;32", verdict) + "\n\n";
    }
    return;
  }
  out += paint("1", fmt::format("What is wrong ({} finding{})", doc.diagnoses.size(),
                                doc.diagnoses.size() == 1 ? "" : "s")) +
         "\n\n";
  for (const auto& d : doc.diagnoses) {
    std::string severity = AsciiUpper(fmt::format("{:<8}", diagnose::ToString(d.severity)));
    out += "  " + paint(SeverityColor(d.severity), severity) + "  " + paint("1", OneLine(d.title)) +
           "\n";
    if (!d.explanation.empty()) out += Wrap(d.explanation, 12);
    if (!d.remedy.empty()) out += Wrap(d.remedy, 12, paint("1", "Fix:"));
    if (!d.affected.empty()) {
      out += Wrap(JoinLimited(d.affected, kAffectedShown), 12, "Affected:");
    }
    out += "\n";
  }
}

void RenderVerboseRow(std::string& out, const probe::CheckResult& r, const Painter& paint) {
  auto line = [&](std::string_view label, const std::string& text) {
    if (text.empty()) return;
    out += fmt::format("          {} {}\n", paint("2", fmt::format("{:<9}", label)), OneLine(text));
  };
  std::string chain;
  for (const auto& name : r.cname_chain) chain += (chain.empty() ? "" : " -> ") + name;
  line("cname", r.cname_chain.size() > 1 ? chain : "");
  line("resolver", r.resolver);
  std::string addresses;
  for (const auto& a : r.addresses) {
    addresses += fmt::format("{}{} {} ({})", addresses.empty() ? "" : ", ", a.address, a.outcome,
                             FormatMs(a.ms));
  }
  line("addresses", addresses);
  std::vector<probe::FactsLine> facts;
  for (const probe::FactsSpec& spec : probe::Facts()) spec.text(r, facts);
  for (const probe::FactsLine& f : facts) line(f.label, f.text);
  line("route", r.route.kind == "proxy" ? "proxy " + r.route.proxy : "");
  line("timings", FormatTimings(r.timings));
}

// Column widths of the result rows, from the run's own content (like `ls`): a cell is padded to
// its column's width and the columns are always joined by kGap, so no cell can run into the
// next however long it is. Only the target column is capped; a longer target pushes its row's
// later cells right but still keeps the gap.
struct Columns {
  size_t target = 0;
  size_t check = 0;
  size_t time = 0;    // pass rows: the total time, right-aligned
  size_t reason = 0;  // other rows: the reason code
};
constexpr std::string_view kGap = "  ";
constexpr size_t kMaxTargetWidth = 48;

Columns MeasureColumns(const std::vector<probe::CheckResult>& results) {
  Columns w;
  for (const auto& r : results) {
    w.target = std::max(w.target, OneLine(TargetLabel(r)).size());
    w.check = std::max(w.check, probe::ToString(r.check).size());
    if (r.status == probe::Status::kPass) {
      w.time = std::max(w.time, FormatMs(r.timings.total).size());
    } else {
      w.reason = std::max(w.reason, probe::ToString(r.reason).size());
    }
  }
  w.target = std::min(w.target, kMaxTargetWidth);
  return w;
}

void RenderResults(std::string& out, const results::CheckDocument& doc,
                   const RenderOptions& options, const Painter& paint) {
  const Columns w = MeasureColumns(doc.results);
  for (const auto& group : GroupByCategory(doc.results)) {
    out += paint("1", OneLine(group.category)) +
           paint("2", fmt::format("  {}/{} passed", group.passed, group.results.size())) + "\n";
    for (const auto* r : group.results) {
      std::string row = fmt::format(
          "  {}{}{:<{}}{}{:<{}}{}", paint(StatusColor(r->status), StatusMark(r->status)), kGap,
          OneLine(TargetLabel(*r)), w.target, kGap, probe::ToString(r->check), w.check, kGap);
      if (r->status == probe::Status::kPass) {
        row += fmt::format("{:>{}}", FormatMs(r->timings.total), w.time);
        if (!r->detail.empty()) row += std::string(kGap) + paint("2", OneLine(r->detail));
      } else {
        row += fmt::format("{:<{}}{}{}", probe::ToString(r->reason), w.reason, kGap,
                           OneLine(r->detail));
      }
      if (r->route.kind == "proxy" && !options.verbose) row += paint("2", "  via proxy");
      while (!row.empty() && row.back() == ' ') row.pop_back();
      out += row + "\n";
      if (options.verbose) RenderVerboseRow(out, *r, paint);
    }
    out += "\n";
  }
}

// --compare-routes: what going direct gives for the checks that went through a proxy.
void RenderComparison(std::string& out, const results::CheckDocument& doc, const Painter& paint) {
  const results::RouteComparisonSummary s = results::SummarizeComparison(doc.results);
  if (s.proxied == 0) return;
  out += paint("1", fmt::format("Through the proxy and direct ({} checks went through a proxy)",
                                s.proxied)) +
         "\n";
  out += Wrap(fmt::format("{} same either way; {} pass only through the proxy; {} pass only "
                          "direct; {} differ otherwise.",
                          s.same, s.only_proxy, s.only_direct, s.other),
              4);
  for (const probe::CheckResult* r : s.differing)
    out += Wrap(results::DescribeComparison(*r), 6, "-");
  out += "\n";
}

}  // namespace

std::string RenderText(const results::CheckDocument& doc, const RenderOptions& options) {
  Painter paint(options.color);
  std::string out;
  std::string header = "orchard";
  if (!doc.run.orchard_version.empty()) header += " " + doc.run.orchard_version;
  if (!doc.run.hostname.empty()) header += " on " + doc.run.hostname;
  if (!doc.run.started_at.empty()) header += " at " + doc.run.started_at;
  if (!doc.run.labels.empty()) header += " · labels: " + LabelList(doc.run.labels);
  if (!doc.run.catalog_source.empty()) {
    header += " · catalog: " + doc.run.catalog_source;
    if (!doc.run.catalog_date.empty()) header += " (" + doc.run.catalog_date + ")";
  }
  if (!doc.run.routing.empty() && doc.run.routing != "direct") {
    header += " · route: " + doc.run.routing;
  }
  out += paint("2", OneLine(header)) + "\n";
  if (doc.host) out += paint("2", OneLine("Host: " + host::HostSummary(*doc.host))) + "\n";
  for (const auto& note : doc.run.notes) out += paint("2", OneLine("note: " + note)) + "\n";
  out += "\n";
  RenderDiagnoses(out, doc, paint);
  RenderComparison(out, doc, paint);
  RenderResults(out, doc, options, paint);
  const results::Summary s = results::Summarize(doc);
  std::string_view color = s.failed ? "1;31" : (s.warned ? "33" : "1;32");
  out += paint(color, SummaryLine(s)) + "\n";
  return out;
}

}  // namespace orchard::report
