// A Jamf Pro extension attribute: one short line between <result> tags, status word first, so
// smart-group criteria can match "PASS", "WARN", "FAIL" or "SKIP" (nothing was checked).
#include <fmt/format.h>

#include "report/common.h"
#include "report/render.h"

namespace orchard::report {

std::string RenderJamf(const results::CheckDocument& doc, const RenderOptions&) {
  const results::Summary s = results::Summarize(doc);
  std::string text;
  if (NothingChecked(s)) {
    // Not PASS: a run the deadline cut off before any check finished proves nothing.
    text = fmt::format("SKIP nothing checked, {} of {} skipped", s.skipped, s.total);
  } else if (s.failed > 0) {
    text = fmt::format("FAIL {} of {} failed", s.failed, s.total);
  } else if (s.warned > 0) {
    text = fmt::format("WARN {} of {} warned", s.warned, s.total);
  } else {
    text = fmt::format("PASS {}/{}", s.passed, s.total);
  }
  if (s.skipped > 0 && !NothingChecked(s)) text += fmt::format(", {} skipped", s.skipped);
  if (!doc.diagnoses.empty()) {
    text += ":";
    for (size_t i = 0; i < doc.diagnoses.size() && i < 4; ++i) {
      text += (i ? ", " : " ") + doc.diagnoses[i].id;
    }
    if (doc.diagnoses.size() > 4) text += fmt::format(" +{}", doc.diagnoses.size() - 4);
  }
  // Jamf reads up to the closing tag: markup in a diagnosis id must not end it early.
  return "<result>" + MarkupEscape(text) + "</result>\n";
}

}  // namespace orchard::report
