#include "proxy/environment.h"

#include <gtest/gtest.h>

namespace orchard::proxy {
namespace {

std::string Chosen(const Environment& env, const char* scheme, const char* host = "x.apple.com") {
  auto c = ProxyFromEnvironment(env, scheme, host);
  if (!c) return "error: " + c.error().message();
  if (!c->proxy) return c->variable.empty() ? "direct" : "direct via " + c->no_proxy_entry;
  return c->variable + " " + c->proxy->ToString();
}

TEST(Environment, LowercaseHttpProxyIsUsed) {
  EXPECT_EQ(Chosen({{"http_proxy", "http://p:1"}}, "http"), "http_proxy p:1");
}

TEST(Environment, UppercaseHttpProxyIsIgnoredForCgiSafety) {
  EXPECT_EQ(Chosen({{"HTTP_PROXY", "http://evil:1"}}, "http"), "direct");
  EXPECT_EQ(Chosen({{"HTTP_PROXY", "http://evil:1"}, {"ALL_PROXY", "http://a:2"}}, "http"),
            "ALL_PROXY a:2");
}

TEST(Environment, HttpsProxyLowercaseBeforeUppercase) {
  EXPECT_EQ(Chosen({{"HTTPS_PROXY", "http://up:1"}}, "https"), "HTTPS_PROXY up:1");
  EXPECT_EQ(Chosen({{"HTTPS_PROXY", "http://up:1"}, {"https_proxy", "http://low:2"}}, "https"),
            "https_proxy low:2");
}

TEST(Environment, SchemeVariableBeforeAllProxy) {
  Environment env{{"https_proxy", "http://s:1"}, {"all_proxy", "http://a:2"}};
  EXPECT_EQ(Chosen(env, "https"), "https_proxy s:1");
  EXPECT_EQ(Chosen(env, "http"), "all_proxy a:2");  // http_proxy unset -> all_proxy
  EXPECT_EQ(Chosen({{"ALL_PROXY", "http://A:3"}, {"all_proxy", "http://a:2"}}, "https"),
            "all_proxy a:2");
}

TEST(Environment, EmptyValueCountsAsUnset) {
  EXPECT_EQ(Chosen({{"https_proxy", ""}, {"HTTPS_PROXY", "http://u:1"}}, "https"),
            "HTTPS_PROXY u:1");
  EXPECT_EQ(Chosen({}, "https"), "direct");
}

TEST(Environment, BadProxyUrlNamesTheVariable) {
  std::string out = Chosen({{"https_proxy", "socks5://s:1080"}}, "https");
  EXPECT_NE(out.find("error: https_proxy"), std::string::npos) << out;
}

TEST(Environment, NoProxyAppliesAndLowercaseWins) {
  Environment env{{"https_proxy", "http://p:1"}, {"no_proxy", "apple.com"}, {"NO_PROXY", "*"}};
  EXPECT_EQ(Chosen(env, "https", "gateway.icloud.com"), "https_proxy p:1");
  EXPECT_EQ(Chosen(env, "https", "x.apple.com"), "direct via apple.com");
  env.erase("no_proxy");
  EXPECT_EQ(Chosen(env, "https", "gateway.icloud.com"), "direct via *");
}

TEST(NoProxy, StarAloneMatchesAll) {
  EXPECT_EQ(MatchNoProxy("*", "anything.example"), "*");
  EXPECT_EQ(MatchNoProxy(" * ", "10.0.0.1"), "*");
  EXPECT_FALSE(MatchNoProxy("", "a.b"));
}

TEST(NoProxy, DomainSuffixWithOrWithoutLeadingDot) {
  EXPECT_TRUE(MatchNoProxy("apple.com", "apple.com"));
  EXPECT_TRUE(MatchNoProxy("apple.com", "mesu.apple.com"));
  EXPECT_TRUE(MatchNoProxy(".apple.com", "mesu.apple.com"));
  EXPECT_TRUE(MatchNoProxy(".apple.com", "apple.com"));
  EXPECT_TRUE(MatchNoProxy("*.apple.com", "mesu.apple.com"));
  EXPECT_FALSE(MatchNoProxy("apple.com", "pineapple.com"));
  EXPECT_FALSE(MatchNoProxy("mesu.apple.com", "apple.com"));
}

TEST(NoProxy, CaseAndTrailingDotInsensitive) {
  EXPECT_TRUE(MatchNoProxy("Apple.COM", "MESU.apple.com."));
  EXPECT_TRUE(MatchNoProxy("apple.com.", "mesu.apple.com"));
  // As curl's noproxy.c: an entry loses one trailing dot, not two (CanonicalHostName would).
  EXPECT_FALSE(MatchNoProxy("apple.com..", "mesu.apple.com"));
}

TEST(NoProxy, ListWithSpacesAndEmptyEntries) {
  auto m = MatchNoProxy("localhost, ,.corp.example ,  icloud.com", "gateway.icloud.com");
  ASSERT_TRUE(m);
  EXPECT_EQ(*m, "icloud.com");
}

TEST(NoProxy, PortInsensitive) {
  EXPECT_TRUE(MatchNoProxy("apple.com:443", "www.apple.com"));
  EXPECT_TRUE(MatchNoProxy("10.1.2.3:8080", "10.1.2.3"));
  EXPECT_TRUE(MatchNoProxy("[::1]:80", "::1"));
}

TEST(NoProxy, AddressesAndCidr) {
  EXPECT_TRUE(MatchNoProxy("17.0.0.0/8", "17.253.1.2"));
  EXPECT_FALSE(MatchNoProxy("17.0.0.0/8", "18.0.0.1"));
  EXPECT_TRUE(MatchNoProxy("192.0.2.7", "192.0.2.7"));
  EXPECT_FALSE(MatchNoProxy("192.0.2.7", "192.0.2.8"));
  EXPECT_TRUE(MatchNoProxy("::1", "[::1]"));
  EXPECT_TRUE(MatchNoProxy("fe80::/10", "fe80::1"));
  EXPECT_TRUE(MatchNoProxy("[fe80::]/10", "fe80::1"));
  EXPECT_FALSE(MatchNoProxy("fe80::/10", "2001:db8::1"));
}

TEST(NoProxy, AddressEntryNeverMatchesNameAndViceVersa) {
  EXPECT_FALSE(MatchNoProxy("127.0.0.1", "localhost"));
  EXPECT_FALSE(MatchNoProxy("localhost", "127.0.0.1"));
  EXPECT_FALSE(MatchNoProxy("0.0.1", "10.0.0.1"));  // not a suffix match on addresses
}

TEST(NoProxy, BadCidrIsIgnored) {
  EXPECT_FALSE(MatchNoProxy("10.0.0.0/33, 10.0.0.0/x", "10.0.0.1"));
}

}  // namespace
}  // namespace orchard::proxy
