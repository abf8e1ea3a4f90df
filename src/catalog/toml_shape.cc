#include "catalog/toml_shape.h"

#include <fmt/format.h>

#include <vector>

namespace orchard::catalog {
namespace {

// The scanner's place in the text: outside strings, or inside one of TOML's four string kinds.
enum class Mode { kCode, kComment, kBasic, kLiteral, kMultiBasic, kMultiLiteral };

size_t RunOf(std::string_view text, size_t at, char c) {
  size_t n = 0;
  while (at + n < text.size() && text[at + n] == c) ++n;
  return n;
}

}  // namespace

Result<void> CheckTomlDepth(std::string_view text, std::string_view origin) {
  Mode mode = Mode::kCode;
  size_t line = 1;
  size_t parts = 1;          // parts of the key being read or assigned ("a.b.c" is 3)
  std::vector<size_t> open;  // depth inside each open [ or {, its key's parts included
  auto depth = [&] { return (open.empty() ? 0 : open.back()) + parts; };
  auto too_deep = [&] {
    return MakeError(ErrorCode::kCatalog,
                     fmt::format("{}:{}: keys, tables and arrays nested more than {} deep; "
                                 "refusing to parse",
                                 origin, line, kMaxTomlDepth));
  };
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '\n') ++line;
    switch (mode) {
      case Mode::kComment:
        if (c == '\n') mode = Mode::kCode;
        break;
      case Mode::kBasic:
        if (c == '\\') {
          if (i + 1 < text.size() && text[i + 1] == '\n') ++line;
          ++i;
        } else if (c == '"' || c == '\n') {
          mode = Mode::kCode;
        }
        break;
      case Mode::kLiteral:
        if (c == '\'' || c == '\n') mode = Mode::kCode;
        break;
      case Mode::kMultiBasic:
      case Mode::kMultiLiteral: {
        char quote = mode == Mode::kMultiBasic ? '"' : '\'';
        if (c == '\\' && mode == Mode::kMultiBasic) {
          if (i + 1 < text.size() && text[i + 1] == '\n') ++line;
          ++i;
        } else if (c == quote && RunOf(text, i, quote) >= 3) {
          i += std::min<size_t>(RunOf(text, i, quote), 5) - 1;  // up to two quotes are content
          mode = Mode::kCode;
        }
        break;
      }
      case Mode::kCode:
        if (c == '#') {
          mode = Mode::kComment;
        } else if (c == '"' || c == '\'') {
          bool multi = RunOf(text, i, c) >= 3;
          if (multi) i += 2;
          mode = c == '"' ? (multi ? Mode::kMultiBasic : Mode::kBasic)
                          : (multi ? Mode::kMultiLiteral : Mode::kLiteral);
        } else if (c == '.') {
          ++parts;  // a key's dot, or a float's or time's one dot in a value
          if (depth() > kMaxTomlDepth) return too_deep();
        } else if (c == '[' || c == '{') {
          open.push_back(depth());
          parts = 1;
          if (depth() > kMaxTomlDepth) return too_deep();
        } else if (c == ']' || c == '}') {
          if (!open.empty()) open.pop_back();
          parts = 1;
        } else if (c == ',' || c == '\n') {
          parts = 1;  // not at '=': a value's tables and arrays nest under its key's parts
        }
        break;
    }
  }
  return {};
}

}  // namespace orchard::catalog
