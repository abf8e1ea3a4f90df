#include "catalog/article_import.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <map>
#include <string>
#include <vector>

#include "base/strings.h"
#include "catalog/article_items.h"
#include "catalog/article_row.h"
#include "catalog/article_sections.h"
#include "catalog/host_pattern.h"
#include "catalog/validate.h"

namespace orchard::catalog {
namespace {

// "iOS, iPadOS, tvOS, and macOS" / "iOS and iPadOS" / "macOS only" / "-" -> names.
std::vector<std::string> ParseOs(std::string_view cell) {
  std::vector<std::string> names;
  std::string_view text = TrimArticleText(cell);
  if (text.ends_with(" only")) text.remove_suffix(5);
  if (text.empty() || IsProxyWord(text)) return names;
  size_t start = 0;
  while (start <= text.size()) {
    size_t comma = text.find(',', start);
    std::string_view part = TrimArticleText(text.substr(start, comma - start));
    if (part.starts_with("and ")) part = TrimArticleText(part.substr(4));
    size_t and_at = part.find(" and ");
    if (and_at != std::string::npos) {
      names.emplace_back(TrimArticleText(part.substr(0, and_at)));
      part = TrimArticleText(part.substr(and_at + 5));
    }
    if (!part.empty()) names.emplace_back(part);
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return names;
}

Result<Endpoint> RowToEndpoint(const std::vector<std::string>& cells) {
  Endpoint e;
  e.host = cells[0];
  auto kind = ClassifyHost(e.host);
  if (!kind) return MakeError(ErrorCode::kParse, kind.error().message());
  e.kind = *kind;
  auto ports = ParsePortsCell(cells[1]);
  if (!ports) return tl::unexpected(ports.error());
  e.ports = *ports;
  e.protocol = AsciiUpper(cells[2]);
  if (e.protocol == "UDP") {
    e.transport = Transport::kUdp;
  } else if (e.protocol == "TCP" || e.protocol == "SSH") {
    e.transport = Transport::kTcp;
  } else {
    return MakeError(ErrorCode::kParse,
                     fmt::format("unknown protocol '{}' (expected TCP, UDP or SSH)", cells[2]));
  }
  e.os = ParseOs(cells[3]);
  e.description = cells[4];
  std::string proxy = AsciiUpper(cells[5]);
  if (proxy == "YES") {
    e.proxy = ProxySupport::kYes;
  } else if (cells[5].empty() || IsProxyWord(cells[5])) {
    // An empty cell says no more than "—": the host is not known to work through a proxy, so
    // allowlists send it direct, the reading that cannot break it.
    e.proxy = ProxySupport::kNo;
  } else {
    e.proxy = ProxySupport::kNote;
    e.proxy_note = cells[5];
  }
  return e;
}

// Turns the reader's items into categories and rows.
class Assembler {
 public:
  explicit Assembler(std::string_view origin) : origin_(origin) {}

  Result<Catalog> Run(const ArticleItems& items) {
    problems_ = items.problems;
    for (const ArticleItem& item : items.items) Add(item);
    if (!problems_.empty()) {
      return MakeError(ErrorCode::kParse,
                       fmt::format("{}: could not read {} line(s) of the article:\n  {}", origin_,
                                   problems_.size(), fmt::join(problems_, "\n  ")));
    }
    if (catalog_.endpoints.empty()) {
      return MakeError(ErrorCode::kParse,
                       fmt::format("{}: no host table found (expected a 'Hosts | Ports | "
                                   "Protocol | OS | Description | Supports proxies' table)",
                                   origin_));
    }
    catalog_.info.source = "Use Apple products on enterprise networks";
    if (auto ok = ValidateCatalog(catalog_); !ok) return tl::unexpected(ok.error());
    return std::move(catalog_);
  }

 private:
  void Add(const ArticleItem& item) {
    switch (item.kind) {
      case ArticleItem::Kind::kText:
      case ArticleItem::Kind::kHeading:
        if (in_table_) context_.clear();
        in_table_ = false;
        context_.push_back(&item);
        NoteUrl(item.text);
        break;
      case ArticleItem::Kind::kHeader:
        in_table_ = true;
        ++tables_;
        section_ = FromContext();
        context_.clear();
        break;
      case ArticleItem::Kind::kRow:
        AddRow(item);
        break;
    }
  }

  void AddRow(const ArticleItem& item) {
    if (!section_) section_ = FromDescription(item.cells[4]);
    auto endpoint = RowToEndpoint(item.cells);
    if (!endpoint) {
      problems_.push_back(fmt::format("line {}: {}", item.line, endpoint.error().message()));
      return;
    }
    endpoint->category = section_->id;
    endpoint->origin = fmt::format("{}:{}", origin_, item.line);
    catalog_.endpoints.push_back(std::move(*endpoint));
  }

  // The nearest line before the table that names a section decides it.
  std::optional<SectionName> FromContext() {
    for (auto it = context_.rbegin(); it != context_.rend(); ++it) {
      const ArticleItem& item = **it;
      if (auto known = KnownSectionByHeading(item.text)) return Declare(*known, item.line);
      if (auto known = KnownSectionByPhrase(item.text)) return Declare(*known, item.line);
      if (item.kind == ArticleItem::Kind::kHeading || LooksLikeHeading(item.text)) {
        return Declare({KebabId(item.text), item.text}, item.line);
      }
    }
    return std::nullopt;
  }

  // A table with no heading or lead-in (the seed's app validation table): its first row's
  // description may still name the section; otherwise it gets a numbered one.
  SectionName FromDescription(std::string_view description) {
    if (auto known = KnownSectionByPhrase(description)) return Declare(*known, 0);
    return Declare({fmt::format("section-{}", tables_), fmt::format("Section {}", tables_)}, 0);
  }

  // Records the category (once per id); an id already used for another heading gets "-2".
  SectionName Declare(SectionName name, int line) {
    if (name.id.empty()) name.id = fmt::format("section-{}", tables_);
    std::string base = name.id;
    for (int n = 2;; ++n) {
      auto it = std::find_if(catalog_.categories.begin(), catalog_.categories.end(),
                             [&](const Category& c) { return c.id == name.id; });
      if (it == catalog_.categories.end()) break;
      if (it->section == name.heading) return name;
      name.id = fmt::format("{}-{}", base, n);
    }
    catalog_.categories.push_back({name.id, name.heading, fmt::format("{}:{}", origin_, line)});
    return name;
  }

  void NoteUrl(std::string_view text) {
    size_t at = text.find("https://support.apple.com/");
    if (at == std::string_view::npos || !catalog_.info.url.empty()) return;
    size_t end = text.find_first_of(" \t\"'<>", at);
    catalog_.info.url = std::string(text.substr(at, end - at));
  }

  std::string_view origin_;
  Catalog catalog_;
  std::vector<std::string> problems_;
  std::vector<const ArticleItem*> context_;
  std::optional<SectionName> section_;
  bool in_table_ = false;
  int tables_ = 0;
};

// Length of the valid UTF-8 sequence at text[i], or 0. Overlong forms, surrogates and code
// points past U+10FFFF are invalid: TOML readers (and so `orchard` itself) reject them.
size_t Utf8SequenceAt(std::string_view text, size_t i) {
  auto c = static_cast<unsigned char>(text[i]);
  if (c < 0x80) return 1;
  size_t len = c >= 0xf0 && c <= 0xf4   ? 4
               : c >= 0xe0 && c <= 0xef ? 3
               : c >= 0xc2 && c <= 0xdf ? 2
                                        : 0;
  if (len == 0 || i + len > text.size()) return 0;
  uint32_t cp = len == 2 ? c & 0x1f : len == 3 ? c & 0x0f : c & 0x07;
  for (size_t k = 1; k < len; ++k) {
    auto cc = static_cast<unsigned char>(text[i + k]);
    if ((cc & 0xc0) != 0x80) return 0;
    cp = (cp << 6) | (cc & 0x3f);
  }
  bool valid = !(len == 3 && cp < 0x800) && !(len == 4 && (cp < 0x10000 || cp > 0x10ffff)) &&
               !(cp >= 0xd800 && cp <= 0xdfff);
  return valid ? len : 0;
}

// The article must be UTF-8: a catalog is, and guessing another encoding would put text in it
// that Apple did not write. Names the first few places that are not, by line and column.
Result<void> CheckUtf8(std::string_view text, std::string_view origin) {
  constexpr size_t kShown = 5;
  std::vector<std::string> places;
  size_t bad = 0, line = 1, line_start = 0;
  for (size_t i = 0; i < text.size();) {
    if (text[i] == '\n') {
      ++line;
      line_start = ++i;
      continue;
    }
    size_t len = Utf8SequenceAt(text, i);
    if (len > 0) {
      i += len;
      continue;
    }
    if (++bad <= kShown) {
      places.push_back(fmt::format("line {}, column {}: byte 0x{:02X}", line, i - line_start + 1,
                                   static_cast<unsigned char>(text[i])));
    }
    ++i;
  }
  if (bad == 0) return {};
  if (bad > kShown) places.push_back(fmt::format("and {} more", bad - kShown));
  return MakeError(ErrorCode::kParse,
                   fmt::format("{}: not UTF-8 text ({}); save the article as UTF-8 (for example "
                               "`iconv -f WINDOWS-1252 -t UTF-8`) and import it again",
                               origin, fmt::join(places, "; ")));
}

bool ContainsTagCaseless(std::string_view text, std::string_view tag) {
  return AsciiLower(text.substr(0, 1 << 20)).find(tag) != std::string::npos;
}

}  // namespace

std::string_view ToString(ArticleForm form) {
  switch (form) {
    case ArticleForm::kPipeTable:
      return "pipe-table";
    case ArticleForm::kTabSeparated:
      return "tab-separated";
    case ArticleForm::kCellPerLine:
      return "cell-per-line";
    case ArticleForm::kHtml:
      return "html";
  }
  return "pipe-table";
}

ArticleForm DetectArticleForm(std::string_view text) {
  if (ContainsTagCaseless(text, "<table") || ContainsTagCaseless(text, "<html")) {
    return ArticleForm::kHtml;
  }
  if (text.find('\t') != std::string_view::npos) return ArticleForm::kTabSeparated;
  if (text.find('|') != std::string_view::npos) return ArticleForm::kPipeTable;
  return ArticleForm::kCellPerLine;
}

Result<Catalog> ImportArticle(std::string_view text, std::string_view origin,
                              std::optional<ArticleForm> form) {
  if (auto utf8 = CheckUtf8(text, origin); !utf8) return tl::unexpected(utf8.error());
  ArticleItems items;
  switch (form.value_or(DetectArticleForm(text))) {
    case ArticleForm::kPipeTable:
      items = ReadDelimitedArticle(text, '|');
      break;
    case ArticleForm::kTabSeparated:
      items = ReadDelimitedArticle(text, '\t');
      break;
    case ArticleForm::kCellPerLine:
      items = ReadCellPerLineArticle(text);
      break;
    case ArticleForm::kHtml:
      items = ReadHtmlArticle(text);
      break;
  }
  return Assembler(origin).Run(items);
}

}  // namespace orchard::catalog
