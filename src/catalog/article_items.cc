#include "catalog/article_items.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>

#include "base/strings.h"
#include "catalog/article_row.h"

namespace orchard::catalog {
namespace {

std::vector<std::string> SplitCells(std::string_view line, char separator) {
  std::vector<std::string> cells;
  size_t start = 0;
  while (true) {
    size_t end = line.find(separator, start);
    cells.emplace_back(TrimArticleText(line.substr(start, end - start)));
    if (end == std::string_view::npos) break;
    start = end + 1;
  }
  if (separator == '|') {
    std::string_view trimmed = TrimArticleText(line);
    // "| a | b |" (Markdown) and "a | b |" (the seed) both mean cells a and b.
    if (trimmed.starts_with('|') && !cells.empty()) cells.erase(cells.begin());
    if (trimmed.ends_with('|') && !cells.empty()) cells.pop_back();
  }
  return cells;
}

bool IsSeparatorRow(const std::vector<std::string>& cells) {
  for (const std::string& cell : cells) {
    if (cell.size() < 3 || cell.find_first_not_of("-:") != std::string::npos) return false;
  }
  return !cells.empty();
}

// A first cell that starts a row: a host pattern with a dot (so "Yes" or "443" never do).
bool StartsRow(const std::vector<std::string>& cells) {
  return !cells.empty() && IsHostCell(cells[0]);
}

std::string Describe(const std::vector<std::string>& cells) {
  return fmt::format(
      "expected 6 cells (host, ports, protocol, OS, description, supports "
      "proxies), found {}: '{}'",
      cells.size(), fmt::join(cells, " | "));
}

class DelimitedReader {
 public:
  explicit DelimitedReader(char separator) : separator_(separator) {}

  ArticleItems Read(std::string_view text) {
    std::vector<std::string> lines = SplitLines(text);
    for (size_t i = 0; i < lines.size(); ++i) Line(lines[i], static_cast<int>(i + 1));
    Finish();
    return std::move(out_);
  }

 private:
  void Line(const std::string& line, int number) {
    std::string_view trimmed = TrimArticleText(line);
    bool has_separator = line.find(separator_) != std::string::npos;
    if (!pending_.empty()) {
      std::vector<std::string> cells = SplitCells(line, separator_);
      if (has_separator && !IsArticleHeader(cells) && !StartsRow(cells)) {
        // A row broken across lines: this line holds its next cells.
        pending_.insert(pending_.end(), cells.begin(), cells.end());
        if (pending_.size() >= kArticleColumns) Finish();
        return;
      }
      if (!has_separator && pending_.size() == kArticleColumns - 1 && IsProxyWord(trimmed)) {
        pending_.emplace_back(trimmed);
        Finish();
        return;
      }
      Finish();
    }
    if (trimmed.empty()) return;
    if (!has_separator) {
      in_table_ = false;
      // "## Device management" (Markdown, as `catalog list --format markdown` writes) is a heading.
      bool heading = trimmed.starts_with('#');
      std::string text(heading ? TrimArticleText(trimmed.substr(trimmed.find_first_not_of('#')))
                               : trimmed);
      auto kind = heading ? ArticleItem::Kind::kHeading : ArticleItem::Kind::kText;
      out_.items.push_back({kind, text, {}, number});
      return;
    }
    std::vector<std::string> cells = SplitCells(line, separator_);
    if (IsArticleHeader(cells)) {
      in_table_ = true;
      out_.items.push_back({ArticleItem::Kind::kHeader, std::string(trimmed), {}, number});
      return;
    }
    if (IsSeparatorRow(cells) && in_table_) return;
    if (!in_table_) {
      out_.problems.push_back(
          fmt::format("line {}: a table row with no 'Hosts | Ports | Protocol | OS | Description | "
                      "Supports proxies' header before it: '{}'",
                      number, trimmed));
      return;
    }
    pending_ = std::move(cells);
    pending_line_ = number;
    if (pending_.size() >= kArticleColumns) Finish();
  }

  void Finish() {
    if (pending_.empty()) return;
    while (pending_.size() > kArticleColumns && pending_.back().empty()) pending_.pop_back();
    std::vector<std::string> cells = std::move(pending_);
    pending_.clear();
    if (!RepairRow(cells)) {
      out_.problems.push_back(fmt::format("line {}: {}", pending_line_, Describe(cells)));
      return;
    }
    out_.items.push_back({ArticleItem::Kind::kRow, {}, std::move(cells), pending_line_});
  }

  char separator_;
  bool in_table_ = false;
  std::vector<std::string> pending_;
  int pending_line_ = 0;
  ArticleItems out_;
};

}  // namespace

std::string_view TrimArticleText(std::string_view text) {
  constexpr std::string_view kNoBreakSpace = "\xC2\xA0";
  while (true) {
    const size_t before = text.size();
    text = Trim(text);
    if (text.starts_with(kNoBreakSpace)) text.remove_prefix(kNoBreakSpace.size());
    if (text.ends_with(kNoBreakSpace)) text.remove_suffix(kNoBreakSpace.size());
    if (text.size() == before) return text;
  }
}

std::vector<std::string> SplitLines(std::string_view text) {
  std::vector<std::string> lines;
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find('\n', start);
    std::string_view line = text.substr(start, end - start);
    if (line.ends_with('\r')) line.remove_suffix(1);
    lines.emplace_back(line);
    if (end == std::string_view::npos) break;
    start = end + 1;
  }
  return lines;
}

bool IsArticleHeader(const std::vector<std::string>& cells) {
  size_t size = cells.size();
  while (size > kArticleColumns && cells[size - 1].empty()) --size;
  if (size != kArticleColumns) return false;
  std::string host = AsciiLower(cells[0]), ports = AsciiLower(cells[1]),
              proxy = AsciiLower(cells[5]);
  return (host == "host" || host == "hosts") && (ports == "port" || ports == "ports") &&
         AsciiLower(cells[2]) == "protocol" && AsciiLower(cells[3]) == "os" &&
         AsciiLower(cells[4]) == "description" && proxy.find("prox") != std::string::npos;
}

bool IsProxyWord(std::string_view cell) {
  std::string word = AsciiLower(TrimArticleText(cell));
  return word == "yes" || word == "no" || word == "\u2014" || word == "\u2013" || word == "-";
}

bool RepairRow(std::vector<std::string>& cells) {
  for (std::string& cell : cells) cell = std::string(TrimArticleText(cell));
  while (cells.size() > kArticleColumns && cells.back().empty()) cells.pop_back();
  if (cells.size() == kArticleColumns) {
    // The form kept every column: as written (a bad value gets its own message), but for a
    // proxy word that slid into the Description column.
    if (cells[5].empty() && IsProxyWord(cells[4])) std::swap(cells[4], cells[5]);
    return true;
  }
  return PlaceCells(cells) == Placement::kPlaced;
}

ArticleItems ReadDelimitedArticle(std::string_view text, char separator) {
  return DelimitedReader(separator).Read(text);
}

}  // namespace orchard::catalog
