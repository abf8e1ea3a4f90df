#pragma once

#include <optional>
#include <string>
#include <vector>

#include "diagnose/diagnose.h"

// The rules behind Diagnose (internal to src/diagnose). A rule reads the results through a
// Context, returns at most one diagnosis and claims the rows it explains: rows claimed by a
// whole-network cause are hidden from every later rule; rows claimed by a specific cause are
// hidden from the catch-all rules (ports-blocked, partial-outage).
namespace orchard::diagnose {

class Context {
 public:
  Context(const std::vector<probe::CheckResult>& results, const DiagnoseOptions& options);

  const std::vector<probe::CheckResult>& results() const { return results_; }
  const DiagnoseOptions& options() const { return options_; }

  // Indexes of failing or warning rows not yet explained by a whole-network cause.
  std::vector<size_t> Open() const;
  // Open rows that no specific cause has explained either.
  std::vector<size_t> Unexplained() const;
  // Every failing or warning row, whatever explained it.
  std::vector<size_t> Bad() const;

  // Who a diagnosis explains its rows for: a whole-network cause hides them from every later
  // rule, a specific cause only from the catch-all rules.
  enum class Scope { kWholeNetwork, kSpecific };

  // Starts diagnosis `id` of `rows`: its affected targets are filled in and the rows claimed
  // for `scope`. The rule adds the severity, the words and the impact.
  Diagnosis Explain(std::string id, const std::vector<size_t>& rows, Scope scope);

  // "host:port" per row, de-duplicated, in row order.
  std::vector<std::string> Affected(const std::vector<size_t>& rows) const;

 private:
  void ClaimWholeNetwork(const std::vector<size_t>& rows);
  void Claim(const std::vector<size_t>& rows);

  const std::vector<probe::CheckResult>& results_;
  const DiagnoseOptions& options_;
  std::vector<bool> network_claimed_;
  std::vector<bool> claimed_;
};

bool IsBad(const probe::CheckResult& r);  // fail or warn
bool IsDnsFailure(probe::Reason r);       // nxdomain, nodata, servfail, refused, timeout
bool IsConnectFailure(probe::Reason r);   // nothing answered, or an RST/ICMP said no
std::string Plural(size_t n, std::string_view one, std::string_view many);
// "3 × tcp_timeout, 1 × tcp_refused", most frequent first.
std::string ReasonCounts(const Context& ctx, const std::vector<size_t>& rows);
// "ocsp.apple.com, crl.apple.com and 4 more".
std::string HostList(const Context& ctx, const std::vector<size_t>& rows, size_t limit);

// Whole-network causes, in the order Diagnose runs them.
std::optional<Diagnosis> CaptivePortal(Context& ctx);
std::optional<Diagnosis> DarkNetwork(Context& ctx);
std::optional<Diagnosis> ClockSkew(Context& ctx);
// Specific causes.
// Names a per-domain (split DNS) resolver failed are left to SplitDnsFailure.
std::optional<Diagnosis> DnsFailure(Context& ctx);
// Names that a per-domain resolver (CheckResult::resolver) failed to resolve, naming it.
std::optional<Diagnosis> SplitDnsFailure(Context& ctx);
std::optional<Diagnosis> DnsSinkhole(Context& ctx);
std::optional<Diagnosis> TlsInterception(Context& ctx);
std::optional<Diagnosis> ProxyAuthRequired(Context& ctx);
std::optional<Diagnosis> ProxyRequired(Context& ctx);
std::optional<Diagnosis> ProxyDenied(Context& ctx);
std::optional<Diagnosis> CdnBlocked(Context& ctx);
// What breaks, whatever the cause: reads every failing certificate row, even those a portal, a
// dark network or a specific cause explained (only a wrong clock's date errors are left to
// clock-skew), and claims them from the catch-alls.
std::optional<Diagnosis> CertValidationBlocked(Context& ctx);
// The machine's own state (DiagnoseOptions::host): a system extension waiting for the user.
std::optional<Diagnosis> ExtensionWaitingForUser(Context& ctx);
// For cert-validation-blocked: " On this Mac X is \"state\": ..." for every system extension
// not yet activated and enabled, or "" (no facts, or all fine).
std::string ExtensionsBlockedByValidation(const Context& ctx);
// For tls-interception: a sentence naming those of `interceptors` whose CA is in the Mac's
// System keychain (installed by an MDM profile), or "".
std::string InterceptorsFromKeychain(const Context& ctx,
                                     const std::vector<std::string>& interceptors);
// Catch-all rules over what is left.
std::optional<Diagnosis> PortsBlocked(Context& ctx);
std::optional<Diagnosis> PartialOutage(Context& ctx);

}  // namespace orchard::diagnose
