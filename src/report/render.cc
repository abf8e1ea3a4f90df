#include "report/render.h"

#include "base/table.h"

namespace orchard::report {
namespace {

constexpr FormatSpec kFormats[] = {
    {Format::kText, "text", RenderText, "txt",
     "for a person at a terminal: the diagnoses first, then every check (-v: the facts)"},
    {Format::kJson, "json", RenderJson, "json",
     "the check-v1 document, for tools and for explain, diff and allowlist --from"},
    {Format::kJsonLines, "jsonl", RenderJsonLines, "jsonl",
     "for log pipelines: one object a line, each result and diagnosis, then the summary"},
    {Format::kJunit, "junit", RenderJunit, "junit.xml",
     "for CI systems: a <testsuite> per category, a <testcase> per check"},
    {Format::kHtml, "html", RenderHtml, "html",
     "one self-contained page for a network team: summary, diagnoses, every check"},
    {Format::kMarkdown, "markdown", RenderMarkdown, "md",
     "for tickets: the summary, the diagnoses with their fix, a table per category"},
    {Format::kCsv, "csv", RenderCsv, "csv", "for spreadsheets: RFC 4180, one record per check"},
    {Format::kJamf, "jamf", RenderJamf, "jamf.txt",
     "a Jamf Pro extension attribute: <result>STATUS summary</result>"},
};

}  // namespace

std::span<const FormatSpec> Formats() { return kFormats; }

const FormatSpec& SpecOf(Format f) { return table::Of(Formats(), f); }

std::string_view ToString(Format f) { return SpecOf(f).name; }

std::vector<std::string> FormatNames() { return table::Names(Formats()); }

std::optional<Format> FormatFromString(std::string_view name) {
  if (const FormatSpec* spec = table::Named(Formats(), name)) return spec->format;
  return std::nullopt;
}

std::string FormatsHelp() { return table::Help(Formats(), 10); }

std::string Render(Format format, const results::CheckDocument& doc, const RenderOptions& options) {
  return SpecOf(format).render(doc, options);
}

}  // namespace orchard::report
