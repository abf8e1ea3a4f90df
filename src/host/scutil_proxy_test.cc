#include "host/scutil_proxy.h"

#include <gtest/gtest.h>

#include "support/host_testdata.h"

namespace orchard::host {
namespace {

using testing::Fixture;

TEST(ScutilProxy, PacOnly) {
  auto s = ParseScutilProxy(Fixture("scutil_proxy/pac_wpad_dat.txt"));
  ASSERT_TRUE(s) << s.error().ToString();
  EXPECT_EQ(s->pac_url, "http://wpad.company.com/wpad.dat");
  EXPECT_FALSE(s->http);
  EXPECT_FALSE(s->https);
  EXPECT_FALSE(s->socks);
  EXPECT_FALSE(s->auto_discovery);
  EXPECT_TRUE(s->exceptions.empty());
  EXPECT_FALSE(s->Empty());
}

TEST(ScutilProxy, NoProxyButTheDefaultExceptions) {
  auto s = ParseScutilProxy(Fixture("scutil_proxy/none_default_exceptions.txt"));
  ASSERT_TRUE(s) << s.error().ToString();
  EXPECT_TRUE(s->Empty());
  EXPECT_EQ(s->exceptions, (std::vector<std::string>{"*.local", "169.254/16"}));
  EXPECT_FALSE(s->exclude_simple_hostnames);
}

TEST(ScutilProxy, HttpOnly) {
  auto s = ParseScutilProxy(Fixture("scutil_proxy/privoxy_http_8118.txt"));
  ASSERT_TRUE(s) << s.error().ToString();
  ASSERT_TRUE(s->http);
  EXPECT_EQ(s->http->host, "127.0.0.1");
  EXPECT_EQ(s->http->port, 8118);
  EXPECT_FALSE(s->https);  // HTTPSEnable absent: no HTTPS proxy
  EXPECT_TRUE(s->pac_url.empty());
}

TEST(ScutilProxy, HttpHttpsAndSocks) {
  auto s = ParseScutilProxy(Fixture("scutil_proxy/anyproxy_http_https_socks.txt"));
  ASSERT_TRUE(s) << s.error().ToString();
  ASSERT_TRUE(s->http && s->https && s->socks);
  EXPECT_EQ(s->https->host, "127.0.0.1");
  EXPECT_EQ(s->https->port, 8888);
  EXPECT_EQ(s->socks->port, 7891);
  EXPECT_EQ(s->exceptions, (std::vector<std::string>{"127.0.0.1", "localhost"}));
}

// The grammar's failure cases (not recorded outputs: each is one broken line or brace).
TEST(ScutilProxy, PacUrlIgnoredWhenDisabled) {
  auto s = ParseScutilProxy(
      "<dictionary> {\n  ProxyAutoConfigEnable : 0\n  ProxyAutoConfigURLString : "
      "http://w/p.pac\n}\n");
  ASSERT_TRUE(s);
  EXPECT_TRUE(s->pac_url.empty());
}

TEST(ScutilProxy, MalformedInputNamesTheLine) {
  auto a = ParseScutilProxy("");
  ASSERT_FALSE(a);
  auto b = ParseScutilProxy("<dictionary> {\n  HTTPEnable 1\n}\n");
  ASSERT_FALSE(b);
  EXPECT_NE(b.error().message().find(":2:"), std::string::npos) << b.error().message();
  auto c = ParseScutilProxy("<dictionary> {\n  HTTPEnable : 1\n");
  ASSERT_FALSE(c);
  auto d =
      ParseScutilProxy("<dictionary> {\n  HTTPEnable : 1\n  HTTPProxy : p\n  HTTPPort : x\n}\n");
  ASSERT_FALSE(d);
  EXPECT_NE(d.error().message().find("HTTPPort"), std::string::npos);
  auto e = ParseScutilProxy("<dictionary> {\n  HTTPEnable : 1\n}\n");
  ASSERT_FALSE(e);
  EXPECT_NE(e.error().message().find("HTTPProxy is missing"), std::string::npos);
  auto f = ParseScutilProxy("<dictionary> {\n}\n}\n");
  ASSERT_FALSE(f);
}

}  // namespace
}  // namespace orchard::host
