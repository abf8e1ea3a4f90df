#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "base/error.h"
#include "report/document.h"

// Turns a run into one of the output formats. One file per format (text.cc, json.cc, ...);
// rendering never fails and never touches the network or the file system.
namespace orchard::report {

enum class Format { kText, kJson, kJsonLines, kJunit, kHtml, kMarkdown, kCsv, kJamf };

// "text", "json", "jsonl", "junit", "html", "markdown", "csv", "jamf"
std::string_view ToString(Format f);
// The names above, in that order.
std::vector<std::string> FormatNames();
// Accepts the names above; the error lists them.
Result<Format> FormatFromString(std::string_view name);

struct RenderOptions {
  bool color = false;    // ANSI colour in text output; the caller decides (TTY, NO_COLOR)
  bool verbose = false;  // text/markdown: addresses, CNAME chains, TLS facts and timings per row
};

std::string Render(Format format, const CheckDocument& doc, const RenderOptions& options);

// One renderer per format.
std::string RenderText(const CheckDocument& doc, const RenderOptions& options);
std::string RenderJson(const CheckDocument& doc, const RenderOptions& options);
std::string RenderJsonLines(const CheckDocument& doc, const RenderOptions& options);
std::string RenderJunit(const CheckDocument& doc, const RenderOptions& options);
std::string RenderHtml(const CheckDocument& doc, const RenderOptions& options);
std::string RenderMarkdown(const CheckDocument& doc, const RenderOptions& options);
std::string RenderCsv(const CheckDocument& doc, const RenderOptions& options);
std::string RenderJamf(const CheckDocument& doc, const RenderOptions& options);

}  // namespace orchard::report
