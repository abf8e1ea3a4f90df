#include "host/plist_xml.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <optional>
#include <string_view>
#include <utility>

#include "base/strings.h"
#include "host/text.h"

namespace orchard::host {
namespace {

constexpr int kMaxDepth = 64;
constexpr size_t kPreviewBytes = 60;

struct Tag {
  std::string name;
  bool closing = false;       // </name>
  bool self_closing = false;  // <name/>
  bool attributes = false;    // <plist version="1.0">
  int line = 0;
};

constexpr std::array<std::pair<std::string_view, PlistValue::Type>, 7> kScalars = {{
    {"string", PlistValue::Type::kString},
    {"integer", PlistValue::Type::kInteger},
    {"real", PlistValue::Type::kReal},
    {"date", PlistValue::Type::kDate},
    {"data", PlistValue::Type::kData},
    {"true", PlistValue::Type::kTrue},
    {"false", PlistValue::Type::kFalse},
}};

// "&#233;" or "&#xE9;" without the & and ;: the code point, nullopt when malformed or not a
// character XML allows.
std::optional<unsigned long> CharacterReference(std::string_view ref) {
  if (ref.size() < 2 || ref[0] != '#') return std::nullopt;
  const bool hex = ref[1] == 'x';
  std::string_view digits = ref.substr(hex ? 2 : 1);
  if (digits.empty() || digits.size() > 8) return std::nullopt;
  unsigned long cp = 0;
  for (char c : digits) {
    int d = std::isdigit(static_cast<unsigned char>(c)) ? c - '0'
            : hex && std::isxdigit(static_cast<unsigned char>(c))
                ? std::tolower(static_cast<unsigned char>(c)) - 'a' + 10
                : -1;
    if (d < 0) return std::nullopt;
    cp = cp * (hex ? 16 : 10) + static_cast<unsigned long>(d);
  }
  if (cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return std::nullopt;
  return cp;
}

class Reader {
 public:
  Reader(std::string_view text, std::string_view tool) : text_(text), tool_(tool) {}

  Result<PlistValue> Document() {
    if (auto prolog = SkipProlog(); !prolog) return tl::unexpected(prolog.error());
    if (!StartsWith("<plist")) {
      return Fail(fmt::format("expected an XML property list, got \"{}\"", Preview()));
    }
    auto open = ReadTag();
    if (!open) return tl::unexpected(open.error());
    if (open->name != "plist" || open->self_closing) return Fail("expected <plist>");
    auto value = Value(1);
    if (!value) return value;
    if (auto close = Close("plist"); !close) return tl::unexpected(close.error());
    if (auto rest = SkipProlog(); !rest) return tl::unexpected(rest.error());
    if (pos_ != text_.size()) return Fail("text after </plist>");
    return value;
  }

 private:
  bool StartsWith(std::string_view s) const { return text_.substr(pos_).starts_with(s); }

  void SkipSpace() {
    while (pos_ < text_.size() && std::isspace(static_cast<unsigned char>(text_[pos_]))) ++pos_;
  }

  int LineAt(size_t pos) {
    if (pos < counted_pos_) {
      counted_pos_ = 0;
      counted_line_ = 1;
    }
    counted_line_ += static_cast<int>(std::count(text_.begin() + static_cast<long>(counted_pos_),
                                                 text_.begin() + static_cast<long>(pos), '\n'));
    counted_pos_ = pos;
    return counted_line_;
  }

  tl::unexpected<Error> Fail(std::string_view why) { return LineError(tool_, LineAt(pos_), why); }

  // The rest of the current line, trimmed and cut short (at a character boundary).
  std::string Preview() const {
    std::string_view rest = text_.substr(pos_);
    rest = Trim(rest.substr(0, rest.find('\n')));
    if (rest.size() <= kPreviewBytes) return std::string(rest);
    size_t cut = kPreviewBytes;
    while (cut > 0 && (static_cast<unsigned char>(rest[cut]) & 0xC0) == 0x80) --cut;
    return std::string(rest.substr(0, cut)) + "...";
  }

  // Skips `open` ... `close` when the text is there; false when it is not, an error when it
  // never ends.
  Result<bool> SkipSpan(std::string_view open, std::string_view close, std::string_view what) {
    if (!StartsWith(open)) return false;
    size_t end = text_.find(close, pos_ + open.size());
    if (end == std::string_view::npos) return Fail(fmt::format("unterminated {}", what));
    pos_ = end + close.size();
    return true;
  }

  // Whitespace and comments, between elements.
  Result<void> SkipInside() {
    for (;;) {
      SkipSpace();
      auto comment = SkipSpan("<!--", "-->", "comment");
      if (!comment) return tl::unexpected(comment.error());
      if (!*comment) return {};
    }
  }

  // Whitespace, comments, the XML declaration and the DOCTYPE, around the <plist> element.
  Result<void> SkipProlog() {
    for (;;) {
      if (auto inside = SkipInside(); !inside) return inside;
      auto declaration = SkipSpan("<?", "?>", "<?...?>");
      if (!declaration) return tl::unexpected(declaration.error());
      if (*declaration) continue;
      if (!StartsWith("<!DOCTYPE")) return {};
      size_t end = text_.find_first_of("[>", pos_);
      if (end == std::string_view::npos) return Fail("unterminated <!DOCTYPE");
      if (text_[end] == '[') return Fail("a DOCTYPE with an internal subset is not a plist");
      pos_ = end + 1;
    }
  }

  Result<Tag> ReadTag() {
    Tag tag;
    tag.line = LineAt(pos_);
    if (pos_ >= text_.size() || text_[pos_] != '<') return Fail("expected an element");
    ++pos_;
    if (pos_ < text_.size() && text_[pos_] == '/') {
      tag.closing = true;
      ++pos_;
    }
    size_t start = pos_;
    while (pos_ < text_.size() && std::isalnum(static_cast<unsigned char>(text_[pos_]))) ++pos_;
    tag.name = text_.substr(start, pos_ - start);
    if (tag.name.empty()) return Fail("expected an element name after '<'");
    size_t end = text_.find('>', pos_);
    std::string_view inside = text_.substr(pos_, end == std::string_view::npos ? 0 : end - pos_);
    if (end == std::string_view::npos || inside.find('<') != std::string_view::npos) {
      return Fail(fmt::format("unterminated <{}>", tag.name));
    }
    if (!inside.empty() && inside.back() == '/') {
      tag.self_closing = true;
      inside.remove_suffix(1);
    }
    tag.attributes = !Trim(inside).empty();
    if (tag.attributes && !std::isspace(static_cast<unsigned char>(inside.front()))) {
      return Fail(fmt::format("malformed <{}>", tag.name));
    }
    if (tag.closing && (tag.self_closing || tag.attributes)) {
      return Fail(fmt::format("malformed </{}>", tag.name));
    }
    pos_ = end + 1;
    return tag;
  }

  Result<void> Close(std::string_view name) {
    if (auto inside = SkipInside(); !inside) return inside;
    if (pos_ >= text_.size()) {
      return Fail(fmt::format("the output ends before </{}> (cut short?)", name));
    }
    size_t at = pos_;
    auto tag = ReadTag();
    if (!tag) return tl::unexpected(tag.error());
    if (!tag->closing || tag->name != name) {
      pos_ = at;
      return Fail(
          fmt::format("expected </{}>, got <{}{}>", name, tag->closing ? "/" : "", tag->name));
    }
    return {};
  }

  // The character data up to the next '<', entities decoded; then </name>.
  Result<std::string> Text(std::string_view name) {
    size_t end = text_.find('<', pos_);
    if (end == std::string_view::npos) {
      return Fail(fmt::format("the output ends inside <{}> (cut short?)", name));
    }
    std::string_view raw = text_.substr(pos_, end - pos_);
    std::string out;
    out.reserve(raw.size());
    for (size_t i = 0; i < raw.size(); ++i) {
      if (raw[i] != '&') {
        out += raw[i];
        continue;
      }
      size_t semi = raw.find(';', i);
      std::string_view entity =
          raw.substr(i + 1, semi == std::string_view::npos ? 0 : semi - i - 1);
      if (semi == std::string_view::npos || entity.empty() || entity.size() > 10) {
        pos_ += i;
        return Fail(fmt::format("a bare '&' in <{}>", name));
      }
      if (entity == "amp") {
        out += '&';
      } else if (entity == "lt") {
        out += '<';
      } else if (entity == "gt") {
        out += '>';
      } else if (entity == "quot") {
        out += '"';
      } else if (entity == "apos") {
        out += '\'';
      } else if (auto cp = CharacterReference(entity)) {
        AppendUtf8(out, static_cast<uint32_t>(*cp));
      } else {
        pos_ += i;
        return Fail(fmt::format("unknown entity &{}; in <{}>", entity, name));
      }
      i = semi;
    }
    pos_ = end;
    if (StartsWith("<![CDATA[")) return Fail("CDATA is not supported in a plist");
    if (auto close = Close(name); !close) return tl::unexpected(close.error());
    return out;
  }

  Result<PlistValue> Value(int depth) {
    if (depth > kMaxDepth) return Fail(fmt::format("nested deeper than {} levels", kMaxDepth));
    if (auto inside = SkipInside(); !inside) return tl::unexpected(inside.error());
    if (pos_ >= text_.size()) return Fail("the output ends before a value (cut short?)");
    if (text_[pos_] != '<') return Fail(fmt::format("expected a value, got \"{}\"", Preview()));
    size_t at = pos_;
    auto tag = ReadTag();
    if (!tag) return tl::unexpected(tag.error());
    if (tag->closing || tag->attributes) {
      pos_ = at;
      return Fail(fmt::format("expected a value, got \"{}\"", Preview()));
    }
    PlistValue v;
    v.line = tag->line;
    if (tag->name == "dict" || tag->name == "array") {
      v.type = tag->name == "dict" ? PlistValue::Type::kDict : PlistValue::Type::kArray;
      if (tag->self_closing) return v;
      if (auto members = Members(tag->name, depth, v); !members)
        return tl::unexpected(members.error());
      return v;
    }
    auto scalar = std::find_if(kScalars.begin(), kScalars.end(),
                               [&](const auto& s) { return s.first == tag->name; });
    if (scalar == kScalars.end()) {
      pos_ = at;
      return Fail(tag->name == "key" ? "a <key> outside a <dict>"
                                     : fmt::format("unknown element <{}>", tag->name));
    }
    v.type = scalar->second;
    if (tag->self_closing) return v;
    auto text = Text(tag->name);
    if (!text) return tl::unexpected(text.error());
    const bool boolean = v.type == PlistValue::Type::kTrue || v.type == PlistValue::Type::kFalse;
    if (boolean && !Trim(*text).empty()) {
      return LineError(tool_, v.line, fmt::format("<{}> holds text", tag->name));
    }
    v.text = std::move(*text);
    return v;
  }

  // The members of an open <dict> or <array> (a <key> before each in a dict), up to and with
  // its closing tag.
  Result<void> Members(const std::string& name, int depth, PlistValue& container) {
    for (;;) {
      if (auto inside = SkipInside(); !inside) return inside;
      if (pos_ >= text_.size()) {
        return Fail(fmt::format("the output ends inside <{}> (cut short?)", name));
      }
      if (StartsWith("</")) break;
      if (container.type == PlistValue::Type::kDict) {
        auto key = Key();
        if (!key) return tl::unexpected(key.error());
        container.keys.push_back(std::move(*key));
      }
      auto item = Value(depth + 1);
      if (!item) return tl::unexpected(item.error());
      container.items.push_back(std::move(*item));
    }
    return Close(name);
  }

  Result<std::string> Key() {
    size_t at = pos_;
    auto tag = ReadTag();
    if (!tag) return tl::unexpected(tag.error());
    if (tag->name != "key" || tag->closing || tag->attributes) {
      pos_ = at;
      return Fail(fmt::format("expected <key> in a <dict>, got \"{}\"", Preview()));
    }
    if (tag->self_closing) return std::string();
    return Text("key");
  }

  std::string_view text_;
  std::string_view tool_;
  size_t pos_ = 0;
  size_t counted_pos_ = 0;
  int counted_line_ = 1;
};

}  // namespace

const PlistValue* PlistValue::Find(std::string_view key) const {
  if (type != Type::kDict) return nullptr;
  for (size_t i = 0; i < keys.size() && i < items.size(); ++i) {
    if (keys[i] == key) return &items[i];
  }
  return nullptr;
}

Result<PlistValue> ParsePlistXml(std::string_view text, std::string_view tool) {
  return Reader(text, tool).Document();
}

}  // namespace orchard::host
