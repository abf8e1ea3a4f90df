// The proxy rules (rules_proxy.cc): authentication, hosts that must go direct, denials.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "diagnose/diagnose.h"
#include "support/check_results.h"
#include "support/diagnoses.h"

namespace orchard::diagnose {
namespace {

using namespace testing;

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
