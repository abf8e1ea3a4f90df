#include "generate/allowlist.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <set>

#include "base/strings.h"
#include "generate/address.h"

namespace orchard::generate {
namespace {

catalog::HostKind InferKind(std::string_view host) {
  if (host.starts_with("*.")) return catalog::HostKind::kWildcard;
  if (ParsePrefix(host)) return catalog::HostKind::kCidr;
  return catalog::HostKind::kName;
}

// Checks a row's host against its kind and normalises names to lower case.
Result<AllowRow> CheckedRow(catalog::Endpoint endpoint) {
  auto bad = [&](std::string_view what) {
    std::string where = endpoint.origin.empty() ? endpoint.id : endpoint.origin;
    return MakeError(ErrorCode::kParse,
                     where + ": host '" + endpoint.host + "' " + std::string(what));
  };
  if (endpoint.kind == catalog::HostKind::kCidr) {
    auto prefix = ParsePrefix(endpoint.host);
    if (!prefix) return bad("is not an IPv4 or IPv6 network");
    endpoint.host = ToString(*prefix);
  } else {
    endpoint.host = AsciiLower(endpoint.host);
    bool wildcard = endpoint.host.starts_with("*.");
    if (!IsSafeHostPattern(endpoint.host) ||
        wildcard != (endpoint.kind == catalog::HostKind::kWildcard)) {
      return bad("is not a host name or *.domain wildcard");
    }
  }
  for (uint16_t port : endpoint.ports) {
    if (port == 0) return bad("has port 0");
  }
  return AllowRow{std::move(endpoint), {}};
}

}  // namespace

bool IsSafeHostPattern(std::string_view host) {
  std::string_view rest = host;
  if (rest.starts_with("*.")) rest.remove_prefix(2);
  if (rest.empty() || rest.size() > 253 || rest.front() == '.' || rest.back() == '.') return false;
  size_t label = 0;
  for (char c : rest) {
    if (c == '.') {
      if (label == 0) return false;
      label = 0;
      continue;
    }
    bool ok = std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_';
    if (!ok || ++label > 63) return false;
  }
  return true;
}

Result<std::string> NormaliseCollapse(std::string_view domain) {
  std::string d = AsciiLower(domain);
  if (d.starts_with("*.")) d.erase(0, 2);
  if (!d.empty() && d.front() == '.') d.erase(0, 1);
  if (!IsSafeHostPattern(d) || d.find('*') != std::string::npos ||
      d.find('.') == std::string::npos) {
    return MakeError(ErrorCode::kUsage,
                     "--collapse '" + std::string(domain) +
                         "': expected a parent domain with at least two labels, like apple.com");
  }
  return d;
}

std::string Reason(const catalog::Endpoint& endpoint) {
  if (!endpoint.description.empty()) return endpoint.description;
  return endpoint.section;
}

std::string BlockedText(const AllowRow& row) {
  std::string out;
  for (const auto& f : row.findings) {
    if (f.status != "fail" && f.reason != "proxy_required") continue;
    if (!out.empty()) out += "; ";
    out += std::to_string(f.port) + "/" + f.transport + " " + f.reason;
  }
  return out;
}

bool IsBlocked(const probe::CheckResult& result) {
  return result.status == probe::Status::kFail ||
         (result.status == probe::Status::kWarn && result.reason == probe::Reason::kProxyRequired);
}

Result<std::vector<AllowRow>> RowsFromEndpoints(const std::vector<catalog::Endpoint>& endpoints) {
  std::vector<AllowRow> rows;
  rows.reserve(endpoints.size());
  for (const auto& endpoint : endpoints) {
    auto row = CheckedRow(endpoint);
    if (!row) return tl::unexpected(row.error());
    rows.push_back(std::move(*row));
  }
  return rows;
}

Result<std::vector<AllowRow>> RowsFromResults(const results::CheckDocument& doc,
                                              const std::vector<catalog::Endpoint>& known,
                                              bool only_failing, bool keep_unknown) {
  std::map<std::string, const catalog::Endpoint*> by_id;
  for (const auto& e : known) by_id.emplace(e.id, &e);

  struct Pending {
    catalog::Endpoint endpoint;
    bool from_catalog = false;
    std::vector<Finding> findings;
    std::set<uint16_t> seen_ports;
    std::set<uint16_t> blocked_ports;
  };
  std::vector<Pending> pending;
  std::map<std::string, size_t> index;

  for (const auto& result : doc.results) {
    auto at = index.find(result.row_id);
    if (at == index.end()) {
      Pending p;
      if (auto it = by_id.find(result.row_id); it != by_id.end()) {
        p.endpoint = *it->second;
        p.from_catalog = true;
      } else if (keep_unknown) {
        p.endpoint.id = result.row_id;
        p.endpoint.host = result.host;
        p.endpoint.kind = InferKind(result.host);
        p.endpoint.transport =
            catalog::TransportFromString(result.transport).value_or(catalog::Transport::kTcp);
        p.endpoint.protocol = result.transport == "udp" ? "UDP" : "TCP";
        p.endpoint.proxy = catalog::ProxySupportFromString(result.proxy_support)
                               .value_or(catalog::ProxySupport::kNo);
        p.endpoint.category = result.category;
        p.endpoint.origin = "results: row '" + result.row_id + "'";
      } else {
        continue;
      }
      at = index.emplace(result.row_id, pending.size()).first;
      pending.push_back(std::move(p));
    }
    Pending& p = pending[at->second];
    p.findings.push_back({result.port, result.transport,
                          std::string(probe::ToString(result.status)),
                          std::string(probe::ToString(result.reason))});
    if (result.port != 0) p.seen_ports.insert(result.port);
    if (IsBlocked(result) && result.port != 0) p.blocked_ports.insert(result.port);
  }

  std::vector<AllowRow> rows;
  for (auto& p : pending) {
    if (only_failing) {
      if (p.blocked_ports.empty()) continue;
      p.endpoint.ports.assign(p.blocked_ports.begin(), p.blocked_ports.end());
    } else if (!p.from_catalog) {
      p.endpoint.ports.assign(p.seen_ports.begin(), p.seen_ports.end());
    }
    if (p.endpoint.ports.empty()) continue;
    auto row = CheckedRow(std::move(p.endpoint));
    if (!row) return tl::unexpected(row.error());
    row->findings = std::move(p.findings);
    rows.push_back(std::move(*row));
  }
  return rows;
}

}  // namespace orchard::generate
