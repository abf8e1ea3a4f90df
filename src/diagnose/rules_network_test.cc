// The whole-network rules (rules_network.cc): dark networks, captive portals, clock skew.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "diagnose/diagnose.h"
#include "support/check_results.h"
#include "support/diagnoses.h"

namespace orchard::diagnose {
namespace {

using namespace testing;

std::vector<probe::CheckResult> DarkRun() {
  std::vector<probe::CheckResult> results;
  for (const auto& healthy : Healthy()) {
    results.push_back(Fail(healthy.category, healthy.host, healthy.port, Reason::kTcpTimeout));
  }
  results.push_back(Fail("certificate-validation", "ocsp.apple.com", 80, Reason::kTcpTimeout));
  results.push_back(Fail("certificate-validation", "crl.apple.com", 80, Reason::kDnsTimeout));
  results.push_back(Fail("device-setup", "time.apple.com", 123, Reason::kNtpTimeout, "udp"));
  results.push_back(Fail("mdm", "*.push.apple.com", 5223, Reason::kTcpUnreachable));
  return results;
}

TEST(DarkNetwork, GivesOneDiagnosisInsteadOfEverySymptom) {
  auto ds = Diagnose(DarkRun(), {});
  // What the dark network breaks is said too: certificate validation (SEP's System Extension).
  ASSERT_EQ(Ids(ds), (std::vector<std::string>{"dark-network", "cert-validation-blocked"}));
  EXPECT_EQ(ds[1].affected, (std::vector<std::string>{"ocsp.apple.com:80", "crl.apple.com:80"}));
  EXPECT_EQ(ds[0].severity, Severity::kCritical);
  EXPECT_EQ(ds[0].affected.size(), 11u);
  EXPECT_THAT(ds[0].explanation, HasSubstr("All 11 checks failed"));
  EXPECT_THAT(ds[0].explanation, HasSubstr("1 name could not be resolved"));
  EXPECT_THAT(ds[0].remedy, HasSubstr("17.0.0.0/8"));
}

TEST(DarkNetwork, IsNotCalledWhenAnythingPassesOrTooFewRowsRan) {
  auto results = DarkRun();
  results.push_back(Row("apple-id", "appleid.apple.com", 443));
  auto ids = Ids(Diagnose(results, {}));
  EXPECT_THAT(ids, ::testing::Not(::testing::Contains("dark-network")));
  EXPECT_THAT(ids, ::testing::Contains("cert-validation-blocked"));

  auto dark = DarkRun();
  std::vector<probe::CheckResult> few(dark.begin(), dark.begin() + 3);
  EXPECT_THAT(Ids(Diagnose(few, {})), ::testing::Not(::testing::Contains("dark-network")));
}

TEST(DnsFailure, ANetworkWhereNothingResolvesIsOneDnsDiagnosis) {
  std::vector<probe::CheckResult> results;
  for (const auto& healthy : Healthy()) {
    results.push_back(Fail(healthy.category, healthy.host, healthy.port, Reason::kDnsTimeout));
  }
  results.push_back(Fail("certificate-validation", "ocsp.apple.com", 80, Reason::kDnsServfail));
  auto ds = Diagnose(results, {});
  ASSERT_EQ(Ids(ds), (std::vector<std::string>{"dns-failure", "cert-validation-blocked"}));
  EXPECT_EQ(ds[0].severity, Severity::kCritical);
  EXPECT_THAT(ds[0].title, HasSubstr("DNS does not work"));
  EXPECT_THAT(ds[0].explanation, HasSubstr("7 got no answer"));
  EXPECT_THAT(ds[0].explanation, HasSubstr("1 answered SERVFAIL"));
}

// The lab's dark scenario: the resolver's packets are dropped, so every name times out, and the
// address rows (17.0.0.0/8, no DNS needed) are dropped as well. Not a DNS problem plus a
// "partial outage" of three address rows: nothing gets out.
TEST(DarkNetwork, NothingResolvesAndTheAddressRowsAreDroppedTooIsDark) {
  std::vector<probe::CheckResult> results;
  for (int copy = 0; copy < 4; ++copy) {
    for (const auto& healthy : Healthy()) {
      results.push_back(Fail(healthy.category, healthy.host, healthy.port, Reason::kDnsTimeout));
    }
  }
  results.push_back(Fail("icloud", "17.248.128.0/18", 443, Reason::kTcpTimeout));
  results.push_back(Fail("icloud", "17.250.64.0/18", 443, Reason::kTcpTimeout));
  auto ds = Diagnose(results, {});
  ASSERT_EQ(Ids(ds), std::vector<std::string>{"dark-network"});
  EXPECT_EQ(ds[0].affected.size(), 9u);
  EXPECT_THAT(ds[0].explanation, HasSubstr("2 got no answer"));
}

TEST(CaptivePortal, ExplainsEveryOtherFailureAndNamesThePortal) {
  auto results = Healthy();
  for (auto& r : results) {
    r.status = probe::Status::kFail;
    r.reason = Reason::kTlsUntrusted;
  }
  results.back().reason = Reason::kCaptivePortal;
  results.back().http = probe::HttpFacts{302, "text/html", "", "http://login.hotel.example/"};
  auto ds = Diagnose(results, {});
  ASSERT_EQ(Ids(ds), std::vector<std::string>{"captive-portal"});
  // The portal also blocks the certificate hosts: that is said too, with what it breaks.
  results.push_back(Fail("certificate-validation", "ocsp.apple.com", 80, Reason::kOcspBadResponse));
  auto with_ocsp = Diagnose(results, {});
  ASSERT_EQ(Ids(with_ocsp),
            (std::vector<std::string>{"captive-portal", "cert-validation-blocked"}));
  EXPECT_THAT(with_ocsp[1].explanation, HasSubstr("System Extension"));
  EXPECT_THAT(ds[0].explanation, HasSubstr("http://login.hotel.example/"));
  EXPECT_THAT(ds[0].explanation, HasSubstr("7 checks"));
  EXPECT_THAT(ds[0].remedy, HasSubstr("Sign in"));
}

TEST(ClockSkew, UsesTheNtpOffsetAndAbsorbsCertificateDateErrors) {
  auto results = Healthy();
  auto ntp =
      Row("device-setup", "time.apple.com", 123, probe::Status::kWarn, Reason::kClockSkew, "udp");
  ntp.ntp = probe::NtpFacts{3 * 3600 * 1000.0, 20, 1};
  results.push_back(ntp);
  results[0].status = probe::Status::kFail;
  results[0].reason = Reason::kTlsCertTimeInvalid;
  results[1].status = probe::Status::kFail;
  results[1].reason = Reason::kTlsCertTimeInvalid;
  auto ds = Diagnose(results, {});
  ASSERT_EQ(Ids(ds), std::vector<std::string>{"clock-skew"});
  EXPECT_EQ(ds[0].title, "This machine's clock is 3.0 h behind");
  EXPECT_THAT(ds[0].explanation, HasSubstr("2 TLS checks"));
  EXPECT_THAT(ds[0].remedy, HasSubstr("time.apple.com"));
  EXPECT_EQ(ds[0].affected.size(), 3u);
}

TEST(ClockSkew, CertificateHostsWithDateErrorsWereReachedSoValidationIsNotBlocked) {
  auto results = Healthy();
  auto ntp =
      Row("device-setup", "time.apple.com", 123, probe::Status::kWarn, Reason::kClockSkew, "udp");
  ntp.ntp = probe::NtpFacts{400.0 * 86400 * 1000, 20, 1};
  results.push_back(ntp);
  results.push_back(
      Fail("certificate-validation", "ocsp2.apple.com", 443, Reason::kTlsCertTimeInvalid));
  EXPECT_EQ(Ids(Diagnose(results, {})), std::vector<std::string>{"clock-skew"});
  results.push_back(Fail("certificate-validation", "crl.apple.com", 80, Reason::kTcpTimeout));
  EXPECT_EQ(Ids(Diagnose(results, {})),
            (std::vector<std::string>{"clock-skew", "cert-validation-blocked"}));
}

TEST(ClockSkew, OneExpiredCertificateWithAGoodClockIsNotSkew) {
  auto results = Healthy();
  results[0].status = probe::Status::kFail;
  results[0].reason = Reason::kTlsCertTimeInvalid;
  auto ntp = Row("device-setup", "time.apple.com", 123, probe::Status::kPass, Reason::kOk, "udp");
  ntp.ntp = probe::NtpFacts{-40, 20, 1};
  results.push_back(ntp);
  EXPECT_EQ(Ids(Diagnose(results, {})), std::vector<std::string>{"partial-outage"});
}

}  // namespace
}  // namespace orchard::diagnose
