#include "report/common.h"

#include <fmt/format.h>

#include <cmath>

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

std::string SummaryLine(const Summary& s) {
  return fmt::format("{} checks: {} passed, {} failed, {} warned, {} skipped in {}", s.total,
                     s.passed, s.failed, s.warned, s.skipped, FormatMs(s.duration_ms));
}

std::string JoinLimited(const std::vector<std::string>& items, size_t limit) {
  std::string out;
  size_t shown = items.size() > limit ? limit : items.size();
  for (size_t i = 0; i < shown; ++i) {
    if (i) out += (i + 1 == shown && shown == items.size()) ? " and " : ", ";
    out += items[i];
  }
  if (items.size() > shown) out += fmt::format(" and {} more", items.size() - shown);
  return out;
}

}  // namespace orchard::report
