#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "probe/result.h"
#include "results/document.h"

// Small helpers shared by the renderers (internal to src/report).
namespace orchard::report {

// The results of one category, in the order the categories first appear in the run.
struct CategoryGroup {
  std::string category;
  std::vector<const probe::CheckResult*> results;
  int passed = 0;
  int failed = 0;
  int warned = 0;
  int skipped = 0;
};
std::vector<CategoryGroup> GroupByCategory(const std::vector<probe::CheckResult>& results);

// "ocsp.apple.com:80", "time.apple.com:123/udp", "*.push.apple.com:5223 (1-courier.push...)".
std::string TargetLabel(const probe::CheckResult& r);

// "0.4 ms", "12 ms", "1.2 s".
std::string FormatMs(double ms);

// "dns 3 ms, connect 12 ms, tls 20 ms, first byte 5 ms, total 40 ms".
std::string FormatTimings(const probe::Timings& t);

// The one-line summary: "127 checks: 100 passed, 20 failed, 5 warned, 2 skipped in 5.2 s".
std::string SummaryLine(const results::Summary& s);

// The verdict when there are no diagnoses, one sentence that never claims more than ran:
// "No problems found: every check passed.", "No problems found in the 3 checks that ran (2
// skipped).", or, when no check ran to a verdict (all skipped, e.g. by --deadline, or none
// selected), "Nothing was checked: all 127 checks were skipped." Empty when something failed or
// warned.
std::string CleanVerdict(const results::Summary& s);
// No check ran to a verdict: every selected one was skipped, or none was selected.
bool NothingChecked(const results::Summary& s);

// The --label pairs for a person: "fleet=lab, site=paris" (sorted by key, as RunInfo keeps them),
// "" without any. Raw text: each format escapes it.
std::string LabelList(const std::map<std::string, std::string>& labels);

// CleanText, then &, <, >, " and ' as entities: safe in XML/HTML text and attribute values.
std::string MarkupEscape(std::string_view s);

}  // namespace orchard::report
