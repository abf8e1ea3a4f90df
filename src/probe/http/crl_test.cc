#include "probe/http/crl.h"

#include <gtest/gtest.h>

#include "support/pki.h"

namespace orchard::probe {
namespace {

HttpFetch CrlBody(std::string body) {
  HttpFetch fetch;
  fetch.answer = HttpAnswer{200, "OK", {{"Content-Type", "application/pkix-crl"}}, std::move(body)};
  return fetch;
}

TEST(Crl, ParsesDerAndPem) {
  const auto ca = testing::MakeCa("Test CRL CA");
  auto der = ParseCrl(testing::MakeCrl(ca, {"0A", "0B", "0C"}, false));
  ASSERT_TRUE(der) << der.error();
  EXPECT_EQ(der->format, "DER");
  EXPECT_EQ(der->issuer, "CN=Test CRL CA");
  EXPECT_EQ(der->entries, 3u);
  EXPECT_EQ(der->next_update.size(), 20u);  // 2026-01-01T00:00:00Z
  auto pem = ParseCrl(testing::MakeCrl(ca, {}, true));
  ASSERT_TRUE(pem) << pem.error();
  EXPECT_EQ(pem->format, "PEM");
  EXPECT_EQ(pem->entries, 0u);
}

// The issuer is the name line every certificate name is shown as: UTF-8 kept for a person to
// read (RFC 2253 alone would write "Soci\C3\A9t\C3\A9").
TEST(Crl, IssuerKeepsItsUtf8) {
  const auto ca = testing::MakeCa("Soci\xC3\xA9t\xC3\xA9 CRL CA");
  auto crl = ParseCrl(testing::MakeCrl(ca, {}, false));
  ASSERT_TRUE(crl) << crl.error();
  EXPECT_EQ(crl->issuer, "CN=Soci\xC3\xA9t\xC3\xA9 CRL CA");
  EXPECT_EQ(crl->last_update.size(), 20u);
}

TEST(Crl, JudgeReportsIssuerNextUpdateAndEntries) {
  const auto ca = testing::MakeCa("Test CRL CA");
  auto r = JudgeCrlAnswer(CrlBody(testing::MakeCrl(ca, {"01"}, false)));
  EXPECT_EQ(r.status, Status::kPass);
  EXPECT_NE(r.detail.find("CN=Test CRL CA"), std::string::npos) << r.detail;
  EXPECT_NE(r.detail.find("1 entries"), std::string::npos) << r.detail;
  EXPECT_NE(r.detail.find("next update 20"), std::string::npos) << r.detail;
}

TEST(Crl, RejectsPagesTruncationAndGarbage) {
  const auto ca = testing::MakeCa("Test CRL CA");
  const std::string der = testing::MakeCrl(ca, {"01"}, false);
  EXPECT_EQ(JudgeCrlAnswer(CrlBody("<html>Access to this site is restricted</html>")).reason,
            Reason::kCrlBad);
  EXPECT_EQ(JudgeCrlAnswer(CrlBody(der.substr(0, der.size() / 2))).reason, Reason::kCrlBad);
  EXPECT_EQ(JudgeCrlAnswer(CrlBody(der + "trailing")).reason, Reason::kCrlBad);
  EXPECT_EQ(JudgeCrlAnswer(CrlBody("")).reason, Reason::kCrlBad);
  EXPECT_EQ(
      JudgeCrlAnswer(CrlBody("-----BEGIN X509 CRL-----\nAAAA\n-----END X509 CRL-----\n")).reason,
      Reason::kCrlBad);
  EXPECT_EQ(JudgeCrlAnswer(HttpFetch{}).reason, Reason::kCrlBad);
}

}  // namespace
}  // namespace orchard::probe
