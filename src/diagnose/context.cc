#include <fmt/format.h>

#include <algorithm>
#include <map>

#include "diagnose/rules.h"

namespace orchard::diagnose {

Context::Context(const std::vector<probe::CheckResult>& results, const DiagnoseOptions& options)
    : results_(results),
      options_(options),
      network_claimed_(results.size(), false),
      claimed_(results.size(), false) {}

std::vector<size_t> Context::Open() const {
  std::vector<size_t> rows;
  for (size_t i = 0; i < results_.size(); ++i) {
    if (IsBad(results_[i]) && !network_claimed_[i]) rows.push_back(i);
  }
  return rows;
}

std::vector<size_t> Context::Bad() const {
  std::vector<size_t> rows;
  for (size_t i = 0; i < results_.size(); ++i) {
    if (IsBad(results_[i])) rows.push_back(i);
  }
  return rows;
}

std::vector<size_t> Context::Unexplained() const {
  std::vector<size_t> rows;
  for (size_t i : Open()) {
    if (!claimed_[i]) rows.push_back(i);
  }
  return rows;
}

void Context::ClaimWholeNetwork(const std::vector<size_t>& rows) {
  for (size_t i : rows) network_claimed_[i] = true;
}

void Context::Claim(const std::vector<size_t>& rows) {
  for (size_t i : rows) claimed_[i] = true;
}

Diagnosis Context::Explain(std::string id, const std::vector<size_t>& rows, Scope scope) {
  Diagnosis d;
  d.id = std::move(id);
  d.affected = Affected(rows);
  if (scope == Scope::kWholeNetwork) {
    ClaimWholeNetwork(rows);
  } else {
    Claim(rows);
  }
  return d;
}

std::vector<std::string> Context::Affected(const std::vector<size_t>& rows) const {
  std::vector<std::string> out;
  for (size_t i : rows) {
    std::string label = fmt::format("{}:{}", results_[i].host, results_[i].port);
    if (std::find(out.begin(), out.end(), label) == out.end()) out.push_back(std::move(label));
  }
  return out;
}

bool IsBad(const probe::CheckResult& r) {
  return r.status == probe::Status::kFail || r.status == probe::Status::kWarn;
}

bool IsDnsFailure(probe::Reason r) {
  using probe::Reason;
  return r == Reason::kDnsNxdomain || r == Reason::kDnsNodata || r == Reason::kDnsServfail ||
         r == Reason::kDnsRefused || r == Reason::kDnsTimeout;
}

bool IsConnectFailure(probe::Reason r) {
  using probe::Reason;
  return r == Reason::kTcpRefused || r == Reason::kTcpTimeout || r == Reason::kTcpUnreachable ||
         r == Reason::kTcpBlockedLocally || r == Reason::kUdpBlockedLocally ||
         r == Reason::kNtpTimeout || r == Reason::kQuicNoReply ||
         r == Reason::kTlsHandshakeFailed || r == Reason::kSshNoBanner;
}

std::string Plural(size_t n, std::string_view one, std::string_view many) {
  return fmt::format("{} {}", n, n == 1 ? one : many);
}

std::string ReasonCounts(const Context& ctx, const std::vector<size_t>& rows) {
  std::map<std::string_view, int> counts;
  for (size_t i : rows) ++counts[probe::ToString(ctx.results()[i].reason)];
  std::vector<std::pair<std::string_view, int>> sorted(counts.begin(), counts.end());
  std::stable_sort(sorted.begin(), sorted.end(),
                   [](const auto& a, const auto& b) { return a.second > b.second; });
  std::string out;
  for (const auto& [name, n] : sorted) {
    out += fmt::format("{}{} × {}", out.empty() ? "" : ", ", n, name);
  }
  return out;
}

std::string HostList(const Context& ctx, const std::vector<size_t>& rows, size_t limit) {
  std::vector<std::string> hosts;
  for (size_t i : rows) {
    const std::string& host = ctx.results()[i].host;
    if (std::find(hosts.begin(), hosts.end(), host) == hosts.end()) hosts.push_back(host);
  }
  std::string out;
  size_t shown = std::min(limit, hosts.size());
  for (size_t i = 0; i < shown; ++i) {
    if (i) out += (i + 1 == shown && shown == hosts.size()) ? " and " : ", ";
    out += hosts[i];
  }
  if (hosts.size() > shown) out += fmt::format(" and {} more", hosts.size() - shown);
  return out;
}

}  // namespace orchard::diagnose
