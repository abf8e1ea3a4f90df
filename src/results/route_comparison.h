#pragma once

#include <string>
#include <vector>

#include "probe/result.h"

// --compare-routes: the configured run (through the proxy) beside the same checks made direct.
namespace orchard::results {

// For each result that went through a proxy, records what the same check gave direct. Both runs
// come from one plan, so results pair up by position; a pair whose target, port or check differ
// is left alone.
void AttachDirectComparison(std::vector<probe::CheckResult>& configured,
                            const std::vector<probe::CheckResult>& direct);

struct RouteComparisonSummary {
  int proxied = 0;                                   // checks that went through a proxy
  int same = 0;                                      // ... whose direct twin had the same status
  int only_proxy = 0;                                // passed through the proxy, not direct
  int only_direct = 0;                               // passed direct, not through the proxy
  int other = 0;                                     // differed otherwise (warn, skip)
  std::vector<const probe::CheckResult*> differing;  // in result order
};

RouteComparisonSummary SummarizeComparison(const std::vector<probe::CheckResult>& results);

// "host:443 (tls): proxy pass ok; direct fail tcp_timeout (no answer from ...)"
std::string DescribeComparison(const probe::CheckResult& r);

}  // namespace orchard::results
