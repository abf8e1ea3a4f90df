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

bool NothingChecked(const Summary& s) { return s.passed + s.failed + s.warned == 0; }

std::string CleanVerdict(const Summary& s) {
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

std::string CleanText(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  size_t i = 0;
  while (i < s.size()) {
    auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      out += (c < 0x20 && c != '\t' && c != '\n') || c == 0x7f ? ' ' : static_cast<char>(c);
      ++i;
      continue;
    }
    // Length and lowest code point of a sequence by its lead byte; overlong forms, surrogates
    // and code points past U+10FFFF are invalid.
    size_t len = c >= 0xf0 && c <= 0xf4 ? 4 : c >= 0xe0 ? 3 : c >= 0xc2 && c <= 0xdf ? 2 : 0;
    bool valid = len > 0 && i + len <= s.size();
    uint32_t cp = len == 2 ? c & 0x1f : len == 3 ? c & 0x0f : c & 0x07;
    for (size_t k = 1; valid && k < len; ++k) {
      auto cc = static_cast<unsigned char>(s[i + k]);
      valid = (cc & 0xc0) == 0x80;
      cp = (cp << 6) | (cc & 0x3f);
    }
    if (valid) {
      valid = !(len == 3 && cp < 0x800) && !(len == 4 && (cp < 0x10000 || cp > 0x10ffff)) &&
              !(cp >= 0xd800 && cp <= 0xdfff) && cp != 0xfffe && cp != 0xffff;
    }
    if (valid && cp >= 0x80 && cp <= 0x9f) {
      out += ' ';  // C1 controls: terminals act on them (U+009B is CSI) as on ESC
      i += len;
    } else if (valid && (cp == 0x200e || cp == 0x200f || (cp >= 0x202a && cp <= 0x202e) ||
                         (cp >= 0x2066 && cp <= 0x2069))) {
      out += "\xef\xbf\xbd";  // bidi controls: U+202E would show a report's text reversed
      i += len;
    } else if (valid) {
      out.append(s.substr(i, len));
      i += len;
    } else {
      out += "\xef\xbf\xbd";
      ++i;
    }
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
