// Diagnose as a whole (diagnose.cc): the order of findings, a healthy run.
#include "diagnose/diagnose.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "support/check_results.h"
#include "support/diagnoses.h"

namespace orchard::diagnose {
namespace {

using namespace testing;

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

TEST(Diagnose, SaysNothingAboutAHealthyRun) { EXPECT_TRUE(Diagnose(Healthy(), {}).empty()); }

}  // namespace
}  // namespace orchard::diagnose
