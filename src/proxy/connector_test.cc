#include "proxy/connector.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/write.hpp>
#include <map>
#include <thread>

#include "probe/http_classify.h"
#include "support/check_results.h"

namespace orchard::proxy {
namespace {

namespace asio = boost::asio;
using namespace std::chrono_literals;
using probe::Reason;

int Listen(uint16_t& port) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr));
  socklen_t len = sizeof(addr);
  getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  port = ntohs(addr.sin_port);
  listen(fd, 4);
  return fd;
}

// A loopback port that refuses connections (bound, never listened on).
uint16_t ClosedPort() {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr));
  socklen_t len = sizeof(addr);
  getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  close(fd);
  return ntohs(addr.sin_port);
}

// A proxy for one connection: reads the request head, records it, writes `reply`, closes.
class FakeProxy {
 public:
  explicit FakeProxy(std::string reply) : reply_(std::move(reply)) {
    fd_ = Listen(port_);
    thread_ = std::thread([this] {
      int c = accept(fd_, nullptr, nullptr);
      if (c < 0) return;
      char buf[4096];
      while (request_.find("\r\n\r\n") == std::string::npos) {
        ssize_t n = read(c, buf, sizeof(buf));
        if (n <= 0) break;
        request_.append(buf, static_cast<size_t>(n));
      }
      (void)!write(c, reply_.data(), reply_.size());
      close(c);
    });
  }
  ~FakeProxy() {
    shutdown(fd_, SHUT_RDWR);
    thread_.join();
    close(fd_);
  }
  uint16_t port() const { return port_; }
  const std::string& request() const { return request_; }

 private:
  std::string reply_;
  int fd_ = -1;
  uint16_t port_ = 0;
  std::thread thread_;
  std::string request_;
};

Route ProxyAt(uint16_t port, std::optional<Credentials> credentials = std::nullopt) {
  return Route{RouteKind::kProxy, ProxyServer{"127.0.0.1", port, std::move(credentials)}};
}

class Connecting : public ::testing::Test {
 protected:
  probe::Connection Connect(const std::string& host, uint16_t port,
                            std::vector<asio::ip::tcp::endpoint> endpoints = {}) {
    probe::ConnectRequest request{host, port, std::move(endpoints), {}};
    request.direct_only = direct_only_[{host, port}];
    return Connect(std::move(request));
  }
  probe::Connection Connect(probe::ConnectRequest request) {
    probe::Connection out;
    asio::co_spawn(io_, connector_.Connect(request, std::chrono::steady_clock::now() + 2s),
                   [&](std::exception_ptr e, probe::Connection c) {
                     if (!e) out = std::move(c);
                   });
    io_.run();
    io_.restart();
    return out;
  }
  void Add(const std::string& host, uint16_t port, std::vector<Route> routes,
           bool direct_only = false) {
    RoutingConnector::Entry entry;
    entry.plan.routes = std::move(routes);
    entry.direct_only = direct_only;
    direct_only_[{host, port}] = direct_only;
    connector_.Add(host, port, std::move(entry));
  }
  static asio::ip::tcp::endpoint Loopback(uint16_t port) {
    return {asio::ip::make_address("127.0.0.1"), port};
  }

  asio::io_context io_;
  probe::DirectConnector direct_;
  RoutingConnector connector_{direct_};
  std::map<std::pair<std::string, uint16_t>, bool> direct_only_;
};

TEST_F(Connecting, TunnelKeepsWhatTheTargetSendsFirst) {
  FakeProxy proxy("HTTP/1.1 200 Connection established\r\n\r\nSSH-2.0-lab\r\n");
  Add("ssh.example", 22, {ProxyAt(proxy.port(), Credentials{"lab", "pw"})});
  auto c = Connect("ssh.example", 22);
  ASSERT_TRUE(c.socket) << c.detail;
  EXPECT_EQ(c.route.kind, "proxy");
  EXPECT_EQ(c.route.proxy, "127.0.0.1:" + std::to_string(proxy.port()));
  EXPECT_TRUE(c.route.tunnel);
  std::string banner(13, '\0');
  boost::system::error_code ec;
  asio::read(*c.socket, asio::buffer(banner), ec);
  EXPECT_FALSE(ec) << ec.message() << " open=" << c.socket->is_open();
  EXPECT_EQ(banner, "SSH-2.0-lab\r\n");
  EXPECT_TRUE(proxy.request().starts_with("CONNECT ssh.example:22 HTTP/1.1\r\n"))
      << proxy.request();
  EXPECT_NE(proxy.request().find("Proxy-Authorization: Basic bGFiOnB3"), std::string::npos);
}

TEST_F(Connecting, ProxyAsksForCredentials) {
  FakeProxy proxy(
      "HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm=\"lab\"\r\n"
      "Content-Length: 0\r\n\r\n");
  Add("gateway.icloud.com", 443, {ProxyAt(proxy.port()), Route{}});
  auto c = Connect("gateway.icloud.com", 443, {Loopback(ClosedPort())});
  EXPECT_FALSE(c.socket);
  EXPECT_EQ(c.failure, Reason::kProxyAuthRequired) << c.detail;  // no fall-over to DIRECT
  EXPECT_EQ(c.route.kind, "proxy");
}

TEST_F(Connecting, ProxyRefusalWithSquidPage) {
  std::string body =
      "<html><title>ERROR: The requested URL could not be retrieved</title>"
      "generated by squid</html>";
  FakeProxy proxy(
      "HTTP/1.1 403 Forbidden\r\nServer: squid/5.7\r\nX-Squid-Error: "
      "ERR_ACCESS_DENIED 0\r\nContent-Type: text/html\r\nContent-Length: " +
      std::to_string(body.size()) + "\r\n\r\n" + body);
  Add("mesu.apple.com", 443, {ProxyAt(proxy.port())});
  auto c = Connect("mesu.apple.com", 443);
  EXPECT_FALSE(c.socket);
  EXPECT_EQ(c.failure, Reason::kProxyDenied);
  EXPECT_NE(c.detail.find("Squid error page (ERR_ACCESS_DENIED 0)"), std::string::npos) << c.detail;
}

TEST_F(Connecting, DeadProxyFallsOverToTheNextChoice) {
  uint16_t target_port = 0;
  int target = Listen(target_port);
  Add("x.example", target_port, {ProxyAt(ClosedPort()), Route{}});
  auto c = Connect("x.example", target_port, {Loopback(target_port)});
  ASSERT_TRUE(c.socket) << c.detail;
  EXPECT_EQ(c.route.kind, "direct");
  close(target);
}

// "PROXY p; DIRECT" with the lookup left to the proxy: when the proxy is down, DIRECT looks the
// name up through the request's resolver and goes there, as a Mac does.
TEST_F(Connecting, DeadProxyFallsOverToDirectAfterLookingTheNameUp) {
  uint16_t target_port = 0;
  int target = Listen(target_port);
  Add("x.example", target_port, {ProxyAt(ClosedPort()), Route{}});
  EXPECT_TRUE(connector_.ResolvesRemotely("x.example", target_port, false));
  int lookups = 0;
  probe::ConnectRequest request{"x.example", target_port, {}, {}};
  request.resolve = [&](probe::Deadline) -> asio::awaitable<probe::LateLookup> {
    ++lookups;
    co_return probe::LateLookup{{Loopback(target_port)}, Reason::kOk, ""};
  };
  auto c = Connect(std::move(request));
  ASSERT_TRUE(c.socket) << c.detail;
  EXPECT_EQ(c.route.kind, "direct");
  EXPECT_EQ(lookups, 1);
  close(target);
}

TEST_F(Connecting, DeadProxyAndANameThatDoesNotResolveIsTheDnsVerdict) {
  Add("x.example", 443, {ProxyAt(ClosedPort()), Route{}});
  probe::ConnectRequest request{"x.example", 443, {}, {}};
  request.resolve = [](probe::Deadline) -> asio::awaitable<probe::LateLookup> {
    co_return probe::LateLookup{{}, Reason::kDnsNxdomain, "x.example does not exist (NXDOMAIN)"};
  };
  auto c = Connect(std::move(request));
  EXPECT_FALSE(c.socket);
  EXPECT_EQ(c.failure, Reason::kDnsNxdomain) << c.detail;
  EXPECT_NE(c.detail.find("DIRECT: x.example does not exist"), std::string::npos) << c.detail;
}

TEST_F(Connecting, EveryRouteFailingTellsEachStory) {
  Add("x.example", 443, {ProxyAt(ClosedPort()), Route{}});
  auto c = Connect("x.example", 443, {Loopback(ClosedPort())});
  EXPECT_FALSE(c.socket);
  EXPECT_EQ(c.failure, Reason::kTcpRefused);
  EXPECT_NE(c.detail.find("PROXY 127.0.0.1:"), std::string::npos) << c.detail;
  EXPECT_NE(c.detail.find("DIRECT: "), std::string::npos) << c.detail;
}

TEST_F(Connecting, DirectOnlyHostThatWorksOnlyThroughTheProxyIsProxyRequired) {
  FakeProxy proxy("HTTP/1.1 200 Connection established\r\n\r\n");
  Add("1-courier.push.apple.com", 5223, {ProxyAt(proxy.port())}, /*direct_only=*/true);
  auto c = Connect("1-courier.push.apple.com", 5223, {Loopback(ClosedPort())});
  ASSERT_TRUE(c.socket) << c.detail;
  EXPECT_EQ(c.route.kind, "proxy");
  auto failure = connector_.DirectFailureFor("1-courier.push.apple.com", 5223);
  ASSERT_TRUE(failure);
  EXPECT_EQ(failure->reason, Reason::kTcpRefused);

  std::vector<probe::CheckResult> results(1);
  results[0].target = "1-courier.push.apple.com";
  results[0].host = "*.push.apple.com";
  results[0].port = 5223;
  results[0].status = probe::Status::kPass;
  results[0].route = c.route;
  ApplyProxyPolicy(results, connector_);
  EXPECT_EQ(results[0].status, probe::Status::kWarn);
  EXPECT_EQ(results[0].reason, Reason::kProxyRequired);
  EXPECT_NE(results[0].detail.find("does not support proxies"), std::string::npos);
}

TEST_F(Connecting, DirectOnlyHostThatWorksDirectlyNeverTouchesTheProxy) {
  uint16_t target_port = 0;
  int target = Listen(target_port);
  Add("ocsp.apple.com", target_port, {ProxyAt(ClosedPort())}, /*direct_only=*/true);
  auto c = Connect("ocsp.apple.com", target_port, {Loopback(target_port)});
  ASSERT_TRUE(c.socket) << c.detail;
  EXPECT_EQ(c.route.kind, "direct");
  EXPECT_FALSE(connector_.DirectFailureFor("ocsp.apple.com", target_port));
  close(target);
}

// gdmf.apple.com:443 listed twice, "Supports proxies: Yes" and "—", where only the proxy gets
// out: the first row passes through the proxy, the second is proxy_required.
TEST_F(Connecting, RowsThatDisagreeOnProxiesEachTakeTheirOwnRoute) {
  FakeProxy for_yes("HTTP/1.1 200 Connection established\r\n\r\n");
  FakeProxy for_no("HTTP/1.1 200 Connection established\r\n\r\n");
  RoutingConnector::Entry yes;
  yes.plan.routes = {ProxyAt(for_yes.port())};
  connector_.Add("gdmf.apple.com", 443, std::move(yes));
  RoutingConnector::Entry no;
  no.plan.routes = {ProxyAt(for_no.port())};
  no.direct_only = true;
  connector_.Add("gdmf.apple.com", 443, std::move(no));
  EXPECT_TRUE(connector_.ResolvesRemotely("gdmf.apple.com", 443, false));
  EXPECT_FALSE(connector_.ResolvesRemotely("gdmf.apple.com", 443, true));

  const std::vector<asio::ip::tcp::endpoint> dropped{Loopback(ClosedPort())};
  auto via_proxy = Connect(probe::ConnectRequest{"gdmf.apple.com", 443, dropped, {}, false});
  ASSERT_TRUE(via_proxy.socket) << via_proxy.detail;
  EXPECT_EQ(via_proxy.route.proxy, "127.0.0.1:" + std::to_string(for_yes.port()));
  EXPECT_FALSE(connector_.DirectFailureFor("gdmf.apple.com", 443));
  auto direct_first = Connect(probe::ConnectRequest{"gdmf.apple.com", 443, dropped, {}, true});
  ASSERT_TRUE(direct_first.socket) << direct_first.detail;
  EXPECT_EQ(direct_first.route.proxy, "127.0.0.1:" + std::to_string(for_no.port()));
  ASSERT_TRUE(connector_.DirectFailureFor("gdmf.apple.com", 443));

  std::vector<probe::CheckResult> results(2);
  for (auto& r : results) {
    r.target = r.host = "gdmf.apple.com";
    r.port = 443;
    r.status = probe::Status::kPass;
  }
  results[0].proxy_support = "yes";
  results[0].route = via_proxy.route;
  results[1].proxy_support = "no";
  results[1].route = direct_first.route;
  ApplyProxyPolicy(results, connector_);
  EXPECT_EQ(results[0].status, probe::Status::kPass) << results[0].detail;
  EXPECT_EQ(results[1].status, probe::Status::kWarn);
  EXPECT_EQ(results[1].reason, Reason::kProxyRequired);
}

TEST_F(Connecting, DirectOnlyHostFailingBothWaysReportsTheDirectFailure) {
  Add("ocsp.apple.com", 443, {ProxyAt(ClosedPort())}, /*direct_only=*/true);
  auto c = Connect("ocsp.apple.com", 443, {Loopback(ClosedPort())});
  EXPECT_FALSE(c.socket);
  EXPECT_EQ(c.route.kind, "direct");
  EXPECT_NE(c.detail.find("through the proxy too"), std::string::npos) << c.detail;
}

TEST_F(Connecting, PlainHttpReachesTheProxyItself) {
  FakeProxy proxy("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
  Add("ocsp.apple.com", 80, {ProxyAt(proxy.port(), Credentials{"lab", "pw"})});
  auto c = Connect("ocsp.apple.com", 80);
  ASSERT_TRUE(c.socket) << c.detail;
  EXPECT_FALSE(c.route.tunnel);
  EXPECT_EQ(c.route.proxy_authorization, "Basic bGFiOnB3");
  std::string get = "GET http://ocsp.apple.com/ HTTP/1.1\r\nHost: ocsp.apple.com\r\n\r\n";
  asio::write(*c.socket, asio::buffer(get));
  std::string reply(40, '\0');
  boost::system::error_code ec;
  size_t n = asio::read(*c.socket, asio::buffer(reply), ec);
  reply.resize(n);
  EXPECT_TRUE(reply.ends_with("ok"));
  EXPECT_TRUE(proxy.request().starts_with("GET http://ocsp.apple.com/")) << proxy.request();
}

TEST_F(Connecting, BlockPageThroughProxyIsProxyDenied) {
  std::vector<probe::CheckResult> results(1);
  results[0].route.kind = "proxy";
  results[0].route.proxy = "p:1";
  results[0].status = probe::Status::kFail;
  results[0].reason = Reason::kHttpBlockPage;
  ApplyProxyPolicy(results, connector_);
  EXPECT_EQ(results[0].reason, Reason::kProxyDenied);
}

// A plain-HTTP check through Squid gets Squid's ERR_CONNECT_FAIL page when the target refuses:
// that is the target's tcp_refused, as for CONNECT, not the proxy denying it (the lab's
// proxy-upstream-fails scenario once reported gg.apple.com:443 tcp_refused but :80 proxy_denied).
TEST_F(Connecting, SquidPageForAnUnreachableTargetOnPlainHttpIsTheTargetsFailure) {
  auto page = [](std::string squid_error) {
    probe::HttpAnswer answer;
    answer.status = 503;
    answer.reason = "Service Unavailable";
    answer.headers = {{"Server", "squid/6.13"}, {"X-Squid-Error", std::move(squid_error)}};
    auto verdict = probe::JudgeIntermediary(answer);
    EXPECT_TRUE(verdict);
    probe::CheckResult r = testing::MakeResult("gg.apple.com", 80)
                               .ViaProxy("p:1")
                               .Fail(verdict ? verdict->reason : Reason::kInternal)
                               .Detail(verdict ? verdict->detail : "");
    r.transport.clear();
    return r;
  };
  std::vector<probe::CheckResult> results = {page("ERR_CONNECT_FAIL 111"), page("ERR_DNS_FAIL 0"),
                                             page("ERR_ACCESS_DENIED 0")};
  ApplyProxyPolicy(results, connector_);
  EXPECT_EQ(results[0].reason, Reason::kTcpRefused) << results[0].detail;
  EXPECT_EQ(results[0].status, probe::Status::kFail);
  EXPECT_NE(results[0].detail.find("proxy p:1 could not reach gg.apple.com:80"), std::string::npos)
      << results[0].detail;
  EXPECT_EQ(results[1].reason, Reason::kDnsNxdomain) << results[1].detail;
  EXPECT_EQ(results[2].reason, Reason::kProxyDenied) << results[2].detail;
}

}  // namespace
}  // namespace orchard::proxy
