#include "results/diff.h"

#include <fmt/format.h>

#include <algorithm>
#include <boost/json.hpp>
#include <map>

#include "base/json.h"
#include "base/strings.h"

namespace orchard::results {
namespace {

std::string Key(const probe::CheckResult& r) {
  std::string id = r.row_id.empty() ? r.category + "/" + r.host : r.row_id;
  return fmt::format("{}:{}/{}", id, r.port, r.transport);
}

bool Bad(probe::Status s) { return s == probe::Status::kFail || s == probe::Status::kWarn; }

RowState StateOf(const probe::CheckResult& r) { return {r.status, r.reason, r.detail}; }

RowChange ChangeOf(const probe::CheckResult& r) {
  RowChange c;
  c.key = Key(r);
  c.category = r.category;
  c.label = fmt::format("{}:{}{}", r.host, r.port, r.transport == "udp" ? "/udp" : "");
  return c;
}

int Rank(const RowChange& c) {
  if (c.worse) return 0;
  if (c.kind == ChangeKind::kFixed) return 1;
  return 2;
}

std::vector<std::string> IdsOnlyIn(const std::vector<diagnose::Diagnosis>& a,
                                   const std::vector<diagnose::Diagnosis>& b) {
  std::vector<std::string> out;
  for (const auto& d : a) {
    bool found = std::any_of(b.begin(), b.end(), [&](const auto& e) { return e.id == d.id; });
    if (!found) out.push_back(d.id);
  }
  return out;
}

std::string StateText(const std::optional<RowState>& s) {
  if (!s) return "(absent)";
  if (s->reason == probe::Reason::kOk) return std::string(probe::ToString(s->status));
  return fmt::format("{} {}", probe::ToString(s->status), probe::ToString(s->reason));
}

boost::json::value StateJson(const std::optional<RowState>& s) {
  if (!s) return nullptr;
  return boost::json::object{{"status", probe::ToString(s->status)},
                             {"reason", probe::ToString(s->reason)},
                             {"detail", s->detail}};
}

boost::json::object RunJson(const RunInfo& run) {
  return {{"run_id", run.run_id}, {"started_at", run.started_at}, {"hostname", run.hostname}};
}

}  // namespace

std::string_view ToString(ChangeKind k) {
  switch (k) {
    case ChangeKind::kBroke:
      return "broke";
    case ChangeKind::kFixed:
      return "fixed";
    case ChangeKind::kReasonChanged:
      return "reason_changed";
    case ChangeKind::kStatusChanged:
      return "status_changed";
    case ChangeKind::kAdded:
      return "added";
    case ChangeKind::kRemoved:
      return "removed";
  }
  return "status_changed";
}

bool RunDiff::worse() const {
  return std::any_of(changes.begin(), changes.end(), [](const auto& c) { return c.worse; });
}

RunDiff DiffRuns(const CheckDocument& before, const CheckDocument& after) {
  RunDiff diff;
  diff.before = before.run;
  diff.after = after.run;
  std::map<std::string, const probe::CheckResult*> old_rows;
  for (const auto& r : before.results) old_rows.emplace(Key(r), &r);
  std::map<std::string, bool> seen;
  for (const auto& r : after.results) {
    std::string key = Key(r);
    if (seen[key]) continue;  // a duplicate key in one run: the first row speaks for it
    seen[key] = true;
    RowChange c = ChangeOf(r);
    c.after = StateOf(r);
    auto it = old_rows.find(key);
    if (it == old_rows.end()) {
      c.kind = ChangeKind::kAdded;
      c.worse = Bad(r.status);
      diff.changes.push_back(std::move(c));
      continue;
    }
    const probe::CheckResult& o = *it->second;
    c.before = StateOf(o);
    using probe::Status;
    if (o.status == r.status) {
      if (Bad(r.status) && o.reason != r.reason) {
        c.kind = ChangeKind::kReasonChanged;
      } else {
        ++diff.unchanged;
        continue;
      }
    } else if ((o.status == Status::kPass && Bad(r.status)) ||
               (o.status == Status::kWarn && r.status == Status::kFail)) {
      c.kind = ChangeKind::kBroke;
      c.worse = true;
    } else if ((Bad(o.status) && r.status == Status::kPass) ||
               (o.status == Status::kFail && r.status == Status::kWarn)) {
      c.kind = ChangeKind::kFixed;
    } else {
      c.kind = ChangeKind::kStatusChanged;
    }
    diff.changes.push_back(std::move(c));
  }
  for (const auto& o : before.results) {
    std::string key = Key(o);
    if (seen.count(key)) continue;
    seen[key] = true;
    RowChange c = ChangeOf(o);
    c.kind = ChangeKind::kRemoved;
    c.before = StateOf(o);
    diff.changes.push_back(std::move(c));
  }
  std::stable_sort(diff.changes.begin(), diff.changes.end(),
                   [](const RowChange& a, const RowChange& b) { return Rank(a) < Rank(b); });
  diff.diagnoses_appeared = IdsOnlyIn(after.diagnoses, before.diagnoses);
  diff.diagnoses_resolved = IdsOnlyIn(before.diagnoses, after.diagnoses);
  return diff;
}

std::string RenderDiffText(const RunDiff& diff, bool color) {
  auto paint = [&](std::string_view code, const std::string& text) {
    return color ? fmt::format("\x1b[{}m{}\x1b[0m", code, text) : text;
  };
  auto describe = [](const RunInfo& run) {
    std::string s = run.run_id.empty() ? "run" : "run " + run.run_id;
    if (!run.hostname.empty()) s += " on " + run.hostname;
    if (!run.started_at.empty()) s += " at " + run.started_at;
    return CleanText(s);
  };
  std::string out = paint("2", fmt::format("orchard diff: {}  ->  {}", describe(diff.before),
                                           describe(diff.after))) +
                    "\n\n";
  int worse = 0, better = 0, other = 0, added = 0, removed = 0;
  for (const auto& c : diff.changes) {
    std::string_view mark = c.worse ? "✗" : c.kind == ChangeKind::kFixed ? "✓" : "~";
    std::string_view code = c.worse ? "1;31" : c.kind == ChangeKind::kFixed ? "32" : "33";
    std::string line = fmt::format("  {} {:<15} {:<40} {} -> {}", mark, ToString(c.kind),
                                   CleanText(c.label), StateText(c.before), StateText(c.after));
    if (c.after && Bad(c.after->status) && !c.after->detail.empty()) {
      std::string detail = CleanText(c.after->detail);
      std::replace(detail.begin(), detail.end(), '\n', ' ');
      line += "  " + detail;
    }
    out += paint(code, line) + "\n";
    worse += c.worse;
    better += c.kind == ChangeKind::kFixed;
    added += c.kind == ChangeKind::kAdded;
    removed += c.kind == ChangeKind::kRemoved;
    other += !c.worse && c.kind != ChangeKind::kFixed;
  }
  if (diff.changes.empty()) out += "  No row changed.\n";
  out += "\n";
  if (!diff.diagnoses_appeared.empty()) {
    out += "Diagnoses that appeared: " + CleanText(JoinLimited(diff.diagnoses_appeared, 20)) + "\n";
  }
  if (!diff.diagnoses_resolved.empty()) {
    out += "Diagnoses resolved: " + CleanText(JoinLimited(diff.diagnoses_resolved, 20)) + "\n";
  }
  out += paint(worse ? "1;31" : "1;32",
               fmt::format("{} worse, {} better, {} other changes ({} added, {} removed), {} "
                           "unchanged",
                           worse, better, other, added, removed, diff.unchanged)) +
         "\n";
  return out;
}

std::string RenderDiffJson(const RunDiff& diff) {
  boost::json::array changes;
  int worse = 0, better = 0;
  for (const auto& c : diff.changes) {
    changes.emplace_back(boost::json::object{{"key", c.key},
                                             {"category", c.category},
                                             {"target", c.label},
                                             {"change", ToString(c.kind)},
                                             {"worse", c.worse},
                                             {"before", StateJson(c.before)},
                                             {"after", StateJson(c.after)}});
    worse += c.worse;
    better += c.kind == ChangeKind::kFixed;
  }
  boost::json::array appeared, resolved;
  for (const auto& id : diff.diagnoses_appeared) appeared.emplace_back(id);
  for (const auto& id : diff.diagnoses_resolved) resolved.emplace_back(id);
  boost::json::object o{
      {"schema", "orchard/diff-v1"},
      {"before", RunJson(diff.before)},
      {"after", RunJson(diff.after)},
      {"worse", diff.worse()},
      {"summary", boost::json::object{{"worse", worse},
                                      {"better", better},
                                      {"changed", static_cast<int>(diff.changes.size())},
                                      {"unchanged", diff.unchanged}}},
      {"changes", std::move(changes)},
      {"diagnoses",
       boost::json::object{{"appeared", std::move(appeared)}, {"resolved", std::move(resolved)}}}};
  return SerializeJson(o, 2) + "\n";
}

}  // namespace orchard::results
