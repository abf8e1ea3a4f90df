#include "report/common.h"

#include <fmt/format.h>

#include <cmath>

#include "base/strings.h"

namespace orchard::report {

std::vector<CategoryGroup> GroupByCategory(const std::vector<probe::CheckResult>& results) {
  std::vector<CategoryGroup> groups;
  for (const auto& r : results) {
    CategoryGroup* group = nullptr;
    for (auto& g : groups) {
      if (g.category == r.category) group = &g;
    }
    if (!group) {
      groups.push_back(CategoryGroup{r.category, {}, 0, 0, 0, 0});
      group = &groups.back();
    }
    group->results.push_back(&r);
    switch (r.status) {
      case probe::Status::kPass:
        ++group->passed;
        break;
      case probe::Status::kFail:
        ++group->failed;
        break;
      case probe::Status::kWarn:
        ++group->warned;
        break;
      case probe::Status::kSkip:
        ++group->skipped;
        break;
    }
  }
  return groups;
}

std::string TargetLabel(const probe::CheckResult& r) {
  std::string label = fmt::format("{}:{}", r.host, r.port);
  if (r.transport == "udp") label += "/udp";
  if (!r.target.empty() && r.target != r.host) label += fmt::format(" ({})", r.target);
  return label;
}

std::string FormatMs(double ms) {
  if (!std::isfinite(ms) || ms < 0) return "-";
  if (ms < 10) return fmt::format("{:.1f} ms", ms);
  if (ms < 1000) return fmt::format("{:.0f} ms", ms);
  return fmt::format("{:.1f} s", ms / 1000);
}

std::string FormatTimings(const probe::Timings& t) {
  std::string out;
  auto add = [&](std::string_view name, const std::optional<double>& ms) {
    if (!ms) return;
    out += fmt::format("{}{} {}", out.empty() ? "" : ", ", name, FormatMs(*ms));
  };
  add("dns", t.dns);
  add("connect", t.connect);
  add("tls", t.tls);
  add("first byte", t.first_byte);
  add("total", t.total);
  return out;
}

std::string SummaryLine(const results::Summary& s) {
  return fmt::format("{} checks: {} passed, {} failed, {} warned, {} skipped in {}", s.total,
                     s.passed, s.failed, s.warned, s.skipped, FormatMs(s.duration_ms));
}

bool NothingChecked(const results::Summary& s) { return s.passed + s.failed + s.warned == 0; }

std::string CleanVerdict(const results::Summary& s) {
  if (NothingChecked(s)) {
    if (s.total == 0) return "Nothing was checked: no catalog row was selected.";
    return fmt::format("Nothing was checked: all {} check{} skipped.", s.total,
                       s.total == 1 ? " was" : "s were");
  }
  if (s.failed > 0 || s.warned > 0) return "";
  if (s.skipped == 0) return "No problems found: every check passed.";
  int ran = s.total - s.skipped;
  return fmt::format("No problems found in the {} check{} that ran ({} skipped).", ran,
                     ran == 1 ? "" : "s", s.skipped);
}

std::string LabelList(const std::map<std::string, std::string>& labels) {
  std::string out;
  for (const auto& [key, value] : labels) {
    out += fmt::format("{}{}={}", out.empty() ? "" : ", ", key, value);
  }
  return out;
}

std::string MarkupEscape(std::string_view s) {
  std::string clean = CleanText(s);
  std::string out;
  out.reserve(clean.size());
  for (char c : clean) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

}  // namespace orchard::report
