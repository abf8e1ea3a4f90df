#include "diagnose/diagnose.h"

#include <algorithm>

#include "diagnose/rules.h"

namespace orchard::diagnose {

std::vector<Diagnosis> Diagnose(const std::vector<probe::CheckResult>& results,
                                const DiagnoseOptions& options) {
  Context ctx(results, options);
  std::vector<Diagnosis> out;
  auto run = [&](std::optional<Diagnosis> (*rule)(Context&)) {
    if (auto d = rule(ctx)) out.push_back(std::move(*d));
  };
  // Order matters: each rule sees only the rows earlier rules left unexplained.
  run(&CaptivePortal);
  run(&DarkNetwork);
  run(&DnsFailure);  // before the rest: a resolver that answers nothing is whole-network
  run(&SplitDnsFailure);
  run(&ClockSkew);
  run(&DnsSinkhole);
  run(&ProxyAuthRequired);
  run(&TlsInterception);
  run(&ProxyDenied);
  run(&ProxyRequired);
  run(&CdnBlocked);
  run(&CertValidationBlocked);  // sees every open certificate row, claims them from catch-alls
  run(&ExtensionWaitingForUser);
  run(&PortsBlocked);
  run(&PartialOutage);
  std::stable_sort(out.begin(), out.end(),
                   [](const Diagnosis& a, const Diagnosis& b) { return a.impact > b.impact; });
  return out;
}

}  // namespace orchard::diagnose
