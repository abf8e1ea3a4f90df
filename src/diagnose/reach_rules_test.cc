#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "diagnose/diagnose.h"
#include "support/check_results.h"

namespace orchard::diagnose {
namespace {

using ::testing::HasSubstr;
using namespace testing;
using probe::Reason;

std::vector<std::string> Ids(const std::vector<Diagnosis>& ds) {
  std::vector<std::string> ids;
  for (const auto& d : ds) ids.push_back(d.id);
  return ids;
}

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

TEST(PortsBlocked, NamesApnsNtpQuicAndSsh) {
  auto results = Healthy();
  results.push_back(Row("mdm", "*.push.apple.com", 443));
  results.push_back(Fail("mdm", "*.push.apple.com", 5223, Reason::kTcpTimeout));
  results.push_back(Fail("mdm", "*.push.apple.com", 2197, Reason::kTcpRefused));
  results.push_back(Fail("device-setup", "time.apple.com", 123, Reason::kNtpTimeout, "udp"));
  results.push_back(Fail("icloud", "mask.icloud.com", 443, Reason::kQuicNoReply, "udp"));
  results.push_back(
      Fail("school-business-manager", "upload.appleschoolcontent.com", 22, Reason::kTcpTimeout));
  auto ds = Diagnose(results, {});
  ASSERT_EQ(Ids(ds), std::vector<std::string>{"ports-blocked"});
  const Diagnosis& d = ds[0];
  EXPECT_EQ(d.title,
            "Ports blocked: APNs (TCP 5223, 2197), NTP (UDP 123), QUIC (UDP 443), SSH (TCP 22)");
  EXPECT_EQ(d.severity, Severity::kHigh);
  EXPECT_THAT(d.remedy, HasSubstr("TCP 5223 and 2197 to 17.0.0.0/8"));
  EXPECT_THAT(d.remedy, HasSubstr("UDP 123 to time.apple.com"));
  EXPECT_THAT(d.explanation, HasSubstr("Private Relay"));
  EXPECT_EQ(d.affected.size(), 5u);
}

TEST(PortsBlocked, APortBlockedForEveryHostIsNamedButOneHostIsNot) {
  auto results = Healthy();
  results.push_back(Fail("software-updates", "updates.cdn-apple.com", 80, Reason::kTcpTimeout));
  results.push_back(Fail("app-store", "itunes.apple.com", 80, Reason::kTcpTimeout));
  results.pop_back();
  results.pop_back();
  results.pop_back();  // the healthy captive.apple.com:80 pass would contradict "port 80 blocked"
  results.push_back(Fail("software-updates", "updates.cdn-apple.com", 80, Reason::kTcpTimeout));
  results.push_back(Fail("app-store", "itunes.apple.com", 80, Reason::kTcpTimeout));
  auto ds = Diagnose(results, {});
  ASSERT_EQ(Ids(ds), std::vector<std::string>{"ports-blocked"});
  EXPECT_EQ(ds[0].title, "Ports blocked: TCP 80 (TCP 80)");
  EXPECT_THAT(ds[0].remedy, HasSubstr("TCP 80 to updates.cdn-apple.com and itunes.apple.com"));

  auto one = Healthy();
  one.pop_back();
  one.push_back(Fail("app-store", "itunes.apple.com", 80, Reason::kTcpTimeout));
  EXPECT_EQ(Ids(Diagnose(one, {})), std::vector<std::string>{"partial-outage"});
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

TEST(PartialOutage, ListsWhatIsLeftWithReasons) {
  auto results = Healthy();
  results.push_back(Fail("icloud", "gateway.icloud.com", 443, Reason::kTcpRefused));
  results.push_back(Fail("app-store", "ppq.apple.com", 443, Reason::kHttpUnexpected));
  auto ds = Diagnose(results, {});
  ASSERT_EQ(Ids(ds), std::vector<std::string>{"partial-outage"});
  EXPECT_EQ(ds[0].title, "2 targets fail while the rest of the network works");
  EXPECT_THAT(ds[0].explanation, HasSubstr("7 of 9 checks passed"));
  EXPECT_THAT(ds[0].explanation, HasSubstr("1 × http_unexpected, 1 × tcp_refused"));
  EXPECT_EQ(ds[0].severity, Severity::kMedium);
}

TEST(Diagnose, OrdersByImpact) {
  auto results = Healthy();
  results.push_back(Fail("icloud", "gateway.icloud.com", 443, Reason::kTcpRefused));
  results.push_back(Fail("mdm", "*.push.apple.com", 5223, Reason::kTcpTimeout));
  auto r = Fail("mdm", "gdmf.apple.com", 443, Reason::kTlsIntercepted);
  r.tls = probe::TlsFacts{};
  r.tls->interceptor = "Zscaler Root CA";
  results.push_back(r);
  results.push_back(Fail("certificate-validation", "ocsp.apple.com", 80, Reason::kTcpTimeout));
  EXPECT_EQ(Ids(Diagnose(results, {})),
            (std::vector<std::string>{"cert-validation-blocked", "tls-interception",
                                      "ports-blocked", "partial-outage"}));
}

}  // namespace
}  // namespace orchard::diagnose
