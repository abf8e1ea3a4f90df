// The catch-alls (rules_ports.cc): blocked ports and partial outages.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "diagnose/diagnose.h"
#include "support/check_results.h"
#include "support/diagnoses.h"

namespace orchard::diagnose {
namespace {

using namespace testing;

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

}  // namespace
}  // namespace orchard::diagnose
