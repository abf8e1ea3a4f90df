// The DNS rules (rules_dns.cc): sinkholes, failing names, split-DNS resolvers.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "diagnose/diagnose.h"
#include "support/check_results.h"
#include "support/diagnoses.h"

namespace orchard::diagnose {
namespace {

using namespace testing;

TEST(DnsSinkhole, NamesTheFilterAnswerAndTheHosts) {
  auto results = Healthy();
  auto a = Fail("icloud", "gateway.icloud.com", 443, Reason::kDnsSinkhole);
  a.resolved = {"0.0.0.0"};
  auto b = Fail("app-store", "ppq.apple.com", 443, Reason::kDnsSinkhole);
  b.resolved = {"0.0.0.0"};
  results.push_back(a);
  results.push_back(b);
  auto ds = Diagnose(results, {});
  ASSERT_EQ(ds.size(), 1u);
  Diagnosis d = Only(ds, "dns-sinkhole");
  EXPECT_EQ(d.title, "A DNS filter blocks 2 Apple hosts (it answers 0.0.0.0)");
  EXPECT_THAT(d.explanation, HasSubstr("gateway.icloud.com and ppq.apple.com"));
  EXPECT_EQ(d.severity, Severity::kHigh);
}

TEST(DnsFailure, ExplainsEachRcodeForTheHostsThatFail) {
  auto results = Healthy();
  results.push_back(Fail("icloud", "gateway.icloud.com", 443, Reason::kDnsNxdomain));
  results.push_back(Fail("app-store", "ppq.apple.com", 443, Reason::kDnsRefused));
  Diagnosis d = Only(Diagnose(results, {}), "dns-failure");
  EXPECT_EQ(d.title, "2 Apple hosts do not resolve");
  EXPECT_THAT(d.explanation, HasSubstr("1 answered NXDOMAIN"));
  EXPECT_THAT(d.explanation, HasSubstr("1 answered REFUSED"));
  EXPECT_EQ(d.severity, Severity::kHigh);
}

TEST(DnsFailure, OneHostIsSingular) {
  auto results = Healthy();
  results.push_back(Fail("icloud", "gateway.icloud.com", 443, Reason::kDnsNxdomain));
  EXPECT_EQ(Only(Diagnose(results, {}), "dns-failure").title, "1 Apple host does not resolve");
}

// A row whose name a per-domain (split DNS) resolver was asked for.
probe::CheckResult ViaSplitDns(probe::CheckResult r) {
  r.resolver = "10.8.0.1 (cdn-apple.com, utun3)";
  return r;
}

// Healthy rows the default resolver answered.
std::vector<probe::CheckResult> ResolvedHealthy() {
  auto results = Healthy();
  for (auto& r : results) r.resolved = {"17.1.2.3"};
  return results;
}

TEST(SplitDnsFailure, NamesTheResolverAndItsDomainNotDnsAsAWhole) {
  auto results = ResolvedHealthy();
  results.push_back(
      ViaSplitDns(Fail("software-updates", "updates.cdn-apple.com", 443, Reason::kDnsTimeout)));
  results.push_back(
      ViaSplitDns(Fail("apple-id", "appleid.cdn-apple.com", 443, Reason::kDnsTimeout)));
  auto ds = Diagnose(results, {});
  ASSERT_EQ(ds.size(), 1u);
  Diagnosis d = Only(ds, "split-dns-failure");
  EXPECT_EQ(d.title,
            "2 Apple hosts do not resolve through the split-DNS resolver 10.8.0.1 "
            "(cdn-apple.com, utun3)");
  EXPECT_THAT(d.explanation, HasSubstr("updates.cdn-apple.com and appleid.cdn-apple.com"));
  EXPECT_THAT(d.explanation, HasSubstr("2 got no answer before the deadline"));
  EXPECT_THAT(d.explanation, HasSubstr("DNS itself works"));
  EXPECT_THAT(d.remedy, HasSubstr("dig @10.8.0.1 updates.cdn-apple.com"));
  EXPECT_EQ(d.affected,
            (std::vector<std::string>{"updates.cdn-apple.com:443", "appleid.cdn-apple.com:443"}));
  EXPECT_EQ(d.severity, Severity::kHigh);
}

TEST(SplitDnsFailure, LeavesTheDefaultResolversFailuresToDnsFailure) {
  auto results = ResolvedHealthy();
  results.push_back(Fail("icloud", "gateway.icloud.com", 443, Reason::kDnsNxdomain));
  results.push_back(
      ViaSplitDns(Fail("software-updates", "updates.cdn-apple.com", 443, Reason::kDnsRefused)));
  auto ds = Diagnose(results, {});
  ASSERT_EQ(ds.size(), 2u);
  Diagnosis dns = Only(ds, "dns-failure");
  EXPECT_EQ(dns.affected, (std::vector<std::string>{"gateway.icloud.com:443"}));
  Diagnosis split = Only(ds, "split-dns-failure");
  EXPECT_EQ(split.title,
            "1 Apple host does not resolve through the split-DNS resolver 10.8.0.1 "
            "(cdn-apple.com, utun3)");
  EXPECT_EQ(split.affected, (std::vector<std::string>{"updates.cdn-apple.com:443"}));
  EXPECT_THAT(split.explanation, HasSubstr("1 answered REFUSED"));
}

TEST(SplitDnsFailure, BesideADefaultResolverThatAnswersNothing) {
  std::vector<probe::CheckResult> results;
  for (const auto& r : Healthy())
    results.push_back(Fail(r.category, r.host, r.port, Reason::kDnsTimeout));
  results.push_back(
      ViaSplitDns(Fail("software-updates", "updates.cdn-apple.com", 443, Reason::kDnsTimeout)));
  auto ds = Diagnose(results, {});
  ASSERT_EQ(ds.size(), 2u);
  EXPECT_EQ(Only(ds, "dns-failure").title, "DNS does not work: no Apple host could be resolved");
  Diagnosis split = Only(ds, "split-dns-failure");
  EXPECT_EQ(split.affected, (std::vector<std::string>{"updates.cdn-apple.com:443"}));
  EXPECT_THAT(split.explanation, Not(HasSubstr("DNS itself works")));
}

TEST(SplitDnsFailure, PassingSplitRowsAreNoFinding) {
  auto results = ResolvedHealthy();
  auto ok = ViaSplitDns(Row("software-updates", "updates.cdn-apple.com", 443));
  ok.resolved = {"10.8.9.9"};
  results.push_back(ok);
  EXPECT_TRUE(Diagnose(results, {}).empty());
}

}  // namespace
}  // namespace orchard::diagnose
