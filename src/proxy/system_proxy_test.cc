#include "proxy/system_proxy.h"

#include <gtest/gtest.h>

namespace orchard::proxy {
namespace {

// Captured from macOS 14 with manual HTTP/HTTPS proxies and a PAC URL configured.
constexpr std::string_view kFull = R"(<dictionary> {
  ExceptionsList : <array> {
    0 : *.local
    1 : 169.254/16
    2 : corp.example
  }
  ExcludeSimpleHostnames : 1
  FTPPassive : 1
  HTTPEnable : 1
  HTTPPort : 8080
  HTTPProxy : proxy.example.com
  HTTPSEnable : 1
  HTTPSPort : 8443
  HTTPSProxy : secure-proxy.example.com
  ProxyAutoConfigEnable : 1
  ProxyAutoConfigURLString : http://wpad.example.com/proxy.pac
  ProxyAutoDiscoveryEnable : 0
  SOCKSEnable : 0
  __SCOPED__ : <dictionary> {
    en0 : <dictionary> {
      ExceptionsList : <array> {
        0 : *.local
      }
      HTTPEnable : 1
    }
  }
}
)";

// A Mac with no proxy at all.
constexpr std::string_view kNone = R"(<dictionary> {
  ExceptionsList : <array> {
    0 : *.local
    1 : 169.254/16
  }
  FTPPassive : 1
  HTTPEnable : 0
  HTTPSEnable : 0
  ProxyAutoConfigEnable : 0
  SOCKSEnable : 0
}
)";

TEST(Scutil, ParsesEverything) {
  auto s = ParseScutilProxy(kFull);
  ASSERT_TRUE(s) << s.error().ToString();
  ASSERT_TRUE(s->http);
  EXPECT_EQ(s->http->host, "proxy.example.com");
  EXPECT_EQ(s->http->port, 8080);
  ASSERT_TRUE(s->https);
  EXPECT_EQ(s->https->host, "secure-proxy.example.com");
  EXPECT_EQ(s->https->port, 8443);
  EXPECT_FALSE(s->socks);
  EXPECT_EQ(s->pac_url, "http://wpad.example.com/proxy.pac");
  EXPECT_FALSE(s->auto_discovery);
  EXPECT_TRUE(s->exclude_simple_hostnames);
  EXPECT_EQ(s->exceptions, (std::vector<std::string>{"*.local", "169.254/16", "corp.example"}));
}

TEST(Scutil, DisabledServersAreLeftOut) {
  auto s = ParseScutilProxy(kNone);
  ASSERT_TRUE(s) << s.error().ToString();
  EXPECT_TRUE(s->Empty());
  EXPECT_EQ(s->exceptions.size(), 2u);
}

TEST(Scutil, PacUrlIgnoredWhenDisabled) {
  auto s = ParseScutilProxy(
      "<dictionary> {\n  ProxyAutoConfigEnable : 0\n  ProxyAutoConfigURLString : "
      "http://w/p.pac\n}\n");
  ASSERT_TRUE(s);
  EXPECT_TRUE(s->pac_url.empty());
}

TEST(Scutil, MalformedInputNamesTheLine) {
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

TEST(Scutil, Exceptions) {
  auto s = ParseScutilProxy(kFull);
  ASSERT_TRUE(s);
  EXPECT_EQ(MatchSystemException(*s, "printer.local"), "*.local");
  EXPECT_EQ(MatchSystemException(*s, "169.254.10.20"), "169.254/16");
  EXPECT_EQ(MatchSystemException(*s, "corp.example"), "corp.example");
  EXPECT_EQ(MatchSystemException(*s, "wiki.corp.example"), "corp.example");
  EXPECT_EQ(MatchSystemException(*s, "intranet"), "ExcludeSimpleHostnames");
  EXPECT_FALSE(MatchSystemException(*s, "gateway.icloud.com"));
  EXPECT_FALSE(MatchSystemException(*s, "169.255.0.1"));
  s->exclude_simple_hostnames = false;
  EXPECT_FALSE(MatchSystemException(*s, "intranet"));
}

}  // namespace
}  // namespace orchard::proxy
