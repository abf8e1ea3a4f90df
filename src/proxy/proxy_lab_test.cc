// Lab tests (label "lab"): run inside `lab/lab run proxy|proxy-only -- proxy_lab_test`, against
// the lab's real squid (explicit proxy on 3128, Basic authentication on 3129), its DNS and its
// PAC served by nginx. Outside the lab (no LAB_PROXY) every test skips.
#include <gtest/gtest.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <cstdlib>

#include "proxy/connector.h"
#include "proxy/route.h"

namespace orchard::proxy {
namespace {

namespace asio = boost::asio;
using namespace std::chrono_literals;
using probe::Reason;

std::string Env(const char* name) {
  const char* v = std::getenv(name);
  return v ? v : "";
}

class Lab : public ::testing::Test {
 protected:
  void SetUp() override {
    if (Env("LAB_PROXY").empty()) GTEST_SKIP() << "not inside the lab (run through lab/lab run)";
  }
  // Connects to host:port along `routes`, resolving the target with the lab's DNS.
  probe::Connection Connect(const std::string& host, uint16_t port, std::vector<Route> routes,
                            bool direct_only = false) {
    RoutingConnector::Entry entry;
    entry.plan.routes = std::move(routes);
    entry.direct_only = direct_only;
    connector_.Add(host, port, std::move(entry));
    connector_.ResolveProxies();
    probe::ConnectRequest request{host, port, {}, {}, direct_only};
    SystemPacHostResolver resolver;
    for (const auto& a : resolver.Resolve(host)) {
      request.endpoints.emplace_back(asio::ip::make_address(a), port);
    }
    probe::Connection out;
    asio::co_spawn(io_, connector_.Connect(request, std::chrono::steady_clock::now() + 4s),
                   [&](std::exception_ptr e, probe::Connection c) {
                     if (!e) out = std::move(c);
                   });
    io_.run();
    io_.restart();
    return out;
  }
  static Route Proxy(const std::string& url) {
    auto server = ParseProxyUrl(url);
    EXPECT_TRUE(server) << url;
    return Route{RouteKind::kProxy, server.value_or(ProxyServer{})};
  }
  bool ProxyOnly() const { return Env("LAB_SCENARIO") == "proxy-only"; }

  asio::io_context io_;
  probe::DirectConnector direct_;
  RoutingConnector connector_{direct_};
};

TEST_F(Lab, ExplicitProxyWithoutAuthentication) {
  auto c = Connect("ocsp2.apple.com", 443, {Proxy(Env("LAB_PROXY"))});
  ASSERT_TRUE(c.socket) << c.detail;
  EXPECT_EQ(c.route.kind, "proxy");
  EXPECT_EQ(c.route.proxy, "127.20.0.1:3128");
  EXPECT_TRUE(c.route.tunnel);
}

TEST_F(Lab, ExplicitProxyWithBasicAuthentication) {
  auto with = Connect("valid.apple.com", 443, {Proxy(Env("LAB_PROXY_AUTH"))});
  ASSERT_TRUE(with.socket) << with.detail;
  EXPECT_EQ(with.route.proxy, "127.20.0.1:3129");
}

TEST_F(Lab, ExplicitProxyWithoutCredentialsIsProxyAuthRequired) {
  auto c = Connect("valid.apple.com", 443, {Proxy(Env("LAB_PROXY_AUTH_BARE"))});
  EXPECT_FALSE(c.socket);
  EXPECT_EQ(c.failure, Reason::kProxyAuthRequired) << c.detail;
}

TEST_F(Lab, WrongPasswordIsProxyAuthRequired) {
  auto c = Connect("valid.apple.com", 443, {Proxy("http://lab:wrong@127.20.0.1:3129")});
  EXPECT_FALSE(c.socket);
  EXPECT_EQ(c.failure, Reason::kProxyAuthRequired) << c.detail;
}

// The lab's PAC sends Apple hosts DIRECT and everything else to the proxy.
void ExpectApplePac(const std::string& pac) {
  SystemPacHostResolver host_resolver;
  HttpPacFetcher fetcher;
  RouteDeps deps;
  deps.pac.resolver = &host_resolver;
  deps.fetcher = &fetcher;
  RouteOptions options;
  options.pac = pac;
  auto resolver = RouteResolver::Create(options, deps);
  ASSERT_TRUE(resolver) << resolver.error().ToString();
  auto plans = resolver->Plan({TargetFor("gs.apple.com", 443, false),
                               TargetFor("gateway.icloud.com", 443, false),
                               TargetFor("upload.appleschoolcontent.com", 22, false)});
  ASSERT_TRUE(plans) << plans.error().ToString();
  ASSERT_EQ(plans->size(), 3u);
  EXPECT_EQ((*plans)[0].routes, std::vector<Route>{Route{}});
  EXPECT_EQ((*plans)[1].routes, std::vector<Route>{Route{}});
  ASSERT_EQ((*plans)[2].routes.size(), 2u);
  EXPECT_EQ((*plans)[2].routes[0].ToString(), "PROXY proxy.corp.example:3128");
  EXPECT_EQ((*plans)[2].routes[1].ToString(), "DIRECT");
}

TEST_F(Lab, PacServedOverHttp) { ExpectApplePac(Env("LAB_PAC_URL")); }

TEST_F(Lab, PacReadFromAFile) { ExpectApplePac(Env("LAB_PAC_FILE")); }

TEST_F(Lab, PacRoutesAreFollowed) {
  // upload.appleschoolcontent.com:22 goes through proxy.corp.example (resolved by the lab DNS).
  auto c =
      Connect("upload.appleschoolcontent.com", 22,
              {Route{RouteKind::kProxy, ProxyServer{"proxy.corp.example", 3128, {}}}, Route{}});
  ASSERT_TRUE(c.socket) << c.detail;
  EXPECT_EQ(c.route.kind, "proxy");
  EXPECT_EQ(c.route.proxy, "proxy.corp.example:3128");
}

TEST_F(Lab, HostWithoutProxySupport) {
  auto c = Connect("ocsp2.apple.com", 443, {Proxy(Env("LAB_PROXY"))}, /*direct_only=*/true);
  ASSERT_TRUE(c.socket) << c.detail;
  std::vector<probe::CheckResult> results(1);
  results[0].target = "ocsp2.apple.com";
  results[0].host = "ocsp2.apple.com";
  results[0].port = 443;
  results[0].status = probe::Status::kPass;
  results[0].route = c.route;
  ApplyProxyPolicy(results, connector_);
  if (ProxyOnly()) {
    // Direct egress is dropped: it works only through the proxy.
    EXPECT_EQ(c.route.kind, "proxy");
    EXPECT_EQ(results[0].status, probe::Status::kWarn);
    EXPECT_EQ(results[0].reason, Reason::kProxyRequired) << results[0].detail;
  } else {
    EXPECT_EQ(c.route.kind, "direct");
    EXPECT_EQ(results[0].status, probe::Status::kPass);
  }
}

TEST_F(Lab, DirectIsDroppedInProxyOnly) {
  if (!ProxyOnly()) GTEST_SKIP() << "proxy-only scenario";
  auto c = Connect("valid.apple.com", 443, {Route{}});
  EXPECT_FALSE(c.socket);
  EXPECT_EQ(c.failure, Reason::kTcpTimeout) << c.detail;
}

}  // namespace
}  // namespace orchard::proxy
