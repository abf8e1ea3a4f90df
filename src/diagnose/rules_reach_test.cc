// What breaks (rules_reach.cc): certificate validation and CDNs.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "diagnose/diagnose.h"
#include "support/check_results.h"
#include "support/diagnoses.h"

namespace orchard::diagnose {
namespace {

using namespace testing;

TEST(CertValidationBlocked, SaysWhatBreaksAndWhichPortsToOpen) {
  auto results = Healthy();
  results.push_back(Fail("certificate-validation", "ocsp.apple.com", 80, Reason::kTcpTimeout));
  results.push_back(Fail("certificate-validation", "crl.apple.com", 80, Reason::kTcpRefused));
  results.push_back(Fail("certificate-validation", "ocsp2.apple.com", 443, Reason::kTcpTimeout));
  results.push_back(Row("certificate-validation", "valid.apple.com", 443));
  auto ds = Diagnose(results, {});
  ASSERT_FALSE(ds.empty());
  const Diagnosis& d = ds[0];
  EXPECT_EQ(d.id, "cert-validation-blocked");
  EXPECT_EQ(d.title, "Certificate validation is blocked: 3 of 4 certificate hosts fail");
  EXPECT_THAT(d.explanation, HasSubstr("Symantec Endpoint Protection"));
  EXPECT_THAT(d.explanation, HasSubstr("System Extension"));
  EXPECT_THAT(d.explanation, HasSubstr("notarization"));
  EXPECT_THAT(d.explanation, HasSubstr("MDM enrollment"));
  EXPECT_THAT(d.explanation, HasSubstr("2 × tcp_timeout, 1 × tcp_refused"));
  EXPECT_THAT(d.remedy, HasSubstr("TCP 80 to ocsp.apple.com, crl.apple.com; TCP 443 to "
                                  "ocsp2.apple.com"));
  EXPECT_EQ(d.severity, Severity::kCritical);
}

probe::CheckResult Via(probe::CheckResult r, std::vector<std::string> chain) {
  r.cname_chain = std::move(chain);
  return r;
}

TEST(CdnBlocked, HostsFailingBehindTheSameCdnNameIt) {
  auto results = Healthy();
  results.push_back(Via(Row("software-updates", "swdist.apple.com", 443),
                        {"swdist.apple.com", "swdist.apple.com.edgekey.net"}));
  results.push_back(
      Via(Fail("software-updates", "updates.cdn-apple.com", 443, Reason::kTcpTimeout),
          {"updates.cdn-apple.com", "updates.cdn-apple.com.akadns.net", "a1.akamaiedge.net"}));
  results.push_back(Via(Fail("app-store", "iosapps.itunes.apple.com", 443, Reason::kTcpTimeout),
                        {"iosapps.itunes.apple.com", "e2.akamaiedge.net"}));
  auto ds = Diagnose(results, {});
  ASSERT_EQ(Ids(ds), std::vector<std::string>{"cdn-blocked"});
  EXPECT_EQ(ds[0].title, "Hosts served through akamaiedge.net are blocked (2 targets)");
  EXPECT_THAT(ds[0].explanation,
              HasSubstr("updates.cdn-apple.com -> updates.cdn-apple.com.akadns.net -> "
                        "a1.akamaiedge.net"));
  EXPECT_THAT(ds[0].remedy, HasSubstr("*.akamaiedge.net"));
}

TEST(CdnBlocked, NotWhenAnotherHostWorksThroughThatCdn) {
  auto results = Healthy();
  results.push_back(Via(Row("software-updates", "swdist.apple.com", 443),
                        {"swdist.apple.com", "e9.akamaiedge.net"}));
  results.push_back(Via(Fail("software-updates", "updates.cdn-apple.com", 443, Reason::kTcpTimeout),
                        {"updates.cdn-apple.com", "a1.akamaiedge.net"}));
  results.push_back(Via(Fail("app-store", "iosapps.itunes.apple.com", 443, Reason::kTcpTimeout),
                        {"iosapps.itunes.apple.com", "e2.akamaiedge.net"}));
  EXPECT_EQ(Ids(Diagnose(results, {})), std::vector<std::string>{"partial-outage"});
}

// A results file from elsewhere may spell a chain in any case or fully qualified: DNS names
// compare without case (RFC 4343), so these are one CDN, named in lower case.
TEST(CdnBlocked, ChainNamesCompareAsDnsNames) {
  auto results = Healthy();
  results.push_back(Via(Row("software-updates", "swdist.apple.com", 443),
                        {"swdist.apple.com", "swdist.apple.com.edgekey.net"}));
  results.push_back(Via(Fail("software-updates", "updates.cdn-apple.com", 443, Reason::kTcpTimeout),
                        {"updates.cdn-apple.com", "a1.AkamaiEdge.NET."}));
  results.push_back(Via(Fail("app-store", "iosapps.itunes.apple.com", 443, Reason::kTcpTimeout),
                        {"iosapps.itunes.apple.com", "e2.akamaiedge.net"}));
  auto ds = Diagnose(results, {});
  ASSERT_EQ(Ids(ds), std::vector<std::string>{"cdn-blocked"});
  EXPECT_EQ(ds[0].title, "Hosts served through akamaiedge.net are blocked (2 targets)");
}

TEST(CdnBlocked, NotWhenNothingGetsThroughOnThatPort) {
  // Every NTP host fails: UDP 123 is blocked, whatever CDN the names resolve through.
  auto results = Healthy();
  for (const char* host : {"time.apple.com", "time-macos.apple.com", "time-ios.apple.com"}) {
    auto r = Via(Fail("device-setup", host, 123, Reason::kNtpTimeout),
                 {host, std::string(host) + ".g.aaplimg.com"});
    r.transport = "udp";
    r.check = probe::CheckKind::kNtp;
    results.push_back(r);
  }
  auto ids = Ids(Diagnose(results, {}));
  EXPECT_THAT(ids, ::testing::Not(::testing::Contains("cdn-blocked")));
  EXPECT_THAT(ids, ::testing::Contains("ports-blocked"));
}

}  // namespace
}  // namespace orchard::diagnose
