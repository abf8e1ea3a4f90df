#include "proxy/tunnel.h"

#include <gtest/gtest.h>

namespace orchard::proxy {
namespace {

using probe::Reason;

probe::HttpAnswer Head(std::string_view text) {
  auto a = ParseProxyReplyHead(text);
  EXPECT_TRUE(a) << text;
  return a.value_or(probe::HttpAnswer{});
}

TEST(Tunnel, ConnectRequestWithAndWithoutCredentials) {
  EXPECT_EQ(BuildConnectRequest("gateway.icloud.com", 443, std::nullopt),
            "CONNECT gateway.icloud.com:443 HTTP/1.1\r\nHost: gateway.icloud.com:443\r\n"
            "User-Agent: orchard/0.1\r\n\r\n");
  std::string with = BuildConnectRequest("::1", 5223, Credentials{"lab", "orchard-lab"});
  EXPECT_TRUE(with.starts_with("CONNECT [::1]:5223 HTTP/1.1\r\n")) << with;
  EXPECT_NE(with.find("Proxy-Authorization: Basic bGFiOm9yY2hhcmQtbGFi\r\n"), std::string::npos)
      << with;
}

TEST(Tunnel, Base64Padding) {
  EXPECT_EQ(BasicAuthorization({"a", ""}), "Basic YTo=");
  EXPECT_EQ(BasicAuthorization({"ab", ""}), "Basic YWI6");
  EXPECT_EQ(BasicAuthorization({"abc", ""}), "Basic YWJjOg==");
}

TEST(Tunnel, ParsesHead) {
  auto a = Head("HTTP/1.1 200 Connection established\r\nVia: 1.1 squid\r\n\r\n");
  EXPECT_EQ(a.status, 200);
  EXPECT_EQ(a.reason, "Connection established");
  ASSERT_EQ(a.headers.size(), 1u);
  EXPECT_FALSE(ParseProxyReplyHead("SSH-2.0-OpenSSH\r\n\r\n"));
  EXPECT_FALSE(ParseProxyReplyHead("HTTP/1.1 2x0 OK\r\n\r\n"));
  EXPECT_FALSE(ParseProxyReplyHead("HTTP/1.1 200 OK\r\nno colon here\r\n\r\n"));
}

TEST(Tunnel, Judgements) {
  EXPECT_EQ(JudgeConnectReply(Head("HTTP/1.0 200 OK\r\n\r\n"), "p:1", "t:443").reason, Reason::kOk);
  auto auth = JudgeConnectReply(
      Head("HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic\r\n\r\n"),
      "p:1", "t:443");
  EXPECT_EQ(auth.reason, Reason::kProxyAuthRequired);
  EXPECT_NE(auth.detail.find("p:1"), std::string::npos);
  EXPECT_EQ(JudgeConnectReply(
                Head("HTTP/1.1 403 Forbidden\r\nX-Squid-Error: ERR_ACCESS_DENIED 0\r\n\r\n"), "p:1",
                "t:443")
                .reason,
            Reason::kProxyDenied);
  EXPECT_EQ(JudgeConnectReply(Head("HTTP/1.1 503 Service Unavailable\r\nX-Squid-Error: "
                                   "ERR_CONNECT_FAIL 111\r\n\r\n"),
                              "p:1", "t:443")
                .reason,
            Reason::kTcpRefused);
  EXPECT_EQ(JudgeConnectReply(Head("HTTP/1.1 503 Service Unavailable\r\nX-Squid-Error: "
                                   "ERR_CONNECT_FAIL 110\r\n\r\n"),
                              "p:1", "t:443")
                .reason,
            Reason::kTcpTimeout);
  EXPECT_EQ(JudgeConnectReply(Head("HTTP/1.1 503 x\r\nX-Squid-Error: ERR_DNS_FAIL 0\r\n\r\n"),
                              "p:1", "t:443")
                .reason,
            Reason::kDnsNxdomain);
  auto denied = JudgeConnectReply(Head("HTTP/1.1 403 Forbidden\r\nServer: Zscaler/6.2\r\n\r\n"),
                                  "p:1", "t:443");
  EXPECT_EQ(denied.reason, Reason::kProxyDenied);
  EXPECT_NE(denied.detail.find("Zscaler"), std::string::npos) << denied.detail;
}

}  // namespace
}  // namespace orchard::proxy
