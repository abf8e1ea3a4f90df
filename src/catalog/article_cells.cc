// The article as text with one table cell per line (what some browsers and PDF tools give).
#include <fmt/format.h>

#include <charconv>

#include "catalog/article_items.h"
#include "catalog/host_pattern.h"

namespace orchard::catalog {
namespace {

struct NumberedLine {
  std::string text;
  int number = 0;
};

bool IsHostCell(std::string_view cell) {
  return cell.find('.') != std::string_view::npos && cell.find(' ') == std::string_view::npos &&
         ClassifyHost(cell).has_value();
}

bool IsPortsCell(std::string_view cell) {
  if (cell.empty()) return false;
  size_t start = 0;
  while (start <= cell.size()) {
    size_t comma = cell.find(',', start);
    std::string port = Trim(cell.substr(start, comma - start));
    unsigned value = 0;
    auto [end, ec] = std::from_chars(port.data(), port.data() + port.size(), value);
    if (port.empty() || ec != std::errc() || end != port.data() + port.size() || value == 0 ||
        value > 65535) {
      return false;
    }
    if (comma == std::string_view::npos) break;
    start = comma + 1;
  }
  return true;
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
    for (int k = 0; k < kArticleColumns; ++k) cells.push_back(lines_[i + k].text);
    return IsArticleHeader(cells);
  }

  bool RowAt(size_t i) const {
    return i + 1 < lines_.size() && IsHostCell(lines_[i].text) && IsPortsCell(lines_[i + 1].text);
  }

  bool Boundary(size_t i) const { return i >= lines_.size() || RowAt(i) || HeaderAt(i); }

  // Host, ports, protocol and OS always come; then a description and the proxy cell, or only
  // the proxy cell when the description is empty (the cell-per-line form drops empty cells).
  size_t ReadRow(size_t i) {
    int number = lines_[i].number;
    std::vector<std::string> cells;
    size_t j = i;
    for (; j < i + 4 && j < lines_.size(); ++j) cells.push_back(lines_[j].text);
    for (int extra = 0; extra < 2 && !Boundary(j); ++extra, ++j) {
      cells.push_back(lines_[j].text);
      if (extra == 0 && IsProxyWord(cells.back())) {
        ++j;
        break;
      }
    }
    if (RepairRow(cells)) {
      out_.items.push_back({ArticleItem::Kind::kRow, {}, std::move(cells), number});
    } else {
      out_.problems.push_back(fmt::format(
          "line {}: a row for '{}' without its protocol, OS, description and proxy cells", number,
          lines_[i].text));
    }
    return j;
  }

  std::vector<NumberedLine> lines_;
  bool in_table_ = false;
  ArticleItems out_;
};

}  // namespace

ArticleItems ReadCellPerLineArticle(std::string_view text) {
  std::vector<NumberedLine> lines;
  std::vector<std::string> raw = SplitLines(text);
  for (size_t i = 0; i < raw.size(); ++i) {
    std::string trimmed = Trim(raw[i]);
    if (!trimmed.empty()) lines.push_back({std::move(trimmed), static_cast<int>(i + 1)});
  }
  return CellReader(std::move(lines)).Read();
}

}  // namespace orchard::catalog
