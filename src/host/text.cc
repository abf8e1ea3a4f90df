#include "host/text.h"

#include <fmt/format.h>

#include <charconv>

#include "base/strings.h"

namespace orchard::host {

std::vector<Line> SplitLines(std::string_view text) {
  std::vector<Line> lines;
  int number = 0;
  while (!text.empty()) {
    auto nl = text.find('\n');
    std::string_view line = text.substr(0, nl);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    lines.push_back({++number, line});
    text = nl == std::string_view::npos ? std::string_view() : text.substr(nl + 1);
  }
  return lines;
}

std::optional<std::pair<std::string_view, std::string_view>> SplitKeyValue(std::string_view line,
                                                                           char separator) {
  auto at = line.find(separator);
  if (at == std::string_view::npos) return std::nullopt;
  return std::pair{Trim(line.substr(0, at)), Trim(line.substr(at + 1))};
}

std::optional<unsigned long> ParseUnsigned(std::string_view text) {
  unsigned long value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

tl::unexpected<Error> LineError(std::string_view tool, int line, std::string_view why) {
  return tl::unexpected<Error>(Error(ErrorCode::kParse, fmt::format("{}:{}: {}", tool, line, why)));
}

}  // namespace orchard::host
