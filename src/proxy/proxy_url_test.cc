#include "proxy/proxy_url.h"

#include <gtest/gtest.h>

namespace orchard::proxy {
namespace {

TEST(ProxyUrl, ParsesHostAndPort) {
  auto p = ParseProxyUrl("http://proxy.corp.example:3128");
  ASSERT_TRUE(p) << p.error().ToString();
  EXPECT_EQ(p->host, "proxy.corp.example");
  EXPECT_EQ(p->port, 3128);
  EXPECT_FALSE(p->credentials);
  EXPECT_EQ(p->ToString(), "proxy.corp.example:3128");
}

TEST(ProxyUrl, ParsesPercentEncodedCredentials) {
  auto p = ParseProxyUrl("http://alice:p%40ss%3Aword@127.0.0.1:8080/");
  ASSERT_TRUE(p) << p.error().ToString();
  ASSERT_TRUE(p->credentials);
  EXPECT_EQ(p->credentials->user, "alice");
  EXPECT_EQ(p->credentials->password, "p@ss:word");
  EXPECT_EQ(p->ToString(), "127.0.0.1:8080");  // never prints the password
}

TEST(ProxyUrl, WithoutSchemeIsHttpAndWithoutPortIsCurlDefault) {
  auto p = ParseProxyUrl("proxy:3128");
  ASSERT_TRUE(p);
  EXPECT_EQ(p->port, 3128);
  auto q = ParseProxyUrl("http://proxy");
  ASSERT_TRUE(q);
  EXPECT_EQ(q->port, 1080);
}

TEST(ProxyUrl, Ipv6Literal) {
  auto p = ParseProxyUrl("http://[::1]:3128");
  ASSERT_TRUE(p) << p.error().ToString();
  EXPECT_EQ(p->host, "::1");
  EXPECT_EQ(p->ToString(), "[::1]:3128");
}

TEST(ProxyUrl, RejectsBadInputWithReason) {
  struct Case {
    const char* text;
    const char* why;
  };
  for (const Case& c :
       {Case{"", "empty"}, Case{"https://p:443", "not supported"},
        Case{"socks5://p:1080", "not supported"}, Case{"ftp://p:21", "unknown scheme"},
        Case{"http://p:99999", "out of range"}, Case{"http://p:0", "port 0"},
        Case{"http://p:abc", "bad proxy URL"}, Case{"http://p:3128/path", "no path"},
        Case{"http://p:3128?x=1", "no path"}, Case{"http://:3128", "no host"},
        Case{"http://:pw@p:1", "empty user"}}) {
    auto p = ParseProxyUrl(c.text, "--proxy");
    ASSERT_FALSE(p) << c.text;
    EXPECT_NE(p.error().message().find(c.why), std::string::npos)
        << c.text << " -> " << p.error().message();
    EXPECT_NE(p.error().message().find("--proxy"), std::string::npos);
  }
}

TEST(ProxyUrl, Credentials) {
  auto c = ParseCredentials("bob:se:cret");
  ASSERT_TRUE(c);
  EXPECT_EQ(c->user, "bob");
  EXPECT_EQ(c->password, "se:cret");
  EXPECT_FALSE(ParseCredentials(":x"));
}

}  // namespace
}  // namespace orchard::proxy
