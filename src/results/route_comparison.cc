#include "results/route_comparison.h"

#include <fmt/format.h>

namespace orchard::results {

void AttachDirectComparison(std::vector<probe::CheckResult>& configured,
                            const std::vector<probe::CheckResult>& direct) {
  for (size_t i = 0; i < configured.size() && i < direct.size(); ++i) {
    probe::CheckResult& r = configured[i];
    const probe::CheckResult& d = direct[i];
    if (r.route.kind != "proxy") continue;
    if (r.target != d.target || r.port != d.port || r.transport != d.transport ||
        r.row_id != d.row_id) {
      continue;
    }
    r.compared = probe::RouteComparison{d.route, d.status, d.reason, d.detail};
  }
}

RouteComparisonSummary SummarizeComparison(const std::vector<probe::CheckResult>& results) {
  RouteComparisonSummary s;
  for (const auto& r : results) {
    if (!r.compared) continue;
    ++s.proxied;
    const probe::Status via = r.status, direct = r.compared->status;
    if (via == direct) {
      ++s.same;
      continue;
    }
    if (via == probe::Status::kPass && direct == probe::Status::kFail) {
      ++s.only_proxy;
    } else if (direct == probe::Status::kPass && via == probe::Status::kFail) {
      ++s.only_direct;
    } else {
      ++s.other;
    }
    s.differing.push_back(&r);
  }
  return s;
}

std::string DescribeComparison(const probe::CheckResult& r) {
  std::string out =
      fmt::format("{}:{} ({}): proxy {} {}", r.target, r.port, probe::ToString(r.check),
                  probe::ToString(r.status), probe::ToString(r.reason));
  if (!r.compared) return out;
  out += fmt::format("; direct {} {}", probe::ToString(r.compared->status),
                     probe::ToString(r.compared->reason));
  if (!r.compared->detail.empty()) out += " (" + r.compared->detail + ")";
  return out;
}

}  // namespace orchard::results
