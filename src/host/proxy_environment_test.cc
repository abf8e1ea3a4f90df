#include "host/proxy_environment.h"

#include <gtest/gtest.h>

namespace orchard::host {
namespace {

TEST(RedactCredentials, UserAndPasswordNeverSurvive) {
  EXPECT_EQ(RedactCredentials("http://alice:s3cret@proxy.corp:3128"), "http://***@proxy.corp:3128");
  EXPECT_EQ(RedactCredentials("http://alice@proxy.corp:3128/"), "http://***@proxy.corp:3128/");
  EXPECT_EQ(RedactCredentials("alice:s3cret@proxy.corp:3128"), "***@proxy.corp:3128");
  // A password holding "@" is cut at the last one, where the host starts.
  EXPECT_EQ(RedactCredentials("http://a:p@ss@proxy:8080"), "http://***@proxy:8080");
  EXPECT_EQ(RedactCredentials("http://proxy.corp:3128"), "http://proxy.corp:3128");
  EXPECT_EQ(RedactCredentials("http://proxy/pac?owner=a@b"), "http://proxy/pac?owner=a@b");
  EXPECT_EQ(RedactCredentials(".corp,localhost,10.0.0.0/8"), ".corp,localhost,10.0.0.0/8");
  EXPECT_EQ(RedactCredentials(""), "");
}

TEST(RedactCredentials, EveryUrlInAToolsOutput) {
  EXPECT_EQ(RedactUrlCredentials("  ProxyAutoConfigURLString : https://u:p@pac.corp/p.pac\n"
                                 "  Other : http://x@y/ and http://plain/\n"),
            "  ProxyAutoConfigURLString : https://***@pac.corp/p.pac\n"
            "  Other : http://***@y/ and http://plain/\n");
  EXPECT_EQ(RedactUrlCredentials("no urls here"), "no urls here");
}

TEST(ProxyEnvironment, SetVariablesInOrderRedacted) {
  auto vars = ProxyVariablesFrom({{"NO_PROXY", "localhost"},
                                  {"https_proxy", "http://u:p@proxy:3128"},
                                  {"http_proxy", ""},  // empty: unset, as curl reads it
                                  {"HOME", "/root"},
                                  {"all_proxy", "http://a\nb:1"}});
  ASSERT_EQ(vars.size(), 3u);
  EXPECT_EQ(vars[0].name, "https_proxy");
  EXPECT_EQ(vars[0].value, "http://***@proxy:3128");
  EXPECT_EQ(vars[1].name, "all_proxy");
  EXPECT_EQ(vars[1].value, "http://a b:1");
  EXPECT_EQ(vars[2].name, "NO_PROXY");
}

TEST(ProxyEnvironment, FileRoundTrip) {
  std::vector<ProxyVariable> vars{{"https_proxy", "http://***@proxy:3128"},
                                  {"no_proxy", ".corp=x"}};
  const std::string text = FormatProxyEnvironment(vars);
  EXPECT_EQ(text, "https_proxy=http://***@proxy:3128\nno_proxy=.corp=x\n");
  auto back = ParseProxyEnvironment(text);
  ASSERT_TRUE(back) << back.error().message();
  ASSERT_EQ(back->size(), 2u);
  EXPECT_EQ((*back)[1].value, ".corp=x");
  EXPECT_TRUE(ParseProxyEnvironment("")->empty());
  auto bad = ParseProxyEnvironment("https_proxy=x\n\nPATH=/bin\n");
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().message(),
            "proxy-environment:3: expected NAME=value with a proxy variable's name");
}

}  // namespace
}  // namespace orchard::host
