#pragma once

#include <optional>
#include <string_view>

#include "base/error.h"
#include "catalog/endpoint.h"

namespace orchard::catalog {

// The forms in which people get Apple's article "Use Apple products on enterprise networks".
enum class ArticleForm {
  kPipeTable,     // "host | 443 | TCP | ... |" lines (our seed; also Markdown tables)
  kTabSeparated,  // text copied from a browser: cells separated by tabs
  kCellPerLine,   // one cell per line
  kHtml,          // the saved web page
};

std::string_view ToString(ArticleForm form);  // "pipe-table", "tab-separated", ...

// Guesses the form: HTML when it has a <table> or <html> tag, then tabs, then pipes; otherwise
// one cell per line.
ArticleForm DetectArticleForm(std::string_view text);

// Reads the article into a catalog: one category per section (known headings and lead-ins map
// to the built-in ids such as "certificate-validation"; an unknown heading becomes a kebab-case
// id, a table with no heading at all "section-N"), one row per table row, ids as in
// ValidateCatalog. The article's quirks are repaired: rows broken across lines, a "Yes" or "—"
// that slid into the Description column, tables without a separator line, "Port" for "Ports".
// Rows carry no probe hints (the article has none). Any line that cannot be read makes the
// whole import fail with a kParse error listing each such line number and why; nothing is
// silently dropped. Cells a form dropped (a browser's one-cell-per-line copy leaves out empty
// cells) are found by the shapes of the others; an empty "Supports proxies" cell reads as "—".
// Input that is not UTF-8 is refused, naming the line and column of each bad byte, since the
// catalog would carry it and no TOML reader accepts it. `origin` names the input in messages.
Result<Catalog> ImportArticle(std::string_view text, std::string_view origin,
                              std::optional<ArticleForm> form = std::nullopt);

}  // namespace orchard::catalog
