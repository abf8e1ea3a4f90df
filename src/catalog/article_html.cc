// The article as a saved HTML page: headings, paragraphs and <table> rows. A small tolerant
// tokenizer, not a full HTML parser: it needs tags, text and entities, and must survive any
// bytes (unclosed tags, comments, scripts) without throwing.
#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <charconv>

#include "base/strings.h"
#include "catalog/article_items.h"

namespace orchard::catalog {
namespace {

// Decodes entities and collapses runs of white space (including no-break spaces) to one space.
std::string DecodeText(std::string_view raw) {
  static const std::pair<std::string_view, uint32_t> kNamed[] = {
      {"amp", '&'},       {"lt", '<'},       {"gt", '>'},       {"quot", '"'},
      {"apos", '\''},     {"nbsp", 0xA0},    {"mdash", 0x2014}, {"ndash", 0x2013},
      {"rsquo", 0x2019},  {"lsquo", 0x2018}, {"rdquo", 0x201D}, {"ldquo", 0x201C},
      {"hellip", 0x2026}, {"reg", 0xAE},     {"trade", 0x2122}, {"copy", 0xA9}};
  std::string decoded;
  for (size_t i = 0; i < raw.size(); ++i) {
    // Entities are short: looking further for the ';' would make a run of '&' quadratic.
    size_t semi = raw[i] == '&' ? raw.substr(0, i + 11).find(';', i) : std::string_view::npos;
    if (semi == std::string_view::npos) {
      decoded += raw[i];
      continue;
    }
    std::string_view name = raw.substr(i + 1, semi - i - 1);
    bool done = false;
    if (name.starts_with('#') && name.size() > 1) {
      bool hex = name[1] == 'x' || name[1] == 'X';
      std::string_view digits = name.substr(hex ? 2 : 1);
      uint32_t cp = 0;
      auto [end, ec] =
          std::from_chars(digits.data(), digits.data() + digits.size(), cp, hex ? 16 : 10);
      if (!digits.empty() && ec == std::errc() && end == digits.data() + digits.size()) {
        AppendUtf8(decoded, cp);
        done = true;
      }
    } else {
      for (auto [entity, cp] : kNamed) {
        if (name == entity) {
          AppendUtf8(decoded, cp);
          done = true;
        }
      }
    }
    if (done) {
      i = semi;
    } else {
      decoded += raw[i];
    }
  }
  std::string out;
  bool space = false;
  for (size_t i = 0; i < decoded.size(); ++i) {
    bool nbsp = decoded.compare(i, 2, "\xC2\xA0") == 0;
    if (nbsp || std::isspace(static_cast<unsigned char>(decoded[i]))) {
      space = true;
      if (nbsp) ++i;
      continue;
    }
    if (space && !out.empty()) out += ' ';
    space = false;
    out += decoded[i];
  }
  return out;
}

bool IsBlockTag(std::string_view tag) {
  static const std::string_view kBlocks[] = {"p",       "div",     "br",      "li",   "ul",
                                             "ol",      "section", "article", "main", "body",
                                             "header",  "footer",  "nav",     "hr",   "figure",
                                             "caption", "dl",      "dt",      "dd",   "blockquote"};
  for (std::string_view block : kBlocks) {
    if (tag == block) return true;
  }
  return false;
}

class HtmlReader {
 public:
  explicit HtmlReader(std::string_view text) : text_(text) {}

  ArticleItems Read() {
    while (pos_ < text_.size()) {
      size_t lt = text_.find('<', pos_);
      if (lt == std::string_view::npos) lt = text_.size();
      AddText(text_.substr(pos_, lt - pos_));
      Advance(lt);
      if (pos_ < text_.size()) Tag();
    }
    EndRow();
    FlushBlock();
    return std::move(out_);
  }

 private:
  void Advance(size_t to) {
    for (size_t i = pos_; i < to && i < text_.size(); ++i) line_ += text_[i] == '\n';
    pos_ = std::min(to, text_.size());
  }

  void AddText(std::string_view raw) {
    if (in_cell_) {
      cell_ += raw;
    } else if (!in_table_) {
      if (block_.empty()) block_line_ = line_;
      block_ += raw;
    }
  }

  // Moves past the next `marker` (lower case; the text matches in any case), or to the end.
  // Searches in place: copying the rest of the text for each comment or script made a page of
  // many of them quadratic.
  void SkipPast(std::string_view marker) {
    auto same = [](char a, char b) { return AsciiLower(a) == b; };
    auto at = std::search(text_.begin() + static_cast<std::ptrdiff_t>(pos_), text_.end(),
                          marker.begin(), marker.end(), same);
    Advance(at == text_.end() ? text_.size()
                              : static_cast<size_t>(at - text_.begin()) + marker.size());
  }

  void Tag() {
    if (text_.compare(pos_, 4, "<!--") == 0) return SkipPast("-->");
    size_t gt = text_.find('>', pos_);
    if (gt == std::string_view::npos) return Advance(text_.size());
    std::string_view inside = text_.substr(pos_ + 1, gt - pos_ - 1);
    Advance(gt + 1);
    bool closing = inside.starts_with('/');
    if (closing) inside.remove_prefix(1);
    size_t name_end = 0;
    while (name_end < inside.size() && std::isalnum(static_cast<unsigned char>(inside[name_end]))) {
      ++name_end;
    }
    std::string name = AsciiLower(inside.substr(0, name_end));
    if (name.empty()) return;
    if (!closing && (name == "script" || name == "style" || name == "noscript" ||
                     name == "template" || name == "head")) {
      return SkipPast("</" + name);
    }
    Element(name, closing);
  }

  void Element(const std::string& name, bool closing) {
    bool heading = name.size() == 2 && name[0] == 'h' && name[1] >= '1' && name[1] <= '6';
    if (name == "table") {
      EndRow();
      FlushBlock();
      in_table_ = !closing;
    } else if (name == "tr" && in_table_) {
      EndRow();
      if (!closing) {
        in_row_ = true;
        row_line_ = line_;
      }
    } else if ((name == "td" || name == "th") && in_table_) {
      EndCell();
      if (!closing && in_row_) in_cell_ = true;
    } else if (heading && !in_table_) {
      FlushBlock();
      if (closing) in_heading_ = false;
      if (!closing) in_heading_ = true;
    } else if (in_cell_ && name == "br") {
      cell_ += ' ';
    } else if (IsBlockTag(name) && !in_table_) {
      FlushBlock();
    }
  }

  void FlushBlock() {
    std::string text = DecodeText(block_);
    block_.clear();
    if (!text.empty()) {
      auto kind = in_heading_ ? ArticleItem::Kind::kHeading : ArticleItem::Kind::kText;
      out_.items.push_back({kind, std::move(text), {}, block_line_});
    }
  }

  void EndCell() {
    if (!in_cell_) return;
    row_.push_back(DecodeText(cell_));
    cell_.clear();
    in_cell_ = false;
  }

  void EndRow() {
    EndCell();
    if (!in_row_) return;
    in_row_ = false;
    std::vector<std::string> cells = std::move(row_);
    row_.clear();
    if (cells.empty()) return;
    if (IsArticleHeader(cells)) {
      out_.items.push_back({ArticleItem::Kind::kHeader, "Hosts", {}, row_line_});
    } else if (RepairRow(cells)) {
      out_.items.push_back({ArticleItem::Kind::kRow, {}, std::move(cells), row_line_});
    } else {
      out_.problems.push_back(fmt::format("line {}: a table row with {} cells: '{}'", row_line_,
                                          cells.size(), fmt::join(cells, " | ")));
    }
  }

  std::string_view text_;
  size_t pos_ = 0;
  int line_ = 1;
  std::string block_;
  int block_line_ = 1;
  bool in_heading_ = false;
  bool in_table_ = false;
  bool in_row_ = false;
  bool in_cell_ = false;
  std::string cell_;
  std::vector<std::string> row_;
  int row_line_ = 0;
  ArticleItems out_;
};

}  // namespace

ArticleItems ReadHtmlArticle(std::string_view text) { return HtmlReader(text).Read(); }

}  // namespace orchard::catalog
