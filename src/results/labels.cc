#include "results/labels.h"

#include <fmt/format.h>

#include <algorithm>

#include "base/strings.h"
#include "probe/facts.h"

namespace orchard::results {
namespace {

constexpr size_t kMaxName = 64;
constexpr size_t kMaxValue = 1024;

// Quotes untrusted text for a message: short, printable.
std::string Quoted(std::string_view s) {
  std::string out = "'";
  for (char c : s.substr(0, 40)) out += (c >= 0x20 && c < 0x7f) ? c : '?';
  if (s.size() > 40) out += "...";
  return out + "'";
}

bool IsIdentifier(std::string_view s) {
  if (s.empty()) return false;
  auto alpha = [](char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_'; };
  auto digit = [](char c) { return c >= '0' && c <= '9'; };
  if (!alpha(s[0])) return false;
  return std::all_of(s.begin(), s.end(), [&](char c) { return alpha(c) || digit(c); });
}

}  // namespace

const std::vector<std::string_view>& ReservedLabelNames() {
  // The check-v1 document's top-level keys, a result's and a diagnosis's keys (with its facts'
  // keys from probe::Facts()), and what a JSON line adds (type, timestamp). Sorted;
  // report/jsonl_test.cc checks that every encoded key is here.
  static const std::vector<std::string_view> kNames = [] {
    std::vector<std::string_view> names = {
        "addresses", "affected", "catalog",   "category",        "check",      "cname_chain",
        "compared",  "detail",   "diagnoses", "explanation",     "host",       "hostname",
        "id",        "impact",   "labels",    "orchard_version", "port",       "proxy_support",
        "reason",    "remedy",   "resolved",  "resolver",        "results",    "route",
        "routing",   "row_id",   "run_id",    "schema",          "severity",   "started_at",
        "status",    "summary",  "target",    "timestamp",       "timings_ms", "title",
        "transport", "type",
    };
    for (const probe::FactsSpec& facts : probe::Facts()) names.push_back(facts.key);
    std::sort(names.begin(), names.end());
    return names;
  }();
  return kNames;
}

bool IsReservedLabelName(std::string_view name) {
  const auto& names = ReservedLabelNames();
  return std::binary_search(names.begin(), names.end(), name);
}

Result<void> CheckLabelName(std::string_view name) {
  if (!IsIdentifier(name) || name.size() > kMaxName) {
    return MakeError(ErrorCode::kUsage,
                     fmt::format("{} is not a label name (letters, digits and _, not starting "
                                 "with a digit, at most {} characters)",
                                 Quoted(name), kMaxName));
  }
  if (IsReservedLabelName(name)) {
    return MakeError(ErrorCode::kUsage,
                     fmt::format("{} is reserved: every JSON line already has a field of that "
                                 "name",
                                 Quoted(name)));
  }
  return {};
}

Result<void> CheckLabelValue(std::string_view value) {
  if (value.empty()) return MakeError(ErrorCode::kUsage, "the value is empty");
  if (value.size() > kMaxValue) {
    return MakeError(ErrorCode::kUsage,
                     fmt::format("the value is longer than {} bytes", kMaxValue));
  }
  // CleanText keeps newlines and tabs (details span lines); a label is one line of text.
  bool control = std::any_of(value.begin(), value.end(), [](char c) {
    return static_cast<unsigned char>(c) < 0x20 || c == 0x7f;
  });
  if (control || CleanText(value) != value) {
    return MakeError(ErrorCode::kUsage, "the value has control characters or is not valid UTF-8");
  }
  return {};
}

Result<Labels> ParseLabels(const std::vector<std::string>& items) {
  Labels labels;
  for (const auto& item : items) {
    auto fail = [&](const Error& e) {
      return MakeError(e.code(), Quoted(item) + ": " + e.message());
    };
    auto eq = item.find('=');
    if (eq == std::string::npos) {
      return fail(Error(ErrorCode::kUsage, "expected KEY=VALUE"));
    }
    std::string key = item.substr(0, eq), value = item.substr(eq + 1);
    if (auto ok = CheckLabelName(key); !ok) return fail(ok.error());
    if (auto ok = CheckLabelValue(value); !ok) return fail(ok.error());
    auto [it, added] = labels.emplace(key, value);
    if (!added) {
      return fail(Error(ErrorCode::kUsage,
                        fmt::format("{} is already set to {}", key, Quoted(it->second))));
    }
  }
  return labels;
}

}  // namespace orchard::results
