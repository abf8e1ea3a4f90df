// The article as text with one table cell per line (what some browsers and PDF tools give).
// Such a copy drops empty cells, so a row has from three to six lines: each is placed by its
// shape (PlaceCells). Where a table ends, the lines after its last row may be that row's cells
// or the lead-in of the next table; the shapes and blank lines decide, and a row they cannot
// decide is an error, never a guess.
#include <fmt/format.h>

#include "catalog/article_items.h"
#include "catalog/article_row.h"
#include "catalog/article_sections.h"

namespace orchard::catalog {
namespace {

struct NumberedLine {
  std::string text;
  int number = 0;
  bool after_blank = false;  // a blank line (a paragraph break) comes before it
};

// Host, ports, protocol, OS, description, proxy: at most four lines after the host and ports.
constexpr size_t kMaxTail = kArticleColumns - 2;
// How far past a row's last cell a following table's header is looked for.
constexpr size_t kLeadInLines = 6;

bool IsSentence(std::string_view line) {
  return line.ends_with('.') || line.ends_with(':') || line.ends_with('?') || line.ends_with('!');
}

class CellReader {
 public:
  explicit CellReader(std::vector<NumberedLine> lines) : lines_(std::move(lines)) {}

  ArticleItems Read() {
    size_t i = 0;
    while (i < lines_.size()) {
      if (HeaderAt(i)) {
        in_table_ = true;
        out_.items.push_back({ArticleItem::Kind::kHeader, "Hosts", {}, lines_[i].number});
        i += kArticleColumns;
      } else if (in_table_ && RowAt(i)) {
        i = ReadRow(i);
      } else {
        if (in_table_ && i + 1 < lines_.size() && IsPortsCell(lines_[i + 1].text)) {
          out_.problems.push_back(fmt::format("line {}: '{}' is not a host name, wildcard or CIDR",
                                              lines_[i].number, lines_[i].text));
        }
        in_table_ = false;
        out_.items.push_back({ArticleItem::Kind::kText, lines_[i].text, {}, lines_[i].number});
        ++i;
      }
    }
    return std::move(out_);
  }

 private:
  bool HeaderAt(size_t i) const {
    if (i + kArticleColumns > lines_.size()) return false;
    std::vector<std::string> cells;
    for (size_t k = 0; k < kArticleColumns; ++k) cells.push_back(lines_[i + k].text);
    return IsArticleHeader(cells);
  }

  bool RowAt(size_t i) const {
    return i + 1 < lines_.size() && IsHostCell(lines_[i].text) && IsPortsCell(lines_[i + 1].text);
  }

  const std::string& Text(size_t i) const { return lines_[i].text; }

  // Reads the row whose host is line i; returns the index of the first line after it.
  size_t ReadRow(size_t i) {
    size_t end = i + 2;
    while (end < lines_.size() && end < i + 2 + kMaxTail && !RowAt(end) && !HeaderAt(end)) ++end;
    size_t row_end = end;
    if (end >= lines_.size() || !RowAt(end)) {
      auto tail = TableEndTail(i, end);
      if (!tail) return end;  // ambiguous: reported
      row_end = *tail;
    }
    std::vector<std::string> cells;
    for (size_t k = i; k < row_end; ++k) cells.push_back(Text(k));
    std::vector<std::string> placed = cells;
    switch (PlaceCells(placed)) {
      case Placement::kPlaced:
        out_.items.push_back({ArticleItem::Kind::kRow, {}, std::move(placed), lines_[i].number});
        break;
      case Placement::kNoFit:
      case Placement::kAmbiguous:
        out_.problems.push_back(fmt::format(
            "line {}: the row for '{}' does not fit the columns (host, ports, protocol, then "
            "OS, description and supports proxies, each of which may be missing): '{}'",
            lines_[i].number, Text(i), fmt::join(cells, " | ")));
        break;
    }
    return row_end;
  }

  // The last row of a table (no row follows within the lines a row can have): where its cells
  // stop and the prose after it starts. `end` is the first line that cannot be a cell. Returns
  // nothing, with a problem recorded, when a line could be either.
  std::optional<size_t> TableEndTail(size_t i, size_t end) {
    size_t last = std::min(end, i + 2 + kMaxTail);
    // A proxy word closes a row: the last one within reach (a dash before it is the OS).
    for (size_t k = last; k > i + 2; --k) {
      if (IsProxyWord(Text(k - 1))) return k;
    }
    // No proxy word: the proxy cell is missing, or holds a note. Protocol, then an OS list.
    size_t k = std::min(i + 3, end);
    if (k < end && IsOsCell(Text(k)) && !lines_[k].after_blank) ++k;
    // Then perhaps a description, and a note about proxies.
    if (k < end && Free(k) && !MentionsProxies(Text(k))) {
      // A line right after the row that a paragraph break then separates from the prose is
      // the row's; so is a phrase when the next table has a heading of its own.
      bool break_after = k + 1 < lines_.size() && lines_[k + 1].after_blank;
      if (LooksLikeHeading(Text(k)) && !break_after && !HeadingBeforeNextTable(k + 1)) {
        out_.problems.push_back(fmt::format(
            "line {}: the row for '{}' has no 'Supports proxies' cell, and line {} ('{}') may be "
            "its description or the heading of the table after it; add the row's missing cell "
            "('—' if it is the description), or a blank line before a heading, and import again",
            lines_[i].number, Text(i), lines_[k].number, Text(k)));
        in_table_ = false;
        return std::nullopt;
      }
      ++k;
    }
    // A note may be a sentence ("Learn more about APNs and proxies."), but not a lead-in.
    if (k < end && !lines_[k].after_blank && MentionsProxies(Text(k)) && !Text(k).ends_with(':')) {
      ++k;
    }
    return k;
  }

  // Could line k be a cell of the row before it rather than prose after the table?
  bool Free(size_t k) const { return !lines_[k].after_blank && !IsSentence(Text(k)); }

  // Whether the lines from `from` up to the next table's header hold a heading of their own,
  // or no table follows within reach (then nothing after a row needs a heading).
  bool HeadingBeforeNextTable(size_t from) const {
    for (size_t k = from; k < lines_.size() && k < from + kLeadInLines; ++k) {
      if (HeaderAt(k)) return false;
      if (RowAt(k)) return true;
      if (LooksLikeHeading(Text(k)) || KnownSectionByHeading(Text(k))) return true;
    }
    return true;
  }

  std::vector<NumberedLine> lines_;
  bool in_table_ = false;
  ArticleItems out_;
};

}  // namespace

ArticleItems ReadCellPerLineArticle(std::string_view text) {
  std::vector<NumberedLine> lines;
  std::vector<std::string> raw = SplitLines(text);
  bool blank = false;
  for (size_t i = 0; i < raw.size(); ++i) {
    std::string trimmed(TrimArticleText(raw[i]));
    if (trimmed.empty()) {
      blank = true;
    } else {
      lines.push_back({std::move(trimmed), static_cast<int>(i + 1), blank});
      blank = false;
    }
  }
  return CellReader(std::move(lines)).Read();
}

}  // namespace orchard::catalog
