#include "report/render.h"

#include <fmt/format.h>

#include <array>
#include <utility>

namespace orchard::report {
namespace {

constexpr std::array<std::pair<Format, std::string_view>, 8> kFormatNames{{
    {Format::kText, "text"},
    {Format::kJson, "json"},
    {Format::kJsonLines, "jsonl"},
    {Format::kJunit, "junit"},
    {Format::kHtml, "html"},
    {Format::kMarkdown, "markdown"},
    {Format::kCsv, "csv"},
    {Format::kJamf, "jamf"},
}};

}  // namespace

std::string_view ToString(Format f) {
  for (const auto& [value, name] : kFormatNames) {
    if (value == f) return name;
  }
  return "text";
}

std::vector<std::string> FormatNames() {
  std::vector<std::string> names;
  for (const auto& [value, name] : kFormatNames) names.emplace_back(name);
  return names;
}

Result<Format> FormatFromString(std::string_view name) {
  std::string known;
  for (const auto& [value, n] : kFormatNames) {
    if (n == name) return value;
    known += known.empty() ? "" : ", ";
    known += n;
  }
  return MakeError(ErrorCode::kUsage, fmt::format("unknown format '{}' (known: {})", name, known));
}

std::string Render(Format format, const CheckDocument& doc, const RenderOptions& options) {
  switch (format) {
    case Format::kText:
      return RenderText(doc, options);
    case Format::kJson:
      return RenderJson(doc, options);
    case Format::kJsonLines:
      return RenderJsonLines(doc, options);
    case Format::kJunit:
      return RenderJunit(doc, options);
    case Format::kHtml:
      return RenderHtml(doc, options);
    case Format::kMarkdown:
      return RenderMarkdown(doc, options);
    case Format::kCsv:
      return RenderCsv(doc, options);
    case Format::kJamf:
      return RenderJamf(doc, options);
  }
  return RenderText(doc, options);
}

}  // namespace orchard::report
