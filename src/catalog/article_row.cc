#include "catalog/article_row.h"

#include <fmt/format.h>

#include <algorithm>
#include <bit>
#include <cctype>
#include <charconv>

#include "base/strings.h"
#include "catalog/article_items.h"
#include "catalog/host_pattern.h"

namespace orchard::catalog {
namespace {

bool IsDash(std::string_view cell) { return cell == "-" || cell == "\u2014" || cell == "\u2013"; }

// "iOS", "macOS", "visionOS": letters ending in "OS" (so a new Apple OS still reads as one).
bool IsOsName(std::string_view word) {
  return word.size() >= 3 && word.ends_with("OS") &&
         std::all_of(word.begin(), word.end(), [](unsigned char c) { return std::isalpha(c); });
}

constexpr int kOs = 3, kDescription = 4, kProxy = 5;

// What putting `cell` in `column` costs (0 = its natural place), or -1 when it cannot go there.
int Cost(std::string_view cell, int column) {
  if (IsDash(cell)) return column == kOs ? 1 : column == kProxy ? 0 : -1;
  if (IsProxyWord(cell)) return column == kProxy ? 0 : -1;
  if (IsOsCell(cell)) return column == kOs ? 0 : column == kDescription ? 2 : -1;
  if (column == kOs) return -1;
  bool proxies = MentionsProxies(cell);
  return (column == kProxy) == proxies ? 0 : 1;
}

}  // namespace

Result<std::vector<uint16_t>> ParsePortsCell(std::string_view cell) {
  std::vector<uint16_t> ports;
  size_t start = 0;
  while (start <= cell.size()) {
    size_t comma = cell.find(',', start);
    std::string_view port = TrimArticleText(cell.substr(start, comma - start));
    int value = 0;
    auto [end, ec] = std::from_chars(port.data(), port.data() + port.size(), value);
    if (port.empty() || ec != std::errc() || end != port.data() + port.size() || value < 1 ||
        value > 65535) {
      return MakeError(ErrorCode::kParse, fmt::format("bad port '{}' in '{}'", port, cell));
    }
    ports.push_back(static_cast<uint16_t>(value));
    if (comma == std::string_view::npos) break;
    start = comma + 1;
  }
  return ports;
}

bool IsHostCell(std::string_view cell) {
  return cell.find('.') != std::string_view::npos && cell.find(' ') == std::string_view::npos &&
         ClassifyHost(cell).has_value();
}

bool IsPortsCell(std::string_view cell) {
  return !cell.empty() && ParsePortsCell(cell).has_value();
}

bool IsProtocolCell(std::string_view cell) {
  std::string word = AsciiLower(cell);
  return word == "tcp" || word == "udp" || word == "ssh";
}

bool IsOsCell(std::string_view cell) {
  std::string_view text = TrimArticleText(cell);
  if (text.ends_with(" only")) text.remove_suffix(5);
  if (text.empty()) return false;
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find_first_of(", ", start);
    std::string_view word = text.substr(start, end - start);
    if (!word.empty() && word != "and" && !IsOsName(word)) return false;
    if (end == std::string::npos) break;
    start = end + 1;
  }
  return true;
}

bool MentionsProxies(std::string_view cell) {
  return AsciiLower(cell).find("prox") != std::string::npos;
}

Placement PlaceCells(std::vector<std::string>& cells) {
  std::vector<std::string> filled;
  for (const std::string& cell : cells) {
    std::string_view trimmed = TrimArticleText(cell);
    if (!trimmed.empty()) filled.emplace_back(trimmed);
  }
  if (filled.size() < 3 || filled.size() > static_cast<size_t>(kArticleColumns) ||
      !IsHostCell(filled[0]) || !IsPortsCell(filled[1]) || !IsProtocolCell(filled[2])) {
    return Placement::kNoFit;
  }
  // The cells after the protocol go to OS, description and proxy in order: try every choice of
  // columns (at most three of three) and keep the cheapest.
  const size_t tail = filled.size() - 3;
  int best_cost = -1, best_mask = 0, best_count = 0;
  for (int mask = 0; mask < 8; ++mask) {
    if (std::popcount(static_cast<unsigned>(mask)) != static_cast<int>(tail)) continue;
    int cost = 0;
    size_t k = 3;
    for (int column = kOs; column <= kProxy && cost >= 0; ++column) {
      if ((mask & (1 << (column - kOs))) == 0) continue;
      int c = Cost(filled[k++], column);
      cost = c < 0 ? -1 : cost + c;
    }
    if (cost < 0) continue;
    if (best_cost < 0 || cost < best_cost) {
      best_cost = cost;
      best_mask = mask;
      best_count = 1;
    } else if (cost == best_cost) {
      ++best_count;
    }
  }
  if (best_cost < 0) return Placement::kNoFit;
  if (best_count > 1) return Placement::kAmbiguous;
  std::vector<std::string> placed(kArticleColumns);
  size_t k = 0;
  for (; k < 3; ++k) placed[k] = std::move(filled[k]);
  for (int column = kOs; column <= kProxy; ++column) {
    if (best_mask & (1 << (column - kOs))) placed[column] = std::move(filled[k++]);
  }
  cells = std::move(placed);
  return Placement::kPlaced;
}

}  // namespace orchard::catalog
