#include "generate/names.h"

#include <algorithm>
#include <ranges>
#include <string_view>

namespace orchard::generate {
namespace {

// True when `name` is a strict subdomain of `parent`.
bool IsUnder(std::string_view name, std::string_view parent) {
  return name.size() > parent.size() + 1 && name.ends_with(parent) &&
         name[name.size() - parent.size() - 1] == '.';
}

std::string ReversedLabels(std::string_view domain) {
  std::string out;
  while (!domain.empty()) {
    size_t dot = domain.rfind('.');
    std::string_view label = dot == std::string_view::npos ? domain : domain.substr(dot + 1);
    if (!out.empty()) out += '.';
    out += label;
    domain = dot == std::string_view::npos ? std::string_view() : domain.substr(0, dot);
  }
  return out;
}

}  // namespace

bool HasTlsPort(const catalog::Endpoint& endpoint) {
  if (endpoint.transport != catalog::Transport::kTcp) return false;
  return std::ranges::any_of(endpoint.ports, [](uint16_t p) { return p != 80 && p != 22; });
}

std::vector<NameRule> NameRules(const Allowlist& list, const NameOptions& options) {
  std::vector<NameRule> rules;
  for (const auto& row : list.rows) {
    const auto& e = row.endpoint;
    if (e.kind == catalog::HostKind::kCidr) continue;
    if (options.tls_only && !HasTlsPort(e)) continue;
    if (e.kind == catalog::HostKind::kWildcard) {
      rules.push_back({e.host.substr(2), true});
    } else {
      rules.push_back({e.host, false});
    }
  }

  for (const auto& parent : list.collapse) {
    auto covered = [&](const NameRule& r) {
      return r.domain == parent || IsUnder(r.domain, parent);
    };
    if (std::ranges::none_of(rules, covered)) continue;
    std::erase_if(rules, covered);
    rules.push_back({parent, true});
    rules.push_back({parent, false});
  }

  std::vector<NameRule> wildcards;
  for (const auto& r : rules) {
    if (r.subdomains) wildcards.push_back(r);
  }
  auto folded = [&](const NameRule& r) {
    return std::ranges::any_of(wildcards, [&](const NameRule& w) {
      if (IsUnder(r.domain, w.domain)) return true;
      return !r.subdomains && r.domain == w.domain && options.suffix_covers_apex;
    });
  };
  std::erase_if(rules, folded);

  std::ranges::sort(rules, [](const NameRule& a, const NameRule& b) {
    auto ka = ReversedLabels(a.domain);
    auto kb = ReversedLabels(b.domain);
    if (ka != kb) return ka < kb;
    return a.subdomains > b.subdomains;
  });
  // std::unique, not std::ranges::unique: clang 14 cannot use libstdc++ 12's subrange here.
  rules.erase(std::unique(rules.begin(), rules.end()), rules.end());
  return rules;
}

}  // namespace orchard::generate
