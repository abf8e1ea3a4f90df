#include "proxy/pac_context.h"

#include <gtest/gtest.h>

#include "support/fake_clock.h"
#include "support/fake_pac_resolver.h"

namespace orchard::proxy {
namespace {

using std::chrono::system_clock;

// 2024-03-15 is a Friday. 13:45:30 UTC.
system_clock::time_point At(int y, unsigned m, unsigned d, int h, int min, int s) {
  auto days = std::chrono::sys_days(std::chrono::year(y) / m / d);
  return days + std::chrono::hours(h) + std::chrono::minutes(min) + std::chrono::seconds(s);
}

class PacHelpers : public ::testing::Test {
 protected:
  void SetUp() override {
    resolver_.table["gateway.icloud.com"] = {"2001:db8::5", "17.248.1.2"};
    resolver_.table["v6only.example"] = {"2001:db8::6"};
    resolver_.table["intranet.corp"] = {"10.1.2.3"};
    Load("function FindProxyForURL(url, host) { return 'DIRECT'; }");
  }
  void Load(const std::string& script) {
    PacEnvironment env;
    env.clock = &clock_;
    env.resolver = &resolver_;
    env.utc_offset_minutes = [this](system_clock::time_point) { return offset_minutes_; };
    auto c = PacContext::Create(script, "test.pac", env);
    ASSERT_TRUE(c) << c.error().ToString();
    context_ = std::move(*c);
  }
  std::string Eval(const std::string& expr) {
    auto r = context_->Evaluate(expr);
    return r ? *r : "error: " + r.error().message();
  }

  testing::FakeClock clock_{At(2024, 3, 15, 13, 45, 30)};
  int offset_minutes_ = 0;
  testing::FakePacHostResolver resolver_;
  std::unique_ptr<PacContext> context_;
};

TEST_F(PacHelpers, IsPlainHostName) {
  EXPECT_EQ(Eval("isPlainHostName('www')"), "true");
  EXPECT_EQ(Eval("isPlainHostName('www.apple.com')"), "false");
}

TEST_F(PacHelpers, DnsDomainIs) {
  EXPECT_EQ(Eval("dnsDomainIs('www.apple.com', '.apple.com')"), "true");
  EXPECT_EQ(Eval("dnsDomainIs('WWW.Apple.com', '.apple.COM')"), "true");
  EXPECT_EQ(Eval("dnsDomainIs('www', '.apple.com')"), "false");
  EXPECT_EQ(Eval("dnsDomainIs('www.icloud.com', '.apple.com')"), "false");
}

TEST_F(PacHelpers, LocalHostOrDomainIs) {
  EXPECT_EQ(Eval("localHostOrDomainIs('www.apple.com', 'www.apple.com')"), "true");
  EXPECT_EQ(Eval("localHostOrDomainIs('www', 'www.apple.com')"), "true");
  EXPECT_EQ(Eval("localHostOrDomainIs('www.icloud.com', 'www.apple.com')"), "false");
  EXPECT_EQ(Eval("localHostOrDomainIs('home', 'www.apple.com')"), "false");
}

TEST_F(PacHelpers, DnsResolvePrefersIpv4AndGoesThroughTheResolverSeam) {
  EXPECT_EQ(Eval("dnsResolve('gateway.icloud.com')"), "17.248.1.2");
  EXPECT_EQ(Eval("dnsResolve('v6only.example')"), "null");
  EXPECT_EQ(Eval("dnsResolve('nowhere.invalid')"), "null");
  EXPECT_EQ(Eval("dnsResolve('192.0.2.1')"), "192.0.2.1");
  EXPECT_EQ(Eval("dnsResolveEx('gateway.icloud.com')"), "2001:db8::5;17.248.1.2");
}

TEST_F(PacHelpers, IsResolvable) {
  EXPECT_EQ(Eval("isResolvable('intranet.corp')"), "true");
  EXPECT_EQ(Eval("isResolvable('nowhere.invalid')"), "false");
  EXPECT_EQ(Eval("isResolvableEx('v6only.example')"), "true");
}

TEST_F(PacHelpers, MyIpAddress) {
  EXPECT_EQ(Eval("myIpAddress()"), "10.20.30.40");
  resolver_.my_ip = "192.168.7.9";
  EXPECT_EQ(Eval("myIpAddress()"), "192.168.7.9");
}

TEST_F(PacHelpers, IsInNet) {
  EXPECT_EQ(Eval("isInNet('10.1.2.3', '10.0.0.0', '255.0.0.0')"), "true");
  EXPECT_EQ(Eval("isInNet('11.1.2.3', '10.0.0.0', '255.0.0.0')"), "false");
  EXPECT_EQ(Eval("isInNet('intranet.corp', '10.1.0.0', '255.255.0.0')"), "true");
  EXPECT_EQ(Eval("isInNet('nowhere.invalid', '10.0.0.0', '255.0.0.0')"), "false");
  EXPECT_EQ(Eval("isInNet('17.248.1.2', '17.0.0.0', '255.0.0.0')"), "true");
  EXPECT_EQ(Eval("isInNet('200.1.1.1', '200.0.0.0', '255.0.0.0')"), "true");  // high bit set
  EXPECT_EQ(Eval("isInNet('300.1.1.1', '10.0.0.0', '255.0.0.0')"), "false");
  EXPECT_EQ(Eval("isInNet(myIpAddress(), '10.20.0.0', '255.255.0.0')"), "true");
}

TEST_F(PacHelpers, DnsDomainLevels) {
  EXPECT_EQ(Eval("dnsDomainLevels('www')"), "0");
  EXPECT_EQ(Eval("dnsDomainLevels('www.apple.com')"), "2");
}

TEST_F(PacHelpers, ShExpMatch) {
  EXPECT_EQ(Eval("shExpMatch('http://www.apple.com/x', '*.apple.com/*')"), "true");
  EXPECT_EQ(Eval("shExpMatch('www.apple.com', '*.apple.com')"), "true");
  EXPECT_EQ(Eval("shExpMatch('wwwXapple.com', 'www.apple.com')"), "false");  // '.' is literal
  EXPECT_EQ(Eval("shExpMatch('ab', 'a?')"), "true");
  EXPECT_EQ(Eval("shExpMatch('abc', 'a?')"), "false");
  EXPECT_EQ(Eval("shExpMatch('a+b(c)', 'a+b(c)')"), "true");  // regex characters are literal
  EXPECT_EQ(Eval("shExpMatch('', '*')"), "true");
  EXPECT_EQ(Eval("shExpMatch('', '?')"), "false");
  EXPECT_EQ(Eval("shExpMatch('abc', '')"), "false");
  EXPECT_EQ(Eval("shExpMatch('mesu.apple.com', 'm*u.*.c?m')"), "true");
  EXPECT_EQ(Eval("shExpMatch('aXbXc', '*X*X*')"), "true");
  EXPECT_EQ(Eval("shExpMatch('aXbXc', '*X*X*X*')"), "false");
  EXPECT_EQ(Eval("shExpMatch('abcabd', '*abd')"), "true");  // the star gives back what it took
  // Neither wildcard matches a line break, as in the regular expression shExpMatch once was.
  EXPECT_EQ(Eval("shExpMatch('a\\nb', 'a*b')"), "false");
  EXPECT_EQ(Eval("shExpMatch('a\\nb', 'a?b')"), "false");
  EXPECT_EQ(Eval("shExpMatch('a\\nb', 'a\\nb')"), "true");
}

// A pattern of many stars against a string that almost matches: the regular expression
// shExpMatch once built backtracked exponentially, and duktape either gave up ("RangeError:
// regexp step limit", so a benign PAC failed for that URL) or ran for longer than the pac
// fuzzer's 12-second limit. The glob matcher answers at once.
TEST_F(PacHelpers, ShExpMatchIsNotExponentialInTheStars) {
  EXPECT_EQ(Eval("shExpMatch(new Array(200).join('a') + 'b', new Array(40).join('*a') + '*c')"),
            "false");
  EXPECT_EQ(Eval("shExpMatch(new Array(200).join('a') + 'c', new Array(40).join('*a') + '*c')"),
            "true");
}

TEST_F(PacHelpers, WeekdayRangeUsesTheClock) {
  // Friday 13:45 UTC.
  EXPECT_EQ(Eval("weekdayRange('FRI')"), "true");
  EXPECT_EQ(Eval("weekdayRange('MON', 'FRI')"), "true");
  EXPECT_EQ(Eval("weekdayRange('MON', 'THU')"), "false");
  EXPECT_EQ(Eval("weekdayRange('SAT', 'MON')"), "false");
  EXPECT_EQ(Eval("weekdayRange('THU', 'MON')"), "true");  // wraps around the week
  EXPECT_EQ(Eval("weekdayRange('XYZ')"), "false");
  clock_.Set(At(2024, 3, 16, 12, 0, 0));  // Saturday
  EXPECT_EQ(Eval("weekdayRange('SAT', 'MON', 'GMT')"), "true");
}

TEST_F(PacHelpers, WeekdayRangeLocalTimeFollowsTheOffset) {
  clock_.Set(At(2024, 3, 15, 23, 30, 0));  // Friday 23:30 UTC
  offset_minutes_ = 60;                    // Saturday 00:30 local
  EXPECT_EQ(Eval("weekdayRange('SAT')"), "true");
  EXPECT_EQ(Eval("weekdayRange('SAT', 'GMT')"), "false");
}

TEST_F(PacHelpers, DateRange) {
  // 2024-03-15.
  EXPECT_EQ(Eval("dateRange(15)"), "true");
  EXPECT_EQ(Eval("dateRange(16)"), "false");
  EXPECT_EQ(Eval("dateRange('MAR')"), "true");
  EXPECT_EQ(Eval("dateRange(2024)"), "true");
  EXPECT_EQ(Eval("dateRange(2023)"), "false");
  EXPECT_EQ(Eval("dateRange(1, 15)"), "true");
  EXPECT_EQ(Eval("dateRange(16, 31)"), "false");
  EXPECT_EQ(Eval("dateRange('JAN', 'MAR')"), "true");
  EXPECT_EQ(Eval("dateRange('APR', 'DEC')"), "false");
  EXPECT_EQ(Eval("dateRange('NOV', 'MAR')"), "true");  // wraps around the year
  EXPECT_EQ(Eval("dateRange(1, 'MAR', 15, 'MAR')"), "true");
  EXPECT_EQ(Eval("dateRange(16, 'MAR', 30, 'APR')"), "false");
  EXPECT_EQ(Eval("dateRange('FEB', 2024, 'APR', 2024)"), "true");
  EXPECT_EQ(Eval("dateRange(1, 'JAN', 2023, 31, 'DEC', 2023)"), "false");
  EXPECT_EQ(Eval("dateRange(1, 'JAN', 2024, 15, 'MAR', 2024, 'GMT')"), "true");
  EXPECT_EQ(Eval("dateRange(1, 2, 3)"), "false");  // odd count
}

TEST_F(PacHelpers, DateRangeLocalVersusGmt) {
  clock_.Set(At(2024, 3, 31, 23, 30, 0));
  offset_minutes_ = 120;  // already April 1 locally
  EXPECT_EQ(Eval("dateRange('APR')"), "true");
  EXPECT_EQ(Eval("dateRange('APR', 'GMT')"), "false");
}

TEST_F(PacHelpers, TimeRange) {
  // 13:45:30 UTC.
  EXPECT_EQ(Eval("timeRange(13)"), "true");
  EXPECT_EQ(Eval("timeRange(14)"), "false");
  EXPECT_EQ(Eval("timeRange(9, 17)"), "true");
  EXPECT_EQ(Eval("timeRange(9, 13)"), "true");  // the end hour is inclusive
  EXPECT_EQ(Eval("timeRange(14, 17)"), "false");
  EXPECT_EQ(Eval("timeRange(22, 14)"), "true");  // wraps around midnight
  EXPECT_EQ(Eval("timeRange(13, 46, 17, 0)"), "false");
  EXPECT_EQ(Eval("timeRange(13, 45, 13, 45)"), "true");
  EXPECT_EQ(Eval("timeRange(13, 45, 31, 17, 0, 0)"), "false");
  EXPECT_EQ(Eval("timeRange(13, 45, 30, 13, 45, 30, 'GMT')"), "true");
  EXPECT_EQ(Eval("timeRange(1, 2, 3)"), "false");
  offset_minutes_ = -300;  // 08:45 local
  EXPECT_EQ(Eval("timeRange(8)"), "true");
  EXPECT_EQ(Eval("timeRange(13, 'GMT')"), "true");
}

TEST(PacContext, FindProxyForUrlPassesUrlAndHost) {
  testing::FakePacHostResolver resolver;
  PacEnvironment env;
  env.resolver = &resolver;
  auto c = PacContext::Create(
      "function FindProxyForURL(url, host) {\n"
      "  if (dnsDomainIs(host, '.apple.com')) return 'DIRECT';\n"
      "  return 'PROXY p:3128; DIRECT ' + url;\n"
      "}\n",
      "p.pac", env);
  ASSERT_TRUE(c) << c.error().ToString();
  EXPECT_EQ(*(*c)->FindProxyForUrl("https://mesu.apple.com/", "mesu.apple.com"), "DIRECT");
  EXPECT_EQ(*(*c)->FindProxyForUrl("https://x.icloud.com/", "x.icloud.com"),
            "PROXY p:3128; DIRECT https://x.icloud.com/");
}

TEST(PacContext, SyntaxErrorNamesTheLine) {
  auto c = PacContext::Create(
      "function FindProxyForURL(url, host) {\n  var x = ;\n  return 'DIRECT';\n}\n", "broken.pac",
      PacEnvironment{});
  ASSERT_FALSE(c);
  EXPECT_NE(c.error().message().find("broken.pac"), std::string::npos) << c.error().message();
  EXPECT_NE(c.error().message().find("SyntaxError"), std::string::npos) << c.error().message();
  EXPECT_NE(c.error().message().find("broken.pac:2:"), std::string::npos) << c.error().message();
}

TEST(PacContext, RuntimeErrorNamesTheLine) {
  auto c = PacContext::Create(
      "function FindProxyForURL(url, host) {\n"
      "  var x = 1;\n"
      "  return undefinedThing.call();\n"
      "}\n",
      "rt.pac", PacEnvironment{});
  ASSERT_TRUE(c);
  auto r = (*c)->FindProxyForUrl("https://a/", "a");
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message().find("rt.pac:3:"), std::string::npos) << r.error().message();
  EXPECT_NE(r.error().message().find("ReferenceError"), std::string::npos) << r.error().message();
}

TEST(PacContext, NonStringAnswerIsAnError) {
  auto c = PacContext::Create("function FindProxyForURL(u, h) { return 42; }", "n.pac",
                              PacEnvironment{});
  ASSERT_TRUE(c);
  auto r = (*c)->FindProxyForUrl("https://a/", "a");
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message().find("not a string"), std::string::npos);
}

TEST(PacContext, MissingFunctionIsAnError) {
  auto c = PacContext::Create("var x = 1;", "none.pac", PacEnvironment{});
  ASSERT_FALSE(c);
  EXPECT_NE(c.error().message().find("no FindProxyForURL"), std::string::npos);
}

TEST(PacContext, MemoryBombFailsInsteadOfGrowing) {
  auto c =
      PacContext::Create("function FindProxyForURL(u, h) { var s = 'x'; while (true) s = s + s; }",
                         "bomb.pac", PacEnvironment{}, 8 * 1024 * 1024);
  ASSERT_TRUE(c);
  auto r = (*c)->FindProxyForUrl("https://a/", "a");
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message().find("bomb.pac"), std::string::npos) << r.error().message();
}

}  // namespace
}  // namespace orchard::proxy
