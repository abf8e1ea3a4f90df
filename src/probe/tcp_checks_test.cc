// SSH and HTTP checks (generic, captive, OCSP, CRL) against real TCP servers on 127.0.0.1.
#include <gtest/gtest.h>
#include <openssl/ocsp.h>

#include "probe/http/http_check.h"
#include "probe/ssh/ssh_check.h"
#include "support/loopback_servers.h"
#include "support/pki.h"

namespace orchard::probe {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
using asio::ip::tcp;
using std::chrono::milliseconds;
using std::chrono::steady_clock;
using testing::HttpResponse;
using testing::RunUntilDone;
using testing::StartTcpServer;
using testing::TcpScript;

enum class Kind { kSsh, kHttp, kCaptive, kOcsp, kCrl };

struct Params {
  Kind kind = Kind::kHttp;
  HttpRequestSpec spec;
  HttpExpectation expect;
  OcspTarget ocsp;
};

asio::awaitable<ProtocolOutcome> ConnectAndCheck(tcp::endpoint at, Params p, Deadline deadline) {
  beast::tcp_stream stream(co_await asio::this_coro::executor);
  stream.expires_at(deadline);
  co_await stream.async_connect(at, asio::use_awaitable);
  switch (p.kind) {
    case Kind::kSsh:
      co_return co_await CheckSsh(stream, deadline);
    case Kind::kHttp:
      co_return co_await CheckHttp(stream, p.spec, p.expect, deadline);
    case Kind::kCaptive:
      co_return co_await CheckCaptive(stream, p.spec, deadline);
    case Kind::kOcsp:
      co_return co_await CheckOcsp(stream, p.spec, p.ocsp, deadline);
    case Kind::kCrl:
      co_return co_await CheckCrl(stream, p.spec, deadline);
  }
  co_return Failed(Reason::kInternal, "unreachable");
}

struct TcpCheckTest : ::testing::Test {
  asio::io_context io;
  std::vector<std::string> requests;

  ProtocolOutcome Run(TcpScript script, Params p, milliseconds budget = milliseconds(2000)) {
    const tcp::endpoint at = StartTcpServer(io, std::move(script), &requests);
    start = steady_clock::now();
    auto out = RunUntilDone(io, ConnectAndCheck(at, std::move(p), start + budget));
    elapsed = steady_clock::now() - start;
    return out;
  }
  static Params Ssh() {
    Params p;
    p.kind = Kind::kSsh;
    return p;
  }
  static Params Http(Kind kind, std::string target = "/") {
    Params p;
    p.kind = kind;
    p.spec.host = "captive.apple.com";
    p.spec.target = std::move(target);
    return p;
  }
  steady_clock::time_point start;
  steady_clock::duration elapsed{};
};

TcpScript Say(std::string response) {
  TcpScript s;
  s.response = std::move(response);
  return s;
}

TcpScript Banner(std::string banner) {
  TcpScript s = Say(std::move(banner));
  s.read_request = false;
  s.close_after = false;
  return s;
}

// ---- SSH ----

TEST_F(TcpCheckTest, SshPassesOnABanner) {
  auto out = Run(Banner("SSH-2.0-OpenSSH_9.2p1 Debian-2\r\n"), Ssh());
  EXPECT_EQ(out.status, Status::kPass) << out.detail;
  EXPECT_EQ(out.detail, "SSH-2.0-OpenSSH_9.2p1 Debian-2");
  EXPECT_TRUE(out.first_byte_ms.has_value());
}

TEST_F(TcpCheckTest, SshSilentServerIsNoBannerWithinTheDeadline) {
  auto out = Run(Banner(""), Ssh(), milliseconds(300));
  EXPECT_EQ(out.reason, Reason::kSshNoBanner);
  EXPECT_NE(out.detail.find("within"), std::string::npos) << out.detail;
  EXPECT_LT(elapsed, milliseconds(600));
}

TEST_F(TcpCheckTest, SshOtherProtocolsAndClosesAreNoBanner) {
  auto http = Run(Banner("HTTP/1.1 400 Bad Request\r\n\r\n"), Ssh());
  EXPECT_EQ(http.reason, Reason::kSshNoBanner);
  EXPECT_NE(http.detail.find("HTTP/1.1 400"), std::string::npos) << http.detail;
  TcpScript closes;
  closes.read_request = false;
  auto closed = Run(closes, Ssh());
  EXPECT_EQ(closed.reason, Reason::kSshNoBanner);
  EXPECT_NE(closed.detail.find("closed"), std::string::npos) << closed.detail;
}

TEST_F(TcpCheckTest, SshEndlessGarbageIsBounded) {
  TcpScript flood = Banner(std::string(64 * 1024, 'x'));
  auto out = Run(flood, Ssh());
  EXPECT_EQ(out.reason, Reason::kSshNoBanner);
}

// ---- captive ----

TEST_F(TcpCheckTest, CaptivePassesOnSuccess) {
  auto out = Run(Say(HttpResponse(200, "OK", {{"Content-Type", "text/html"}},
                                  "<HTML><HEAD><TITLE>Success</TITLE></HEAD><BODY>Success</BODY>"
                                  "</HTML>")),
                 Http(Kind::kCaptive, "/hotspot-detect.html"));
  EXPECT_EQ(out.status, Status::kPass) << out.detail;
  ASSERT_TRUE(out.http);
  EXPECT_EQ(out.http->status, 200);
  EXPECT_TRUE(out.first_byte_ms.has_value());
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_TRUE(requests[0].starts_with("GET /hotspot-detect.html HTTP/1.1\r\n")) << requests[0];
  EXPECT_NE(requests[0].find("Host: captive.apple.com\r\n"), std::string::npos) << requests[0];
}

TEST_F(TcpCheckTest, CaptiveLoginPageAndRedirectArePortals) {
  auto login = Run(Say(HttpResponse(200, "OK", {{"Content-Type", "text/html"}},
                                    "<html><title>Guest WiFi</title><form>password</form></html>")),
                   Http(Kind::kCaptive, "/hotspot-detect.html"));
  EXPECT_EQ(login.reason, Reason::kCaptivePortal);
  EXPECT_NE(login.detail.find("Guest WiFi"), std::string::npos) << login.detail;
  auto redirect =
      Run(Say(HttpResponse(302, "Found", {{"Location", "http://portal.example/login"}}, "")),
          Http(Kind::kCaptive, "/hotspot-detect.html"));
  EXPECT_EQ(redirect.reason, Reason::kCaptivePortal);
  ASSERT_TRUE(redirect.http);
  EXPECT_EQ(redirect.http->location, "http://portal.example/login");
}

TEST_F(TcpCheckTest, ChunkedAnswersAreDecoded) {
  auto out = Run(Say("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                     "4\r\nSucc\r\n3\r\ness\r\n0\r\n\r\n"),
                 Http(Kind::kCaptive, "/hotspot-detect.html"));
  EXPECT_EQ(out.status, Status::kPass) << out.detail;
}

TEST_F(TcpCheckTest, AbsoluteFormForPlainHttpProxies) {
  Params p = Http(Kind::kCaptive, "/hotspot-detect.html");
  p.spec.absolute_form = true;
  p.spec.headers.emplace_back("Proxy-Authorization", "Basic dTpw");
  Run(Say(HttpResponse(200, "OK", {}, "Success")), p);
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_TRUE(
      requests[0].starts_with("GET http://captive.apple.com/hotspot-detect.html HTTP/1.1\r\n"))
      << requests[0];
  EXPECT_NE(requests[0].find("Proxy-Authorization: Basic dTpw\r\n"), std::string::npos);
}

// ---- generic HTTP: intermediaries and hostile servers ----

TEST_F(TcpCheckTest, HttpRedirectToHttpsPasses) {
  auto out =
      Run(Say(HttpResponse(301, "Moved Permanently",
                           {{"Location", "https://www.apple.com/"}, {"Server", "Apple"}}, "")),
          Http(Kind::kHttp));
  EXPECT_EQ(out.status, Status::kPass) << out.detail;
}

TEST_F(TcpCheckTest, ProxyAuthenticationIsRecognised) {
  auto out = Run(Say(HttpResponse(407, "Proxy Authentication Required",
                                  {{"Proxy-Authenticate", "Basic realm=\"corp\""}}, "")),
                 Http(Kind::kHttp));
  EXPECT_EQ(out.reason, Reason::kProxyAuthRequired);
}

TEST_F(TcpCheckTest, SquidErrorPageIsABlockPage) {
  auto out =
      Run(Say(HttpResponse(403, "Forbidden",
                           {{"Server", "squid/5.7"},
                            {"X-Squid-Error", "ERR_ACCESS_DENIED 0"},
                            {"Content-Type", "text/html"}},
                           "<html><title>ERROR: The requested URL could not be retrieved</title>"
                           "Generated Fri, 27 Nov 2026 by proxy (squid/5.7)</html>")),
          Http(Kind::kHttp));
  EXPECT_EQ(out.reason, Reason::kHttpBlockPage);
  EXPECT_NE(out.detail.find("Squid"), std::string::npos) << out.detail;
}

// A Blue Coat style policy page served with status 200 on port 80 (a web filter answering every
// plain-HTTP request): not the service, whatever the status says.
const std::string kBlueCoatPage =
    "<html><head><title>Access Denied</title></head><body><h1>Access Denied "
    "(policy_denied)</h1><p>Your request was denied because of its content categorization: "
    "\"Technology/Internet\"</p><p>For assistance, contact your network support team.</p>"
    "</body></html>";

TEST_F(TcpCheckTest, FilterBlockPageWithStatus200IsABlockPage) {
  for (Kind kind : {Kind::kHttp, Kind::kCaptive}) {
    auto out = Run(Say(HttpResponse(200, "OK", {{"Content-Type", "text/html"}}, kBlueCoatPage)),
                   Http(kind, kind == Kind::kCaptive ? "/hotspot-detect.html" : "/"));
    EXPECT_EQ(out.status, Status::kFail) << out.detail;
    EXPECT_EQ(out.reason, Reason::kHttpBlockPage) << out.detail;
    EXPECT_NE(out.detail.find("Access Denied"), std::string::npos) << out.detail;
  }
}

TEST_F(TcpCheckTest, InterimAnswersAreSkippedForTheFinalOne) {
  auto out =
      Run(Say("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: </a>\r\n"
              "\r\n" +
              HttpResponse(301, "Moved Permanently", {{"Location", "https://x.apple.com/"}}, "")),
          Http(Kind::kHttp));
  EXPECT_EQ(out.status, Status::kPass) << out.detail;
  ASSERT_TRUE(out.http);
  EXPECT_EQ(out.http->status, 301);
}

TEST_F(TcpCheckTest, OnlyContinueIsNoAnswer) {
  auto closes = Run(Say("HTTP/1.1 100 Continue\r\n\r\n"), Http(Kind::kHttp));
  EXPECT_EQ(closes.status, Status::kFail) << closes.detail;
  EXPECT_EQ(closes.reason, Reason::kHttpUnexpected);
  EXPECT_NE(closes.detail.find("interim"), std::string::npos) << closes.detail;
  TcpScript stays = Say("HTTP/1.1 100 Continue\r\n\r\n");
  stays.close_after = false;
  auto silent = Run(stays, Http(Kind::kHttp), milliseconds(300));
  EXPECT_EQ(silent.reason, Reason::kHttpUnexpected) << silent.detail;
  EXPECT_LT(elapsed, milliseconds(600));
  std::string endless;
  for (int i = 0; i < 40; ++i) endless += "HTTP/1.1 100 Continue\r\n\r\n";
  auto flood = Run(Say(endless), Http(Kind::kCaptive, "/hotspot-detect.html"));
  EXPECT_EQ(flood.status, Status::kFail) << flood.detail;
  EXPECT_NE(flood.detail.find("only interim answers"), std::string::npos) << flood.detail;
}

TEST_F(TcpCheckTest, SilentServerIsUnexpectedWithinTheDeadline) {
  TcpScript silent;
  silent.close_after = false;
  auto out = Run(silent, Http(Kind::kHttp), milliseconds(300));
  EXPECT_EQ(out.reason, Reason::kHttpUnexpected);
  EXPECT_NE(out.detail.find("no answer within"), std::string::npos) << out.detail;
  EXPECT_LT(elapsed, milliseconds(600));
}

TEST_F(TcpCheckTest, SlowlorisAnswerIsCutAtTheDeadline) {
  TcpScript drip = Say(HttpResponse(200, "OK", {}, std::string(200, 'a')));
  drip.drip = milliseconds(20);
  auto out = Run(drip, Http(Kind::kHttp), milliseconds(400));
  EXPECT_EQ(out.reason, Reason::kHttpUnexpected);
  EXPECT_NE(out.detail.find("incomplete"), std::string::npos) << out.detail;
  EXPECT_TRUE(out.first_byte_ms.has_value());
  EXPECT_LT(elapsed, milliseconds(700));
}

TEST_F(TcpCheckTest, TruncatedAnswerIsUnexpected) {
  auto out = Run(Say("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nshort"), Http(Kind::kHttp));
  EXPECT_EQ(out.reason, Reason::kHttpUnexpected);
  EXPECT_NE(out.detail.find("closed in the middle"), std::string::npos) << out.detail;
}

// A body past the limit is judged on its first bytes, whichever way its end is marked.
TEST_F(TcpCheckTest, BodiesPastTheLimitAreJudgedOnTheirFirstBytes) {
  const std::string page = "<html><head><title>Blocked</title></head><body>(policy_denied) " +
                           std::string(8 * 1024, ' ') + "</body></html>";
  Params p = Http(Kind::kHttp);
  p.spec.max_body = 1024;
  // Content-Length beyond the limit: Beast refuses it before reading any of the body.
  auto sized = Run(Say(HttpResponse(200, "OK", {{"Content-Type", "text/html"}}, page)), p);
  EXPECT_EQ(sized.reason, Reason::kHttpBlockPage) << sized.detail;
  // No length: the body ends when the server closes.
  auto unframed = Run(Say("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n" + page), p);
  EXPECT_EQ(unframed.reason, Reason::kHttpBlockPage) << unframed.detail;
  // The service's own big answer passes.
  auto big = Run(Say(HttpResponse(200, "OK", {{"Content-Type", "application/octet-stream"}},
                                  std::string(64 * 1024, 'z'))),
                 p);
  EXPECT_EQ(big.status, Status::kPass) << big.detail;
  auto chunked = Run(Say("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                         "2000\r\n" +
                         std::string(0x2000, 'z') + "\r\n0\r\n\r\n"),
                     p);
  EXPECT_EQ(chunked.status, Status::kPass) << chunked.detail;
}

TEST_F(TcpCheckTest, HotspotPagePastTheLimitIsNotApples) {
  Params p = Http(Kind::kCaptive, "/hotspot-detect.html");
  p.spec.max_body = 1024;
  auto out = Run(Say(HttpResponse(200, "OK", {}, "Success" + std::string(4096, ' '))), p);
  EXPECT_EQ(out.reason, Reason::kCaptivePortal) << out.detail;
}

// ---- OCSP ----

TEST_F(TcpCheckTest, OcspPassesOnARealSignedResponse) {
  const auto ca = testing::MakeCa("Loopback OCSP CA");
  // The server must answer the request the check sends, so build that same request here.
  Params p = Http(Kind::kOcsp, "/");
  p.spec.host = "ocsp.apple.com";
  p.ocsp = OcspTarget{ca.cert_pem, "1234"};
  auto request = BuildOcspRequest(p.ocsp);
  ASSERT_TRUE(request);
  const std::string answer =
      HttpResponse(200, "OK", {{"Content-Type", "application/ocsp-response"}},
                   testing::MakeOcspResponseFor(ca, *request, "good"));
  auto out = Run(Say(answer), p);
  EXPECT_EQ(out.status, Status::kPass) << out.detail;
  EXPECT_EQ(out.detail, "OCSP responder answered: successful, certificate good");
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_TRUE(requests[0].starts_with("POST / HTTP/1.1\r\n"));
  EXPECT_NE(requests[0].find("Content-Type: application/ocsp-request"), std::string::npos);
  const std::string body = requests[0].substr(requests[0].find("\r\n\r\n") + 4);
  EXPECT_EQ(body, *request);
}

TEST_F(TcpCheckTest, OcspDefaultTargetSendsAParseableRequest) {
  Params p = Http(Kind::kOcsp, "/");
  p.ocsp = DefaultOcspTarget();
  auto out = Run(Say(HttpResponse(200, "OK", {{"Content-Type", "application/ocsp-response"}},
                                  testing::MakeOcspErrorResponse(6))),
                 p);
  EXPECT_EQ(out.status, Status::kPass) << out.detail;
  EXPECT_NE(out.detail.find("unauthorized"), std::string::npos);
  ASSERT_EQ(requests.size(), 1u);
  const std::string body = requests[0].substr(requests[0].find("\r\n\r\n") + 4);
  const auto* der = reinterpret_cast<const unsigned char*>(body.data());
  OCSP_REQUEST* parsed = d2i_OCSP_REQUEST(nullptr, &der, static_cast<long>(body.size()));
  EXPECT_NE(parsed, nullptr);
  OCSP_REQUEST_free(parsed);
}

TEST_F(TcpCheckTest, OcspHtmlPageIsABadResponse) {
  Params p = Http(Kind::kOcsp, "/");
  p.ocsp = DefaultOcspTarget();
  auto out = Run(Say(HttpResponse(200, "OK", {{"Content-Type", "text/html"}},
                                  "<html><body>Welcome to our network</body></html>")),
                 p);
  EXPECT_EQ(out.reason, Reason::kOcspBadResponse);
}

// ---- CRL ----

TEST_F(TcpCheckTest, CrlPassesOnADerCrl) {
  const auto ca = testing::MakeCa("Loopback CRL CA");
  auto out = Run(Say(HttpResponse(200, "OK", {{"Content-Type", "application/pkix-crl"}},
                                  testing::MakeCrl(ca, {"01", "02"}, false))),
                 Http(Kind::kCrl, "/root.crl"));
  EXPECT_EQ(out.status, Status::kPass) << out.detail;
  EXPECT_NE(out.detail.find("CN=Loopback CRL CA"), std::string::npos) << out.detail;
  EXPECT_NE(out.detail.find("2 entries"), std::string::npos) << out.detail;
  EXPECT_TRUE(requests.at(0).starts_with("GET /root.crl HTTP/1.1\r\n"));
}

TEST_F(TcpCheckTest, CrlHtmlPageIsBad) {
  auto out = Run(Say(HttpResponse(200, "OK", {{"Content-Type", "text/html"}},
                                  "<html><body>Session expired, log in again</body></html>")),
                 Http(Kind::kCrl, "/root.crl"));
  EXPECT_EQ(out.reason, Reason::kCrlBad);
}

TEST_F(TcpCheckTest, CrlSilenceIsBadWithinTheDeadline) {
  TcpScript silent;
  silent.close_after = false;
  auto out = Run(silent, Http(Kind::kCrl, "/root.crl"), milliseconds(300));
  EXPECT_EQ(out.reason, Reason::kCrlBad);
  EXPECT_LT(elapsed, milliseconds(600));
}

}  // namespace
}  // namespace orchard::probe
