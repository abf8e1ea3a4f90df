#include "probe/http/http_classify.h"

#include <gtest/gtest.h>

namespace orchard::probe {
namespace {

HttpFetch Answer(int status, std::string body,
                 std::vector<std::pair<std::string, std::string>> headers = {}) {
  HttpFetch fetch;
  fetch.answer = HttpAnswer{status, "", std::move(headers), std::move(body)};
  fetch.first_byte_ms = 3.5;
  return fetch;
}

constexpr const char* kApplePage =
    "<HTML><HEAD><TITLE>Success</TITLE></HEAD><BODY>Success</BODY></HTML>";

TEST(HttpClassify, HeaderLookupIgnoresCase) {
  HttpAnswer a{200, "OK", {{"content-TYPE", "text/html"}}, ""};
  EXPECT_EQ(HeaderValue(a, "Content-Type"), "text/html");
  EXPECT_EQ(HeaderValue(a, "Server"), "");
}

TEST(HttpClassify, RecognisesProxyBlockPages) {
  EXPECT_EQ(*DetectBlockPage(*Answer(403, "", {{"X-Squid-Error", "ERR_ACCESS_DENIED 0"}}).answer),
            "Squid error page (ERR_ACCESS_DENIED 0)");
  EXPECT_TRUE(DetectBlockPage(*Answer(403, "<html>Generated Tue by proxy (squid/5.7)</html>",
                                      {{"Content-Type", "text/html"}})
                                   .answer));
  EXPECT_TRUE(DetectBlockPage(*Answer(200, "<title>Website blocked</title> Zscaler").answer));
  EXPECT_TRUE(DetectBlockPage(
      *Answer(503, "<html><title>Web Page Blocked</title>Palo Alto Networks</html>").answer));
  EXPECT_TRUE(DetectBlockPage(*Answer(403, "<html>Symantec Web Security Service</html>").answer));
  EXPECT_TRUE(DetectBlockPage(*Answer(302, "", {{"Server", "Zscaler/6.2"}}).answer));
  // Binary bodies are not scanned: a CRL may contain any bytes.
  EXPECT_FALSE(
      DetectBlockPage(*Answer(200, "zscaler", {{"Content-Type", "application/pkix-crl"}}).answer));
  EXPECT_FALSE(DetectBlockPage(*Answer(200, kApplePage).answer));
}

TEST(HttpClassify, DenialTitlesAreBlockPagesOnlyWhenServedAsSuccess) {
  const std::string akamai =
      "<HTML><HEAD>\n<TITLE>Access Denied</TITLE>\n</HEAD><BODY>\n<H1>Access Denied</H1>\n"
      "You don't have permission to access \"http&#58;&#47;&#47;www&#46;apple&#46;com&#47;\" on "
      "this server.<P>\nReference&#32;&#35;18&#46;5c2d3e17\n</BODY>\n</HTML>\n";
  EXPECT_FALSE(DetectBlockPage(*Answer(403, akamai, {{"Content-Type", "text/html"}}).answer));
  EXPECT_EQ(DetectBlockPage(*Answer(200, akamai, {{"Content-Type", "text/html"}}).answer),
            "a web filter block page \"Access Denied\"");
  EXPECT_EQ(DetectBlockPage(*Answer(200,
                                    "<html><title>Access Denied</title><h1>Access Denied "
                                    "(policy_denied)</h1></html>")
                                 .answer),
            "Symantec (Blue Coat) block page \"Access Denied\"");
  EXPECT_TRUE(DetectBlockPage(
      *Answer(200, "<p>Your request was denied because of its content categorization</p>").answer));
  // A portal's login page and Apple's own pages are not block pages.
  EXPECT_FALSE(DetectBlockPage(
      *Answer(200, "<html><title>Guest WiFi</title><form>password</form></html>").answer));
  EXPECT_FALSE(DetectBlockPage(*Answer(200, kApplePage).answer));
}

TEST(HttpClassify, SwitchingProtocolsIsNotAnAnswer) {
  auto out = JudgeHttpAnswer(Answer(101, "", {{"Upgrade", "websocket"}}), {});
  EXPECT_EQ(out.status, Status::kFail);
  EXPECT_EQ(out.reason, Reason::kHttpUnexpected);
}

TEST(HttpClassify, GenericAnswersPassUnlessAnIntermediarySpoke) {
  auto ok = JudgeHttpAnswer(Answer(301, "", {{"Location", "https://www.apple.com/"}}), {});
  EXPECT_EQ(ok.status, Status::kPass);
  EXPECT_NE(ok.detail.find("https://www.apple.com/"), std::string::npos);
  ASSERT_TRUE(ok.http);
  EXPECT_EQ(ok.http->status, 301);
  EXPECT_EQ(ok.http->location, "https://www.apple.com/");
  EXPECT_EQ(ok.first_byte_ms, 3.5);

  auto auth = JudgeHttpAnswer(Answer(407, "", {{"Proxy-Authenticate", "Negotiate"}}), {});
  EXPECT_EQ(auth.reason, Reason::kProxyAuthRequired);
  EXPECT_NE(auth.detail.find("Negotiate"), std::string::npos);
  EXPECT_EQ(JudgeHttpAnswer(Answer(403, "", {{"X-Squid-Error", "ERR_ACCESS_DENIED 0"}}), {}).reason,
            Reason::kHttpBlockPage);
  EXPECT_EQ(JudgeHttpAnswer(Answer(502, "bad gateway"), {}).reason, Reason::kHttpUnexpected);
}

TEST(HttpClassify, RedirectHostOfLocation) {
  EXPECT_EQ(RedirectHost("https://www.Apple.com./x"), "www.apple.com");
  EXPECT_EQ(RedirectHost("http://user@portal.corp.example:8080/login?x=1"), "portal.corp.example");
  EXPECT_EQ(RedirectHost("//cdn.example.net/a"), "cdn.example.net");
  EXPECT_EQ(RedirectHost("http://[2001:db8::1]:80/"), "2001:db8::1");
  EXPECT_EQ(RedirectHost("/login?next=http://x.example/"), "");
  EXPECT_EQ(RedirectHost(""), "");
}

TEST(HttpClassify, RedirectsWithinTheServiceOrAppleAreTheService) {
  EXPECT_TRUE(RedirectStaysWithService("mesu.apple.com", ""));
  EXPECT_TRUE(RedirectStaysWithService("mesu.apple.com", "mesu.apple.com"));
  EXPECT_TRUE(RedirectStaysWithService("gdmf.apple.com", "www.apple.com"));
  EXPECT_TRUE(RedirectStaysWithService("itunes.com", "www.apple.com"));
  EXPECT_TRUE(RedirectStaysWithService("www.apple.com.cn", "support.apple.com.cn"));
  EXPECT_TRUE(RedirectStaysWithService("crl.entrust.net", "www.entrust.net"));
  EXPECT_FALSE(RedirectStaysWithService("mesu.apple.com", "portal.corp.example"));
  EXPECT_FALSE(RedirectStaysWithService("mesu.apple.com", "10.0.0.1"));
  EXPECT_FALSE(RedirectStaysWithService("www.example.com.cn", "www.other.com.cn"));
  EXPECT_FALSE(RedirectStaysWithService("17.253.0.1", "17.253.0.2"));
}

// A captive portal answers every plain-HTTP request with a redirect to its login page: that is
// not the service answering, while a redirect to HTTPS or within Apple's sites is.
TEST(HttpClassify, RedirectOffTheServiceIsUnexpected) {
  HttpExpectation expect;
  expect.host = "swscan.apple.com";
  auto portal =
      JudgeHttpAnswer(Answer(302, "", {{"Location", "http://portal.corp.example/login"}}), expect);
  EXPECT_EQ(portal.status, Status::kFail);
  EXPECT_EQ(portal.reason, Reason::kHttpUnexpected);
  EXPECT_NE(portal.detail.find("portal.corp.example"), std::string::npos) << portal.detail;
  ASSERT_TRUE(portal.http);
  EXPECT_EQ(portal.http->location, "http://portal.corp.example/login");

  EXPECT_EQ(
      JudgeHttpAnswer(Answer(301, "", {{"Location", "https://swscan.apple.com/"}}), expect).status,
      Status::kPass);
  EXPECT_EQ(JudgeHttpAnswer(Answer(302, "", {{"Location", "/index.html"}}), expect).status,
            Status::kPass);
  EXPECT_EQ(
      JudgeHttpAnswer(Answer(301, "", {{"Location", "https://support.apple.com/"}}), expect).status,
      Status::kPass);
  // Without the host asked, a redirect is not judged (as before).
  EXPECT_EQ(
      JudgeHttpAnswer(Answer(302, "", {{"Location", "http://portal.corp.example/"}}), {}).status,
      Status::kPass);
}

TEST(HttpClassify, HtmlErrorPagesForNonHtmlResourcesAreBlockPages) {
  HttpExpectation binary{"", false};
  auto r = JudgeHttpAnswer(Answer(403, "<html><title>Denied</title></html>"), binary);
  EXPECT_EQ(r.reason, Reason::kHttpBlockPage);
  EXPECT_EQ(JudgeHttpAnswer(Answer(200, "<!DOCTYPE html><p>hi"), binary).reason,
            Reason::kHttpUnexpected);
}

TEST(HttpClassify, ExpectedTextAndMissingAnswers) {
  HttpExpectation expect{"apple", true};
  EXPECT_EQ(JudgeHttpAnswer(Answer(200, "hello apple"), expect).status, Status::kPass);
  EXPECT_EQ(JudgeHttpAnswer(Answer(200, "hello"), expect).reason, Reason::kHttpUnexpected);
  HttpFetch none;
  none.problem = "no answer within 300 ms";
  auto r = JudgeHttpAnswer(none, {});
  EXPECT_EQ(r.reason, Reason::kHttpUnexpected);
  EXPECT_NE(r.detail.find("300 ms"), std::string::npos);
  // Past the limit, the first bytes decide: the expected text in them passes, a block page's
  // marker in them is the block page.
  HttpFetch big = Answer(200, "hello apple");
  big.body_truncated = true;
  EXPECT_EQ(JudgeHttpAnswer(big, expect).status, Status::kPass);
  HttpFetch blocked = Answer(200, "<title>Blocked</title> (policy_denied)");
  blocked.body_truncated = true;
  EXPECT_EQ(JudgeHttpAnswer(blocked, {}).reason, Reason::kHttpBlockPage);
}

TEST(HttpClassify, CaptivePortalVerdicts) {
  EXPECT_EQ(JudgeCaptiveAnswer(Answer(200, kApplePage)).status, Status::kPass);
  auto redirect = JudgeCaptiveAnswer(Answer(302, "", {{"Location", "http://login.hotel/"}}));
  EXPECT_EQ(redirect.reason, Reason::kCaptivePortal);
  EXPECT_NE(redirect.detail.find("login.hotel"), std::string::npos);
  auto login =
      JudgeCaptiveAnswer(Answer(200, "<html><title>Hotel WiFi Login</title><form></form></html>"));
  EXPECT_EQ(login.reason, Reason::kCaptivePortal);
  EXPECT_NE(login.detail.find("Hotel WiFi Login"), std::string::npos);
  EXPECT_EQ(JudgeCaptiveAnswer(Answer(511, "")).reason, Reason::kCaptivePortal);
  EXPECT_EQ(JudgeCaptiveAnswer(Answer(407, "")).reason, Reason::kProxyAuthRequired);
  EXPECT_EQ(JudgeCaptiveAnswer(Answer(404, "")).reason, Reason::kHttpUnexpected);
  EXPECT_EQ(JudgeCaptiveAnswer(HttpFetch{}).reason, Reason::kHttpUnexpected);
}

}  // namespace
}  // namespace orchard::probe
