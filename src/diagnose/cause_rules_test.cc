#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "diagnose/diagnose.h"
#include "support/check_results.h"

namespace orchard::diagnose {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using namespace testing;
using probe::Reason;

// The single diagnosis with `id`, failing the test when there is not exactly one.
Diagnosis Only(const std::vector<Diagnosis>& ds, std::string_view id) {
  Diagnosis found;
  int n = 0;
  for (const auto& d : ds) {
    if (d.id == id) {
      found = d;
      ++n;
    }
  }
  EXPECT_EQ(n, 1) << id;
  return found;
}

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

TEST(TlsInterception, NamesTheInterceptorAndTheHostsToExempt) {
  auto results = Healthy();
  for (const char* host : {"gdmf.apple.com", "ocsp2.apple.com", "gateway.icloud.com"}) {
    auto r = Fail(std::string(host) == "ocsp2.apple.com" ? "certificate-validation" : "mdm", host,
                  443, Reason::kTlsIntercepted);
    probe::TlsFacts tls;
    tls.intercepted = true;
    tls.interceptor = "Corp Proxy CA";
    tls.interceptor_os_trusted = true;
    tls.platform_trusted = true;
    r.tls = tls;
    r.route = {"proxy", "proxy.corp.example:3128"};
    results.push_back(r);
  }
  auto ds = Diagnose(results, {});
  Diagnosis d = Only(ds, "tls-interception");
  EXPECT_EQ(d.title, "HTTPS inspection by 'Corp Proxy CA' breaks 3 Apple hosts");
  EXPECT_THAT(d.explanation, HasSubstr("which this machine trusts"));
  EXPECT_THAT(d.explanation, HasSubstr("proxy.corp.example:3128"));
  EXPECT_THAT(d.explanation, HasSubstr("System Extensions"));
  EXPECT_THAT(d.remedy, HasSubstr("Exempt these hosts from SSL/TLS inspection"));
  EXPECT_THAT(d.remedy, HasSubstr("gdmf.apple.com, ocsp2.apple.com and gateway.icloud.com"));
  EXPECT_THAT(d.remedy, HasSubstr("*.apple.com, *.icloud.com"));
  // The certificate host is intercepted too, so certificate validation is reported as broken,
  // but nothing is left over for the catch-all rules.
  Only(ds, "cert-validation-blocked");
  EXPECT_EQ(ds.size(), 2u);
}

TEST(TlsInterception, AddressRowsAreListedNotFoldedLikeDomains) {
  auto results = Healthy();
  auto r = Fail("notarization", "17.248.128.0/18", 443, Reason::kTlsIntercepted);
  probe::TlsFacts tls;
  tls.intercepted = true;
  tls.interceptor = "sandboxing-egress-ca";
  tls.platform_trusted = true;
  tls.interceptor_os_trusted = true;
  r.tls = tls;
  results.push_back(r);
  Diagnosis d = Only(Diagnose(results, {}), "tls-interception");
  EXPECT_THAT(d.remedy, HasSubstr("17.248.128.0/18"));
  EXPECT_THAT(d.remedy, Not(HasSubstr("*.128.0/18")));
  EXPECT_THAT(d.remedy, Not(HasSubstr("Bypassing")));
}

TEST(TlsInterception, UntrustedChainWithAForeignIssuerCountsAsInterception) {
  auto results = Healthy();
  auto r = Fail("mdm", "gdmf.apple.com", 443, Reason::kTlsUntrusted);
  probe::TlsFacts tls;
  tls.leaf_issuer = "CN=Fortinet CA";
  r.tls = tls;
  results.push_back(r);
  Diagnosis d = Only(Diagnose(results, {}), "tls-interception");
  EXPECT_THAT(d.title, HasSubstr("'CN=Fortinet CA'"));
  EXPECT_THAT(d.explanation, HasSubstr("does not trust"));
}

TEST(ProxyAuthRequired, NamesTheProxy) {
  auto results = Healthy();
  auto r = Fail("mdm", "gdmf.apple.com", 443, Reason::kProxyAuthRequired);
  r.route = {"proxy", "squid.corp.example:3128"};
  results.push_back(r);
  auto ds = Diagnose(results, {});
  ASSERT_EQ(ds.size(), 1u);
  Diagnosis d = Only(ds, "proxy-auth-required");
  EXPECT_EQ(d.title, "squid.corp.example:3128 asks for credentials (407) for 1 Apple host");
  EXPECT_THAT(d.remedy, HasSubstr("authentication"));
}

TEST(ProxyRequired, NamesTheHostsThatMustGoDirect) {
  auto results = Healthy();
  auto r = Row("certificate-validation", "ocsp.apple.com", 80, probe::Status::kWarn,
               Reason::kProxyRequired);
  r.proxy_support = "no";
  results.push_back(r);
  auto s =
      Row("mdm", "deviceenrollment.apple.com", 443, probe::Status::kWarn, Reason::kProxyRequired);
  results.push_back(s);
  auto ds = Diagnose(results, {});
  Diagnosis d = Only(ds, "proxy-required");
  EXPECT_EQ(d.title, "Direct egress is blocked, but 2 hosts must go direct");
  EXPECT_THAT(d.explanation,
              HasSubstr("do not support proxies: ocsp.apple.com and deviceenrollment.apple.com"));
  EXPECT_THAT(d.remedy, HasSubstr("ocsp.apple.com:80, deviceenrollment.apple.com:443"));
  EXPECT_EQ(d.severity, Severity::kCritical);
  for (const auto& other : ds) EXPECT_NE(other.id, "partial-outage");
}

TEST(ProxyDenied, CoversBlockPagesToo) {
  auto results = Healthy();
  results.push_back(Fail("app-store", "ppq.apple.com", 443, Reason::kProxyDenied));
  results.push_back(Fail("app-store", "apps.apple.com", 80, Reason::kHttpBlockPage));
  Diagnosis d = Only(Diagnose(results, {}), "proxy-denied");
  EXPECT_EQ(d.affected, (std::vector<std::string>{"ppq.apple.com:443", "apps.apple.com:80"}));
}

}  // namespace
}  // namespace orchard::diagnose
