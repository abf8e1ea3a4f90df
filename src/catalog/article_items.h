#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace orchard::catalog {

// What an article reader sees, whatever the article's form (pipe table, tab-separated,
// one cell per line, HTML): prose, headings, table headers and table rows, in order.
struct ArticleItem {
  enum class Kind {
    kText,     // prose, or a line that may be a heading in a plain-text form
    kHeading,  // a real heading (<h2> in HTML)
    kHeader,   // a table's header row ("Hosts | Ports | ...")
    kRow,      // a table row: exactly six cells in the article's column order
  };
  Kind kind = Kind::kText;
  std::string text;                // kText, kHeading
  std::vector<std::string> cells;  // kRow: host, ports, protocol, OS, description, proxy
  int line = 0;                    // 1-based line in the input where the item starts
};

// What a reader made of a text: the items, and every line it could not make sense of
// ("line 12: expected 6 cells, found 3").
struct ArticleItems {
  std::vector<ArticleItem> items;
  std::vector<std::string> problems;
};

// The article's columns, in order. Readers accept "Host"/"Hosts", "Port"/"Ports",
// "Supports proxies"/"Proxy" and any case.
inline constexpr int kArticleColumns = 6;

// One reader per form. None throws or asserts; all accept any bytes.
ArticleItems ReadDelimitedArticle(std::string_view text, char separator);  // '|' or '\t'
ArticleItems ReadCellPerLineArticle(std::string_view text);
ArticleItems ReadHtmlArticle(std::string_view text);

// Shared by the readers.
bool IsArticleHeader(const std::vector<std::string>& cells);
bool IsProxyWord(std::string_view cell);  // "Yes", "No", "—", "–", "-"
// base Trim, and also the no-break space (U+00A0 in UTF-8) that HTML puts in empty cells.
std::string_view TrimArticleText(std::string_view text);
std::vector<std::string> SplitLines(std::string_view text);

// Completes a row whose cells a form dropped or shifted. Six cells stay in their columns, but
// for a "Yes"/"—" that slid into the Description column with the proxy cell empty, which moves
// back. Fewer cells are placed by their shapes (PlaceCells): a missing OS, description or proxy
// cell stays empty. Returns false when the cells still do not make a row.
bool RepairRow(std::vector<std::string>& cells);

}  // namespace orchard::catalog
