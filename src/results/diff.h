#pragma once

#include <optional>
#include <string>
#include <vector>

#include "results/document.h"

// What changed between two runs, per row: for "before and after the firewall change".
namespace orchard::results {

enum class ChangeKind {
  kBroke,          // pass -> fail/warn, or warn -> fail
  kFixed,          // fail/warn -> pass, or fail -> warn
  kReasonChanged,  // still failing (or warning), for a different reason
  kStatusChanged,  // any other status change (to or from skip)
  kAdded,          // only in the new run
  kRemoved,        // only in the old run
};
std::string_view ToString(ChangeKind k);  // "broke", "fixed", "reason_changed", ...

struct RowState {
  probe::Status status = probe::Status::kSkip;
  probe::Reason reason = probe::Reason::kOk;
  std::string detail;
};

struct RowChange {
  ChangeKind kind = ChangeKind::kStatusChanged;
  std::string key;  // "<row id>:<port>/<transport>", how rows are matched across runs
  std::string category;
  std::string label;  // "ocsp.apple.com:80"
  std::optional<RowState> before;
  std::optional<RowState> after;
  bool worse = false;  // broke, or added while failing/warning
};

struct RunDiff {
  RunInfo before;
  RunInfo after;
  std::vector<RowChange> changes;  // worse first, then better, then the rest; row order within
  int unchanged = 0;
  std::vector<std::string> diagnoses_appeared;  // ids in the new run only
  std::vector<std::string> diagnoses_resolved;  // ids in the old run only
  bool worse() const;
};

// Diagnoses are compared as given: callers re-diagnose documents that carry none.
RunDiff DiffRuns(const CheckDocument& before, const CheckDocument& after);

std::string RenderDiffText(const RunDiff& diff, bool color);
std::string RenderDiffJson(const RunDiff& diff);  // schema "orchard/diff-v1"

}  // namespace orchard::results
