#include "results/route_comparison.h"

#include <gtest/gtest.h>

#include "support/check_results.h"

namespace orchard::results {
namespace {

probe::CheckResult Result(std::string target, uint16_t port, probe::Status status,
                          probe::Reason reason, std::string route_kind) {
  testing::ResultBuilder r = testing::MakeResult("", port)
                                 .Target(target)
                                 .RowId(target)
                                 .Kind(probe::CheckKind::kTls)
                                 .Status(status, reason);
  if (route_kind == "proxy") r.ViaProxy("proxy.lab:3128");
  return r;
}

TEST(RouteComparison, AttachesTheDirectTwinOnlyToProxiedChecks) {
  std::vector<probe::CheckResult> via = {
      Result("a.apple.com", 443, probe::Status::kPass, probe::Reason::kOk, "proxy"),
      Result("b.apple.com", 443, probe::Status::kPass, probe::Reason::kOk, "direct"),
      Result("c.apple.com", 443, probe::Status::kFail, probe::Reason::kProxyDenied, "proxy")};
  std::vector<probe::CheckResult> direct = {
      Result("a.apple.com", 443, probe::Status::kFail, probe::Reason::kTcpTimeout, "direct"),
      Result("b.apple.com", 443, probe::Status::kPass, probe::Reason::kOk, "direct"),
      Result("c.apple.com", 443, probe::Status::kPass, probe::Reason::kOk, "direct")};
  direct[0].detail = "no answer";
  AttachDirectComparison(via, direct);
  ASSERT_TRUE(via[0].compared);
  EXPECT_EQ(via[0].compared->status, probe::Status::kFail);
  EXPECT_EQ(via[0].compared->reason, probe::Reason::kTcpTimeout);
  EXPECT_EQ(via[0].compared->route.kind, "direct");
  EXPECT_FALSE(via[1].compared);
  ASSERT_TRUE(via[2].compared);

  RouteComparisonSummary s = SummarizeComparison(via);
  EXPECT_EQ(s.proxied, 2);
  EXPECT_EQ(s.only_proxy, 1);
  EXPECT_EQ(s.only_direct, 1);
  EXPECT_EQ(s.same, 0);
  ASSERT_EQ(s.differing.size(), 2u);
  EXPECT_EQ(DescribeComparison(*s.differing[0]),
            "a.apple.com:443 (tls): proxy pass ok; direct fail tcp_timeout (no answer)");
}

TEST(RouteComparison, LeavesMismatchedPairsAlone) {
  std::vector<probe::CheckResult> via = {
      Result("a.apple.com", 443, probe::Status::kPass, probe::Reason::kOk, "proxy")};
  std::vector<probe::CheckResult> direct = {
      Result("a.apple.com", 80, probe::Status::kFail, probe::Reason::kTcpTimeout, "direct")};
  AttachDirectComparison(via, direct);
  EXPECT_FALSE(via[0].compared);
  EXPECT_EQ(SummarizeComparison(via).proxied, 0);
}

}  // namespace
}  // namespace orchard::results
