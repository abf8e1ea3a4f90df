#include "host/scutil_dns.h"

#include <fmt/format.h>

#include <algorithm>

#include "base/strings.h"
#include "host/text.h"

namespace orchard::host {
namespace {

constexpr std::string_view kTool = "scutil --dns";

// "nameserver[3]" -> {"nameserver", 3}; keys without an index -> {key, nullopt}.
std::pair<std::string_view, std::optional<unsigned long>> SplitIndex(std::string_view key) {
  auto open = key.find('[');
  if (open == std::string_view::npos || key.back() != ']') return {key, std::nullopt};
  auto index = ParseUnsigned(key.substr(open + 1, key.size() - open - 2));
  if (!index) return {key, std::nullopt};
  return {key.substr(0, open), index};
}

std::vector<std::string> SplitFlags(std::string_view value) {
  std::vector<std::string> flags;
  while (!value.empty()) {
    auto comma = value.find(',');
    auto flag = Trim(value.substr(0, comma));
    if (!flag.empty()) flags.emplace_back(flag);
    value = comma == std::string_view::npos ? std::string_view() : value.substr(comma + 1);
  }
  return flags;
}

// "Reachable,Directly Reachable Address", "0x00000000 (Not Reachable)", "Not Reachable".
bool ReachSaysReachable(std::string_view reach) {
  return reach.find("Reachable") != std::string_view::npos &&
         reach.find("Not Reachable") == std::string_view::npos;
}

Result<void> ApplyKey(ScutilResolver& r, const Line& line, std::string_view key,
                      std::string_view value) {
  auto [name, index] = SplitIndex(key);
  if (value.empty()) return LineError(kTool, line.number, fmt::format("{} has no value", key));
  if (name == "nameserver" || name == "search domain") {
    auto& list = name == "nameserver" ? r.nameservers : r.search_domains;
    if (!index || *index != list.size()) {
      return LineError(kTool, line.number,
                       fmt::format("expected {}[{}], got {}", name, list.size(), key));
    }
    list.emplace_back(value);
  } else if (key == "domain") {
    r.domain = value;
  } else if (key == "options") {
    r.options = value;
  } else if (key == "flags") {
    r.flags = SplitFlags(value);
  } else if (key == "reach") {
    r.reach = value;
    r.reachable = ReachSaysReachable(value);
  } else if (key == "if_index") {
    // "15 (en0)"
    auto space = value.find(' ');
    auto number = ParseUnsigned(value.substr(0, space));
    auto rest = space == std::string_view::npos ? std::string_view() : Trim(value.substr(space));
    if (!number || (!rest.empty() && (rest.front() != '(' || rest.back() != ')'))) {
      return LineError(kTool, line.number,
                       fmt::format("if_index \"{}\" is not \"N (interface)\"", value));
    }
    r.if_index = number;
    if (!rest.empty()) r.interface = rest.substr(1, rest.size() - 2);
  } else if (key == "order" || key == "timeout" || key == "port") {
    auto number = ParseUnsigned(value);
    if (!number) {
      return LineError(kTool, line.number, fmt::format("{} \"{}\" is not a number", key, value));
    }
    (key == "order" ? r.order : key == "timeout" ? r.timeout : r.port) = number;
  }
  return {};
}

}  // namespace

bool ScutilResolver::HasFlag(std::string_view flag) const {
  return std::find(flags.begin(), flags.end(), flag) != flags.end();
}

Result<std::vector<ScutilResolver>> ParseScutilDns(std::string_view text) {
  std::vector<ScutilResolver> resolvers;
  std::optional<DnsSection> section;
  int next_number = 1;
  ScutilResolver* current = nullptr;
  for (const Line& line : SplitLines(text)) {
    std::string_view body = Trim(line.text);
    if (body.empty()) continue;
    if (body == "DNS configuration" || body == "DNS configuration (for scoped queries)") {
      section = body == "DNS configuration" ? DnsSection::kDefault : DnsSection::kScoped;
      next_number = 1;
      current = nullptr;
      continue;
    }
    if (!section) {
      return LineError(kTool, line.number,
                       fmt::format("expected \"DNS configuration\", got \"{}\"", body));
    }
    if (body.starts_with("resolver #")) {
      auto number = ParseUnsigned(body.substr(10));
      if (!number || *number != static_cast<unsigned long>(next_number)) {
        return LineError(kTool, line.number,
                         fmt::format("expected \"resolver #{}\", got \"{}\"", next_number, body));
      }
      ++next_number;
      current = &resolvers.emplace_back();
      current->section = *section;
      current->number = static_cast<int>(*number);
      continue;
    }
    // Old releases (10.13) print reachability as a bare line instead of "reach : ...".
    if (current && (body == "Reachable" || body == "Not Reachable")) {
      current->reach = body;
      current->reachable = body == "Reachable";
      continue;
    }
    auto kv = SplitKeyValue(body);
    if (!kv) {
      return LineError(kTool, line.number,
                       fmt::format("expected \"key : value\", got \"{}\"", body));
    }
    if (!current) {
      return LineError(kTool, line.number,
                       fmt::format("\"{}\" outside any \"resolver #N\" block", kv->first));
    }
    // Keys never contain ':'; values may (IPv6 nameservers), so the first ':' splits.
    auto [key, value] = *kv;
    auto applied = ApplyKey(*current, line, key, value);
    if (!applied) return tl::unexpected(applied.error());
  }
  if (!section) return LineError(kTool, 1, "empty output (no \"DNS configuration\")");
  return resolvers;
}

}  // namespace orchard::host
