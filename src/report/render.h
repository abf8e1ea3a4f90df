#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "results/document.h"

// Turns a run into one of the output formats. One file per format (text.cc, json.cc, ...);
// rendering never fails and never touches the network or the file system.
namespace orchard::report {

enum class Format { kText, kJson, kJsonLines, kJunit, kHtml, kMarkdown, kCsv, kJamf };

struct RenderOptions {
  bool color = false;    // ANSI colour in text output; the caller decides (TTY, NO_COLOR)
  bool verbose = false;  // text/markdown: addresses, CNAME chains, TLS facts and timings per row
};

using Renderer = std::string (*)(const results::CheckDocument& doc, const RenderOptions& options);

// One report format: everything parsing, rendering, the help and the tests know of it.
struct FormatSpec {
  Format format;
  std::string_view name;  // what --format takes
  Renderer render;
  std::string_view extension;  // a saved report's usual ending; the golden file is expected.EXT
  std::string_view help;       // one line for the help of check and explain
};

// Every report format, in the order the help lists them (the table in render.cc). Adding one:
// its renderer's file, an enumerator above and a row in that table, and its golden file.
std::span<const FormatSpec> Formats();
const FormatSpec& SpecOf(Format f);

std::string_view ToString(Format f);  // "text", "json", ...
// The names, in the table's order.
std::vector<std::string> FormatNames();
// The format `name` names; nullopt for any other name (the caller words the error).
std::optional<Format> FormatFromString(std::string_view name);
// "Formats:" and a line for each, for a command's help.
std::string FormatsHelp();

std::string Render(Format format, const results::CheckDocument& doc, const RenderOptions& options);

// One renderer per format.
std::string RenderText(const results::CheckDocument& doc, const RenderOptions& options);
std::string RenderJson(const results::CheckDocument& doc, const RenderOptions& options);
std::string RenderJsonLines(const results::CheckDocument& doc, const RenderOptions& options);
std::string RenderJunit(const results::CheckDocument& doc, const RenderOptions& options);
std::string RenderHtml(const results::CheckDocument& doc, const RenderOptions& options);
std::string RenderMarkdown(const results::CheckDocument& doc, const RenderOptions& options);
std::string RenderCsv(const results::CheckDocument& doc, const RenderOptions& options);
std::string RenderJamf(const results::CheckDocument& doc, const RenderOptions& options);

}  // namespace orchard::report
