// A Jamf Pro extension attribute: one short line between <result> tags, status word first, so
// smart-group criteria can match "PASS", "WARN", "FAIL" or "SKIP" (nothing was checked). The
// status word is the checks' verdict, as the exit code is. When the run read the Mac's facts and
// a system extension waits for someone to allow it, the line ends with which one and its team:
// Jamf inventories neither, and the team ID is what the admin's profile must allow. OS version,
// build and MDM enrolment stay out: Jamf inventories those itself.
#include <fmt/format.h>

#include <algorithm>

#include "base/strings.h"
#include "report/common.h"
#include "report/render.h"

namespace orchard::report {
namespace {

constexpr size_t kMaxDiagnoses = 4;
constexpr size_t kMaxWaiting = 3;

// Text from a recorded listing, made safe for the one line: no controls, no line breaks.
std::string Flat(std::string_view raw) {
  std::string s = CleanText(raw);
  std::replace_if(
      s.begin(), s.end(), [](char c) { return c == '\n' || c == '\t'; }, ' ');
  return s;
}

// "; waiting for user: com.symantec.mes.systemextension (9PTGMPNXZ2)", or "" when none waits
// (or the run read no system extensions).
std::string WaitingExtensions(const results::CheckDocument& doc) {
  if (!doc.host || !doc.host->system_extensions) return "";
  std::vector<std::string> waiting;
  for (const host::SystemExtension& e : *doc.host->system_extensions) {
    if (!e.WaitingForUser()) continue;
    std::string item = fmt::format("{} ({})", Flat(e.bundle_id), Flat(e.team_id));
    if (std::find(waiting.begin(), waiting.end(), item) == waiting.end()) waiting.push_back(item);
  }
  if (waiting.empty()) return "";
  std::string out = "; waiting for user:";
  for (size_t i = 0; i < waiting.size() && i < kMaxWaiting; ++i) {
    out += (i ? ", " : " ") + waiting[i];
  }
  if (waiting.size() > kMaxWaiting) out += fmt::format(" +{}", waiting.size() - kMaxWaiting);
  return out;
}

}  // namespace

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
    for (size_t i = 0; i < doc.diagnoses.size() && i < kMaxDiagnoses; ++i) {
      text += (i ? ", " : " ") + doc.diagnoses[i].id;
    }
    if (doc.diagnoses.size() > kMaxDiagnoses) {
      text += fmt::format(" +{}", doc.diagnoses.size() - kMaxDiagnoses);
    }
  }
  text += WaitingExtensions(doc);
  // Jamf reads up to the closing tag: markup in a diagnosis id must not end it early.
  return "<result>" + MarkupEscape(text) + "</result>\n";
}

}  // namespace orchard::report
