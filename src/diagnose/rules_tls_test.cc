// The TLS rule (rules_tls.cc): interception.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "diagnose/diagnose.h"
#include "support/check_results.h"
#include "support/diagnoses.h"

namespace orchard::diagnose {
namespace {

using namespace testing;

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

}  // namespace
}  // namespace orchard::diagnose
