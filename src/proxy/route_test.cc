#include "proxy/route.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "support/fake_pac_resolver.h"
#include "support/temp_dir.h"

namespace orchard::proxy {
namespace {

class FakeFetcher final : public PacFetcher {
 public:
  std::map<std::string, std::string> files;
  Result<std::string> Fetch(std::string_view url, std::chrono::milliseconds) override {
    auto it = files.find(std::string(url));
    if (it == files.end()) return MakeError(ErrorCode::kIo, std::string(url) + ": HTTP 404");
    return it->second;
  }
};

// System settings as host::ParseScutilProxy hands them over (its recorded outputs are tested in
// src/host); `error` stands for a tool that failed or printed something unparseable.
class FakeSystem final : public SystemProxySource {
 public:
  std::optional<host::SystemProxySettings> settings;
  std::optional<Error> error;
  std::optional<std::string> dhcp_wpad;
  Result<std::optional<host::SystemProxySettings>> Settings() override {
    if (error) return tl::unexpected(*error);
    return settings;
  }
  std::optional<std::string> DhcpWpadOption() override { return dhcp_wpad; }
};

constexpr const char* kApplePac =
    "function FindProxyForURL(url, host) {\n"
    "  if (dnsDomainIs(host, '.apple.com') || host == 'apple.com') return 'DIRECT';\n"
    "  if (shExpMatch(url, 'http:*')) return 'PROXY web:8080';\n"
    "  return 'PROXY p1:3128; SOCKS5 s:1080; PROXY p2:3128; DIRECT';\n"
    "}\n";

class Routes : public ::testing::Test {
 protected:
  RouteDeps Deps() {
    RouteDeps deps;
    deps.env = env_;
    deps.pac.resolver = &resolver_;
    deps.fetcher = &fetcher_;
    deps.system = &system_;
    return deps;
  }
  // Every target's plan as "source: route, route".
  std::vector<std::string> Show(RouteOptions options, const std::vector<Target>& targets) {
    auto resolver = RouteResolver::Create(options, Deps());
    if (!resolver) return {"error: " + resolver.error().message()};
    auto plans = resolver->Plan(targets);
    if (!plans) return {"error: " + plans.error().message()};
    std::vector<std::string> out;
    for (const auto& p : *plans) {
      std::string line = p.source + ":";
      for (const auto& r : p.routes) line += " " + r.ToString();
      out.push_back(line);
    }
    return out;
  }

  Environment env_;
  testing::FakePacHostResolver resolver_;
  FakeFetcher fetcher_;
  FakeSystem system_;
};

const Target kMesu = TargetFor("mesu.apple.com", 443, false);
const Target kIcloud = TargetFor("gateway.icloud.com", 443, false);
const Target kOcsp = TargetFor("ocsp.apple.com", 80, false);
const Target kPush = TargetFor("1-courier.push.apple.com", 5223, false);
const Target kNtp = TargetFor("time.apple.com", 123, true);

TEST(Target, PacUrl) {
  EXPECT_EQ(kMesu.PacUrl(), "https://mesu.apple.com/");
  EXPECT_EQ(kOcsp.PacUrl(), "http://ocsp.apple.com/");
  EXPECT_EQ(kPush.PacUrl(), "https://1-courier.push.apple.com:5223/");
  EXPECT_EQ(TargetFor("::1", 8443, false).PacUrl(), "https://[::1]:8443/");
}

TEST_F(Routes, DefaultIsDirect) {
  EXPECT_EQ(Show({}, {kMesu}), (std::vector<std::string>{"default: DIRECT"}));
}

TEST_F(Routes, ExplicitProxyWithCredentialsAndNoProxy) {
  env_["no_proxy"] = ".apple.com";
  RouteOptions o;
  o.proxy = "http://u:p@127.0.0.1:3128";
  auto resolver = RouteResolver::Create(o, Deps());
  ASSERT_TRUE(resolver) << resolver.error().ToString();
  auto plans = resolver->Plan({kIcloud, kMesu, kNtp});
  ASSERT_TRUE(plans);
  ASSERT_EQ((*plans)[0].routes.size(), 1u);
  EXPECT_EQ((*plans)[0].routes[0].ToString(), "PROXY 127.0.0.1:3128");
  ASSERT_TRUE((*plans)[0].routes[0].proxy.credentials);
  EXPECT_EQ((*plans)[0].routes[0].proxy.credentials->user, "u");
  EXPECT_EQ((*plans)[1].routes[0].ToString(), "DIRECT");
  ASSERT_EQ((*plans)[1].notes.size(), 1u);
  EXPECT_NE((*plans)[1].notes[0].find(".apple.com"), std::string::npos);
  EXPECT_EQ((*plans)[2].routes[0].ToString(), "DIRECT");  // UDP never goes through a proxy
  EXPECT_EQ(resolver->Describe(), "--proxy 127.0.0.1:3128");
}

TEST_F(Routes, BadExplicitProxyIsAUsageError) {
  RouteOptions o;
  o.proxy = "socks5://s:1080";
  auto r = RouteResolver::Create(o, Deps());
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code(), ErrorCode::kUsage);
}

TEST_F(Routes, NoProxyBeatsEverything) {
  env_["https_proxy"] = "http://e:1";
  RouteOptions o;
  o.no_proxy = true;
  o.proxy = "http://p:1";
  o.pac = "http://wpad/proxy.pac";
  EXPECT_EQ(Show(o, {kIcloud}), (std::vector<std::string>{"--no-proxy: DIRECT"}));
}

TEST_F(Routes, ExplicitProxyBeatsPacAndEnvironment) {
  env_["https_proxy"] = "http://e:1";
  fetcher_.files["http://wpad/proxy.pac"] = kApplePac;
  RouteOptions o;
  o.proxy = "http://p:2";
  o.pac = "http://wpad/proxy.pac";
  EXPECT_EQ(Show(o, {kIcloud}), (std::vector<std::string>{"--proxy: PROXY p:2"}));
}

TEST_F(Routes, PacOverHttpOrderedChoicesAndUnsupportedOnesSkipped) {
  fetcher_.files["http://wpad/proxy.pac"] = kApplePac;
  env_["https_proxy"] = "http://e:1";  // --pac wins over the environment
  RouteOptions o;
  o.pac = "http://wpad/proxy.pac";
  o.proxy_user = "alice:secret";
  auto resolver = RouteResolver::Create(o, Deps());
  ASSERT_TRUE(resolver) << resolver.error().ToString();
  auto plans = resolver->Plan({kMesu, kIcloud, kOcsp, kNtp});
  ASSERT_TRUE(plans) << plans.error().ToString();
  EXPECT_EQ((*plans)[0].routes, std::vector<Route>{Route{}});
  const RoutePlan& icloud = (*plans)[1];
  ASSERT_EQ(icloud.routes.size(), 3u);
  EXPECT_EQ(icloud.routes[0].ToString(), "PROXY p1:3128");
  EXPECT_EQ(icloud.routes[1].ToString(), "PROXY p2:3128");
  EXPECT_EQ(icloud.routes[2].ToString(), "DIRECT");
  ASSERT_TRUE(icloud.routes[0].proxy.credentials);
  EXPECT_EQ(icloud.routes[0].proxy.credentials->password, "secret");
  ASSERT_EQ(icloud.notes.size(), 1u);
  EXPECT_NE(icloud.notes[0].find("SOCKS5 s:1080 skipped"), std::string::npos);
  EXPECT_EQ((*plans)[1].source, "--pac http://wpad/proxy.pac");
  // ocsp.apple.com is an Apple host: DIRECT even over plain HTTP.
  EXPECT_EQ((*plans)[2].routes[0].ToString(), "DIRECT");
  EXPECT_EQ((*plans)[3].source, "udp");
}

TEST_F(Routes, PacFromFile) {
  const testing::TempDir dir;
  const std::string path = dir.Write("route_test.pac", kApplePac);
  RouteOptions o;
  o.pac = path;
  EXPECT_EQ(Show(o, {TargetFor("example.net", 80, false)}),
            (std::vector<std::string>{"--pac " + path + ": PROXY web:8080"}));
  o.pac = "file://" + path;
  EXPECT_EQ(Show(o, {kMesu})[0], "--pac " + o.pac + ": DIRECT");
}

TEST_F(Routes, PacFetchFailureIsAnError) {
  RouteOptions o;
  o.pac = "http://wpad/missing.pac";
  auto out = Show(o, {kMesu});
  EXPECT_NE(out[0].find("error: --pac: http://wpad/missing.pac: HTTP 404"), std::string::npos)
      << out[0];
}

TEST_F(Routes, PacSyntaxErrorIsAUsageErrorWithLine) {
  fetcher_.files["http://w/p.pac"] = "function FindProxyForURL(u, h) {\n  return 'DIRECT'\n";
  RouteOptions o;
  o.pac = "http://w/p.pac";
  auto r = RouteResolver::Create(o, Deps());
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code(), ErrorCode::kUsage);
  EXPECT_NE(r.error().message().find("http://w/p.pac"), std::string::npos) << r.error().message();
}

TEST_F(Routes, PacRuntimeErrorGoesDirectWithANote) {
  fetcher_.files["http://w/p.pac"] =
      "function FindProxyForURL(u, h) {\n  if (h == 'bad') return nothing();\n  return 'PROXY "
      "p:1';\n}\n";
  RouteOptions o;
  o.pac = "http://w/p.pac";
  auto resolver = RouteResolver::Create(o, Deps());
  ASSERT_TRUE(resolver);
  auto plans = resolver->Plan({TargetFor("bad", 443, false), kIcloud});
  ASSERT_TRUE(plans);
  EXPECT_EQ((*plans)[0].routes[0].ToString(), "DIRECT");
  ASSERT_EQ((*plans)[0].notes.size(), 1u);
  EXPECT_NE((*plans)[0].notes[0].find("http://w/p.pac:2"), std::string::npos)
      << (*plans)[0].notes[0];
  EXPECT_EQ((*plans)[1].routes[0].ToString(), "PROXY p:1");
}

TEST_F(Routes, EnvironmentPerScheme) {
  env_["http_proxy"] = "http://h:1";
  env_["https_proxy"] = "http://s:2";
  env_["no_proxy"] = "mesu.apple.com";
  EXPECT_EQ(Show({}, {kOcsp, kIcloud, kPush, kMesu}),
            (std::vector<std::string>{"http_proxy: PROXY h:1", "https_proxy: PROXY s:2",
                                      "https_proxy: PROXY s:2", "https_proxy: DIRECT"}));
  RouteOptions ignore;
  ignore.use_environment = false;
  EXPECT_EQ(Show(ignore, {kIcloud}), (std::vector<std::string>{"default: DIRECT"}));
}

// HTTPS_PROXY alone leaves plain HTTP direct, as curl does, and that is no NO_PROXY entry's
// doing: only a matching entry is named in the notes (the lab run once printed
// `NO_PROXY entry "" sends ocsp.apple.com direct`).
TEST_F(Routes, EnvironmentWithoutAProxyForTheSchemeNotesNoNoProxyEntry) {
  env_["HTTPS_PROXY"] = "http://s:2";
  env_["NO_PROXY"] = "mesu.apple.com";
  RouteOptions o;
  auto resolver = RouteResolver::Create(o, Deps());
  ASSERT_TRUE(resolver) << resolver.error().ToString();
  auto plans = resolver->Plan({kOcsp, kMesu, kIcloud});
  ASSERT_TRUE(plans) << plans.error().ToString();
  EXPECT_EQ((*plans)[0].routes[0].ToString(), "DIRECT");
  EXPECT_TRUE((*plans)[0].notes.empty()) << (*plans)[0].notes[0];
  EXPECT_EQ((*plans)[1].routes[0].ToString(), "DIRECT");
  EXPECT_EQ(
      (*plans)[1].notes,
      (std::vector<std::string>{"NO_PROXY entry \"mesu.apple.com\" sends mesu.apple.com direct"}));
  EXPECT_EQ((*plans)[2].routes[0].ToString(), "PROXY s:2");
  EXPECT_TRUE((*plans)[2].notes.empty());
}

TEST_F(Routes, UppercaseHttpProxyAloneDoesNotRoute) {
  env_["HTTP_PROXY"] = "http://evil:1";
  EXPECT_EQ(Show({}, {kOcsp}), (std::vector<std::string>{"default: DIRECT"}));
}

// HTTP and HTTPS proxies with an exceptions list.
host::SystemProxySettings Manual() {
  host::SystemProxySettings s;
  s.http = host::SystemProxyServer{"web.corp", 8080};
  s.https = host::SystemProxyServer{"tls.corp", 8443};
  s.exceptions = {"*.local", "apple.com"};
  return s;
}

TEST_F(Routes, SystemManualProxiesWithExceptions) {
  system_.settings = Manual();
  EXPECT_EQ(Show({}, {kOcsp, kIcloud, kMesu, TargetFor("example.net", 80, false)}),
            (std::vector<std::string>{"system: DIRECT", "system: PROXY tls.corp:8443",
                                      "system: DIRECT", "system: PROXY web.corp:8080"}));
}

TEST_F(Routes, SystemPacBeatsSystemManual) {
  system_.settings.emplace();
  system_.settings->https = host::SystemProxyServer{"tls.corp", 8443};
  system_.settings->pac_url = "http://wpad.corp/proxy.pac";
  fetcher_.files["http://wpad.corp/proxy.pac"] = kApplePac;
  auto out = Show({}, {kIcloud});
  EXPECT_EQ(out[0], "system PAC http://wpad.corp/proxy.pac: PROXY p1:3128 PROXY p2:3128 DIRECT");
  // An unreachable system PAC falls back to the manual settings with a note.
  fetcher_.files.clear();
  out = Show({}, {kIcloud});
  EXPECT_EQ(out[0], "system: PROXY tls.corp:8443");
}

// Auto Proxy Discovery on: the PAC URL DHCP option 252 hands out, else http://wpad/wpad.dat.
TEST_F(Routes, WpadIsFollowedAsMacOsFollowsIt) {
  system_.settings.emplace();
  system_.settings->auto_discovery = true;
  fetcher_.files["http://wpad/wpad.dat"] = kApplePac;
  EXPECT_EQ(Show({}, {kIcloud})[0],
            "system PAC (WPAD) http://wpad/wpad.dat: PROXY p1:3128 PROXY p2:3128 DIRECT");
  // A Microsoft DHCP server ends the URL with a NUL.
  system_.dhcp_wpad = std::string("http://pac.corp/wpad.dat\0\n", 26);
  fetcher_.files["http://pac.corp/wpad.dat"] =
      "function FindProxyForURL(url, host) { return 'PROXY dhcp:8080'; }";
  EXPECT_EQ(Show({}, {kIcloud})[0], "system PAC (WPAD) http://pac.corp/wpad.dat: PROXY dhcp:8080");
  auto resolver = RouteResolver::Create({}, Deps());
  ASSERT_TRUE(resolver);
  EXPECT_EQ(resolver->Describe(), "system PAC (WPAD) http://pac.corp/wpad.dat");
  // Nothing answers for WPAD: direct, with a note saying what was tried.
  fetcher_.files.clear();
  auto plans = RouteResolver::Create({}, Deps())->Plan({kIcloud});
  ASSERT_TRUE(plans);
  EXPECT_EQ((*plans)[0].routes.size(), 1u);
  EXPECT_EQ((*plans)[0].routes[0].kind, RouteKind::kDirect);
  ASSERT_EQ((*plans)[0].notes.size(), 1u);
  EXPECT_NE((*plans)[0].notes[0].find("http://pac.corp/wpad.dat"), std::string::npos);
}

TEST(Wpad, UrlFromDhcpOption252) {
  EXPECT_EQ(WpadUrl(std::nullopt), "http://wpad/wpad.dat");
  EXPECT_EQ(WpadUrl(std::string("  https://pac.corp/x.pac \n")), "https://pac.corp/x.pac");
  EXPECT_EQ(WpadUrl(std::string("not a url\n")), "http://wpad/wpad.dat");
  EXPECT_EQ(WpadUrl(std::string("")), "http://wpad/wpad.dat");
}

TEST_F(Routes, EnvironmentBeatsSystem) {
  system_.settings = Manual();
  env_["https_proxy"] = "http://e:1";
  EXPECT_EQ(Show({}, {kIcloud}), (std::vector<std::string>{"https_proxy: PROXY e:1"}));
  RouteOptions o;
  o.use_system = false;
  env_.clear();
  EXPECT_EQ(Show(o, {kIcloud}), (std::vector<std::string>{"default: DIRECT"}));
}

TEST_F(Routes, UnreadableSystemSettingsAreAnError) {
  system_.error = Error(ErrorCode::kParse, "scutil --proxy:1: expected \"<dictionary> {\"");
  auto out = Show({}, {kIcloud});
  EXPECT_NE(out[0].find("error: scutil --proxy:1"), std::string::npos) << out[0];
}

}  // namespace
}  // namespace orchard::proxy
