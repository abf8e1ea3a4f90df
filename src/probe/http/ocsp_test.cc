#include "probe/http/ocsp.h"

#include <gtest/gtest.h>
#include <openssl/ocsp.h>

#include "support/pki.h"

namespace orchard::probe {
namespace {

HttpFetch Body(std::string body, std::string type = "application/ocsp-response") {
  HttpFetch fetch;
  fetch.answer = HttpAnswer{200, "OK", {{"Content-Type", type}}, std::move(body)};
  return fetch;
}

TEST(Ocsp, BuildsAParseableRequestFromTheDefaultTarget) {
  auto der = BuildOcspRequest(DefaultOcspTarget());
  ASSERT_TRUE(der) << der.error().ToString();
  const auto* p = reinterpret_cast<const unsigned char*>(der->data());
  OCSP_REQUEST* req = d2i_OCSP_REQUEST(nullptr, &p, static_cast<long>(der->size()));
  ASSERT_NE(req, nullptr);
  EXPECT_EQ(OCSP_request_onereq_count(req), 1);
  OCSP_REQUEST_free(req);
}

TEST(Ocsp, RejectsBadTargets) {
  EXPECT_FALSE(BuildOcspRequest({"not pem", "01"}));
  EXPECT_FALSE(BuildOcspRequest({DefaultOcspTarget().issuer_pem, "xyz"}));
  EXPECT_FALSE(BuildOcspRequest({DefaultOcspTarget().issuer_pem, ""}));
  EXPECT_FALSE(BuildOcspRequestFor("nope", "nope"));
}

TEST(Ocsp, ReportsTheCertificateStatusOfASignedResponse) {
  const auto ca = testing::MakeCa("Test OCSP CA");
  const std::string cert = testing::IssueCertPem(ca, "1234");
  auto request = BuildOcspRequestFor(cert, ca.cert_pem);
  ASSERT_TRUE(request);
  // A request built from issuer + serial names the same CertID.
  auto by_serial = BuildOcspRequest({ca.cert_pem, "1234"});
  ASSERT_TRUE(by_serial);
  EXPECT_EQ(*by_serial, *request);

  auto good = JudgeOcspAnswer(Body(testing::MakeOcspResponse(ca, cert, "good")), *request);
  EXPECT_EQ(good.status, Status::kPass);
  EXPECT_EQ(good.detail, "OCSP responder answered: successful, certificate good");
  auto revoked = DescribeOcspResponse(testing::MakeOcspResponse(ca, cert, "revoked"), *request);
  ASSERT_TRUE(revoked);
  EXPECT_EQ(*revoked, "successful, certificate revoked");
  // Answering about someone else's certificate still proves a responder.
  const std::string other = testing::IssueCertPem(ca, "99");
  auto foreign = DescribeOcspResponse(testing::MakeOcspResponse(ca, other, "good"), *request);
  ASSERT_TRUE(foreign);
  EXPECT_NE(foreign->find("none for our certificate"), std::string::npos);
}

TEST(Ocsp, AnyResponseStatusProvesTheResponder) {
  auto request = BuildOcspRequest(DefaultOcspTarget());
  auto r = JudgeOcspAnswer(Body(testing::MakeOcspErrorResponse(6)), *request);
  EXPECT_EQ(r.status, Status::kPass);
  EXPECT_EQ(r.detail, "OCSP responder answered: unauthorized");
}

TEST(Ocsp, HtmlEmptyTruncatedAndPaddedBodiesAreBadResponses) {
  auto request = BuildOcspRequest(DefaultOcspTarget());
  EXPECT_EQ(
      JudgeOcspAnswer(Body("<html><body>Welcome</body></html>", "text/html"), *request).reason,
      Reason::kOcspBadResponse);
  EXPECT_EQ(JudgeOcspAnswer(Body(""), *request).reason, Reason::kOcspBadResponse);
  std::string der = testing::MakeOcspErrorResponse(6);
  EXPECT_EQ(JudgeOcspAnswer(Body(der.substr(0, der.size() - 1)), *request).reason,
            Reason::kOcspBadResponse);
  EXPECT_EQ(JudgeOcspAnswer(Body(der + "x"), *request).reason, Reason::kOcspBadResponse);
  EXPECT_EQ(JudgeOcspAnswer(Body(std::string(100, '\x30')), *request).reason,
            Reason::kOcspBadResponse);
  HttpFetch none;
  none.problem = "connection closed";
  EXPECT_EQ(JudgeOcspAnswer(none, *request).reason, Reason::kOcspBadResponse);
  HttpFetch big = Body("");
  big.body_truncated = true;
  EXPECT_EQ(JudgeOcspAnswer(big, *request).reason, Reason::kOcspBadResponse);
}

TEST(Ocsp, ProxyAnswersKeepTheirOwnReasons) {
  auto request = BuildOcspRequest(DefaultOcspTarget());
  HttpFetch auth;
  auth.answer = HttpAnswer{407, "Proxy Authentication Required", {}, ""};
  EXPECT_EQ(JudgeOcspAnswer(auth, *request).reason, Reason::kProxyAuthRequired);
  HttpFetch squid;
  squid.answer = HttpAnswer{403, "Forbidden", {{"X-Squid-Error", "ERR_ACCESS_DENIED 0"}}, ""};
  EXPECT_EQ(JudgeOcspAnswer(squid, *request).reason, Reason::kHttpBlockPage);
}

}  // namespace
}  // namespace orchard::probe
