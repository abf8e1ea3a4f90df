#include "probe/engine.h"

#include <gtest/gtest.h>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <chrono>

#include "support/endpoints.h"
#include "support/fake_resolver.h"
#include "support/loopback_servers.h"

namespace orchard::probe {
namespace {

using testing::MakeEndpoint;

using namespace std::chrono_literals;
namespace asio = boost::asio;
using asio::ip::tcp;
using testing::FakeResolver;

// A protocol runner whose behaviour each test picks.
class FakeRunner final : public ProtocolRunner {
 public:
  enum class Mode { kPass, kOverrun, kOverrunFirst, kIgnoreCancellation };
  explicit FakeRunner(Mode mode = Mode::kPass) : mode_(mode) {}

  bool Supports(CheckKind kind) const override { return kind != CheckKind::kNtp; }

  asio::awaitable<ProtocolOutcome> OverTcp(const ProbeSpec& spec, tcp::socket& socket, const Route&,
                                           Deadline) override {
    seen_sni.push_back(spec.sni);
    seen_peer_port.push_back(socket.remote_endpoint().port());
    const bool overrun =
        mode_ == Mode::kOverrun || (mode_ == Mode::kOverrunFirst && seen_sni.size() == 1);
    if (overrun || mode_ == Mode::kIgnoreCancellation) {
      // Ignores the deadline it was given, as a buggy protocol function might.
      asio::steady_timer timer(co_await asio::this_coro::executor, 30s);
      if (overrun) {
        co_await timer.async_wait(asio::as_tuple(asio::use_awaitable));
      } else {
        co_await timer.async_wait(
            asio::bind_cancellation_slot(asio::cancellation_slot(), asio::use_awaitable));
      }
    }
    ProtocolOutcome out = Passed("handshake ok");
    out.tls_ms = 1.5;
    out.tls = TlsFacts{};
    out.tls->version = "TLSv1.3";
    co_return out;
  }

  asio::awaitable<ProtocolOutcome> OverUdp(const ProbeSpec&, std::vector<asio::ip::udp::endpoint>,
                                           Deadline) override {
    co_return Passed("udp ok");
  }

  std::vector<std::string> seen_sni;
  std::vector<uint16_t> seen_peer_port;

 private:
  Mode mode_;
};

class EngineTest : public ::testing::Test {
 protected:
  std::vector<CheckResult> Run(const std::vector<catalog::Endpoint>& rows,
                               std::vector<ConnectToRule> connect_to = {}) {
    Plan plan = MakePlan(rows, connect_to);
    EngineDeps deps{resolver_, connector_, runner_};
    const auto start = std::chrono::steady_clock::now();
    auto results = RunPlan(plan, options_, deps, [&](size_t done, size_t total) {
      last_progress_ = {done, total};
    });
    took_ = std::chrono::steady_clock::now() - start;
    return results;
  }

  ConnectToRule Rule(const std::string& text) { return *ParseConnectTo(text); }

  asio::io_context io_;  // only for the listeners; the kernel completes their handshakes
  // Bound to 127.0.0.2: the fake resolver's answers must not be a sinkhole (127.0.0.1).
  tcp::acceptor listener_{io_, {asio::ip::make_address("127.0.0.2"), 0}};
  uint16_t open_port_ = listener_.local_endpoint().port();
  FakeResolver resolver_;
  DirectConnector connector_;
  FakeRunner runner_;
  EngineOptions options_;
  std::pair<size_t, size_t> last_progress_;
  std::chrono::steady_clock::duration took_{};
};

TEST_F(EngineTest, EveryDnsFailureBecomesItsReason) {
  options_.timeout = 300ms;
  auto failing = [](DnsStatus status) {
    DnsAnswer a;
    a.status = status;
    return a;
  };
  resolver_.Set("nx.test", failing(DnsStatus::kNxdomain));
  resolver_.Set("nodata.test", failing(DnsStatus::kNodata));
  resolver_.Set("servfail.test", failing(DnsStatus::kServfail));
  resolver_.Set("refused.test", failing(DnsStatus::kRefused));
  resolver_.SetAddresses("sinkhole.test", {"0.0.0.0"});
  auto results =
      Run({MakeEndpoint("c", "nx.test", {443}), MakeEndpoint("c", "nodata.test", {443}),
           MakeEndpoint("c", "servfail.test", {443}), MakeEndpoint("c", "refused.test", {443}),
           MakeEndpoint("c", "silent.test", {443}), MakeEndpoint("c", "sinkhole.test", {443})});
  ASSERT_EQ(results.size(), 6u);
  const Reason expected[] = {Reason::kDnsNxdomain, Reason::kDnsNodata,  Reason::kDnsServfail,
                             Reason::kDnsRefused,  Reason::kDnsTimeout, Reason::kDnsSinkhole};
  for (size_t i = 0; i < results.size(); ++i) {
    EXPECT_EQ(results[i].status, Status::kFail) << results[i].host;
    EXPECT_EQ(results[i].reason, expected[i]) << results[i].host << ": " << results[i].detail;
    EXPECT_TRUE(results[i].timings.dns.has_value());
    EXPECT_TRUE(results[i].addresses.empty()) << "a failed lookup must not connect";
  }
  EXPECT_TRUE(runner_.seen_sni.empty());
}

TEST_F(EngineTest, OpenAndRefusedPorts) {
  resolver_.SetAddresses("open.test", {"127.0.0.2"});
  resolver_.SetAddresses("closed.test", {"127.0.0.2"});
  auto results = Run({MakeEndpoint("c", "open.test", {open_port_}),
                      MakeEndpoint("c", "closed.test", {testing::ClosedPort("127.0.0.2")})});
  ASSERT_EQ(results.size(), 2u);
  EXPECT_EQ(results[0].status, Status::kPass) << results[0].detail;
  EXPECT_EQ(results[0].check, CheckKind::kTcp);
  ASSERT_EQ(results[0].addresses.size(), 1u);
  EXPECT_EQ(results[0].addresses[0].outcome, "open");
  EXPECT_EQ(results[0].resolved, std::vector<std::string>{"127.0.0.2"});
  EXPECT_EQ(results[0].addresses[0].address, "127.0.0.2");
  EXPECT_TRUE(results[0].timings.connect.has_value());
  EXPECT_EQ(results[1].status, Status::kFail);
  EXPECT_EQ(results[1].reason, Reason::kTcpRefused);
  EXPECT_EQ(last_progress_, std::make_pair(size_t{2}, size_t{2}));
}

TEST_F(EngineTest, ConnectToKeepsTheNameAndSkipsItsLookup) {
  auto results = Run({MakeEndpoint("certs", "ocsp2.apple.com", {443})},
                     {Rule("ocsp2.apple.com:443:127.0.0.2:" + std::to_string(open_port_))});
  ASSERT_EQ(results.size(), 1u);
  const CheckResult& r = results[0];
  EXPECT_EQ(r.status, Status::kPass) << r.detail;
  EXPECT_EQ(r.check, CheckKind::kTls);
  EXPECT_EQ(r.target, "ocsp2.apple.com");
  EXPECT_EQ(r.port, 443);
  ASSERT_EQ(r.addresses.size(), 1u);
  EXPECT_EQ(r.addresses[0].port, open_port_);
  EXPECT_EQ(resolver_.calls("ocsp2.apple.com"), 0);
  ASSERT_EQ(runner_.seen_sni.size(), 1u);
  EXPECT_EQ(runner_.seen_sni[0], "ocsp2.apple.com");
  EXPECT_EQ(runner_.seen_peer_port[0], open_port_);
  ASSERT_TRUE(r.tls.has_value());
  EXPECT_EQ(r.tls->version, "TLSv1.3");
  EXPECT_EQ(r.timings.tls, std::optional<double>(1.5));
}

TEST_F(EngineTest, ConnectToANameResolvesThatName) {
  resolver_.SetAddresses("lab.test", {"127.0.0.2"});
  auto results = Run({MakeEndpoint("c", "gs.apple.com", {443})},
                     {Rule("gs.apple.com::lab.test:" + std::to_string(open_port_))});
  EXPECT_EQ(results[0].status, Status::kPass) << results[0].detail;
  EXPECT_EQ(resolver_.calls("lab.test"), 1);
  EXPECT_EQ(resolver_.calls("gs.apple.com"), 0);
}

TEST_F(EngineTest, SameTargetInTwoRowsIsProbedOnceAndReportedTwice) {
  resolver_.SetAddresses("gs.apple.com", {"127.0.0.2"});
  auto results = Run({MakeEndpoint("device-setup", "gs.apple.com", {open_port_}),
                      MakeEndpoint("software-updates", "gs.apple.com", {open_port_})});
  ASSERT_EQ(results.size(), 2u);
  EXPECT_EQ(resolver_.calls("gs.apple.com"), 1);
  EXPECT_EQ(results[0].category, "device-setup");
  EXPECT_EQ(results[1].category, "software-updates");
  EXPECT_EQ(results[0].row_id, "device-setup/gs.apple.com");
  EXPECT_EQ(results[1].status, Status::kPass);
  EXPECT_EQ(results[1].addresses.size(), 1u);
}

TEST_F(EngineTest, RunDeadlineShorterThanTimeoutSkipsWithReasonDeadline) {
  options_.timeout = 5000ms;
  options_.deadline = 300ms;
  options_.concurrency = 1;
  auto results =
      Run({MakeEndpoint("c", "silent1.test", {443}), MakeEndpoint("c", "silent2.test", {443}),
           MakeEndpoint("c", "silent3.test", {443})});
  ASSERT_EQ(results.size(), 3u);
  for (const auto& r : results) {
    EXPECT_EQ(r.status, Status::kSkip) << r.detail;
    EXPECT_EQ(r.reason, Reason::kDeadline);
  }
  EXPECT_NE(results[0].detail.find("during"), std::string::npos) << results[0].detail;
  EXPECT_NE(results[2].detail.find("before this check started"), std::string::npos);
  EXPECT_EQ(resolver_.calls("silent3.test"), 0);
  EXPECT_LT(took_, 1500ms);
}

TEST_F(EngineTest, ATimeoutThatEndsJustBeforeTheRunDeadlineIsTheDeadlines) {
  // The lookup gives up 40 ms early, as c-ares can when it rounds its try timeouts down: the
  // check never had its full timeout, so it is skipped, not failed as dns_timeout.
  resolver_.SetEarlyTimeout(40ms);
  options_.timeout = 5000ms;
  options_.deadline = 300ms;
  auto results = Run({MakeEndpoint("c", "silent1.test", {443})});
  ASSERT_EQ(results.size(), 1u);
  EXPECT_EQ(results[0].status, Status::kSkip) << results[0].detail;
  EXPECT_EQ(results[0].reason, Reason::kDeadline);

  // Without a run deadline the same lookup is a plain DNS timeout.
  options_.timeout = 300ms;
  options_.deadline.reset();
  results = Run({MakeEndpoint("c", "silent1.test", {443})});
  ASSERT_EQ(results.size(), 1u);
  EXPECT_EQ(results[0].reason, Reason::kDnsTimeout) << results[0].detail;
}

TEST_F(EngineTest, ChecksThatOverrunTheirDeadlineAreCutOff) {
  FakeRunner overrun(FakeRunner::Mode::kOverrun);
  options_.timeout = 300ms;
  resolver_.SetAddresses("x.test", {"127.0.0.2"});
  Plan plan = MakePlan({MakeEndpoint("c", "x.test", {443})},
                       {Rule("x.test:443:127.0.0.2:" + std::to_string(open_port_))});
  EngineDeps deps{resolver_, connector_, overrun};
  const auto start = std::chrono::steady_clock::now();
  auto results = RunPlan(plan, options_, deps);
  EXPECT_LT(std::chrono::steady_clock::now() - start, 2000ms);
  ASSERT_EQ(results.size(), 1u);
  EXPECT_EQ(results[0].status, Status::kFail);
  EXPECT_EQ(results[0].reason, Reason::kTlsHandshakeFailed);
  EXPECT_NE(results[0].detail.find("deadline"), std::string::npos);
}

TEST_F(EngineTest, AWorkerWhoseCheckWasCutOffRunsTheNextCheckInFull) {
  FakeRunner first_overruns(FakeRunner::Mode::kOverrunFirst);
  options_.timeout = 300ms;
  options_.concurrency = 1;  // one worker: the second check runs where the first was cut off
  resolver_.SetAddresses("x.test", {"127.0.0.2"});
  resolver_.SetAddresses("y.test", {"127.0.0.2"});
  const std::string port = std::to_string(open_port_);
  Plan plan =
      MakePlan({MakeEndpoint("c", "x.test", {443}), MakeEndpoint("c", "y.test", {443})},
               {Rule("x.test:443:127.0.0.2:" + port), Rule("y.test:443:127.0.0.2:" + port)});
  EngineDeps deps{resolver_, connector_, first_overruns};
  auto results = RunPlan(plan, options_, deps);
  ASSERT_EQ(results.size(), 2u);
  EXPECT_EQ(results[0].reason, Reason::kTlsHandshakeFailed) << results[0].detail;
  EXPECT_EQ(results[1].status, Status::kPass) << results[1].detail;
  EXPECT_EQ(results[1].detail, "handshake ok");
}

TEST_F(EngineTest, TheRunDeadlineHoldsEvenAgainstUncancellableWork) {
  FakeRunner stubborn(FakeRunner::Mode::kIgnoreCancellation);
  options_.timeout = 5000ms;
  options_.deadline = 300ms;
  Plan plan = MakePlan({MakeEndpoint("c", "x.test", {443})},
                       {Rule("x.test:443:127.0.0.2:" + std::to_string(open_port_))});
  EngineDeps deps{resolver_, connector_, stubborn};
  const auto start = std::chrono::steady_clock::now();
  auto results = RunPlan(plan, options_, deps);
  EXPECT_LT(std::chrono::steady_clock::now() - start, 2000ms);
  ASSERT_EQ(results.size(), 1u);
  EXPECT_EQ(results[0].status, Status::kSkip);
  EXPECT_EQ(results[0].reason, Reason::kDeadline);
  EXPECT_EQ(results[0].target, "x.test");
}

TEST_F(EngineTest, AddressFamiliesAreHonoured) {
  options_.families = AddressFamilies::kIpv4Only;
  resolver_.SetAddresses("v6only.test", {"2001:db8::1"});
  auto results = Run({MakeEndpoint("c", "v6only.test", {open_port_})});
  EXPECT_EQ(resolver_.last_families(), AddressFamilies::kIpv4Only);
  EXPECT_EQ(results[0].status, Status::kSkip);
  EXPECT_NE(results[0].detail.find("-4"), std::string::npos);
}

TEST_F(EngineTest, UdpAndUnprobeableRows) {
  resolver_.SetAddresses("time.test", {"127.0.0.2"});
  resolver_.SetAddresses("relay.test", {"127.0.0.2"});
  resolver_.SetAddresses("other.test", {"127.0.0.2"});
  auto wildcard = MakeEndpoint("c", "*.cdn.test", {443});
  wildcard.kind = catalog::HostKind::kWildcard;
  auto results = Run({MakeEndpoint("c", "time.test", {123}, catalog::Transport::kUdp),
                      MakeEndpoint("c", "relay.test", {443}, catalog::Transport::kUdp),
                      MakeEndpoint("c", "other.test", {5000}, catalog::Transport::kUdp), wildcard});
  ASSERT_EQ(results.size(), 4u);
  EXPECT_EQ(results[0].status, Status::kSkip);  // FakeRunner has no NTP
  EXPECT_EQ(results[0].check, CheckKind::kNtp);
  EXPECT_EQ(results[1].status, Status::kPass);
  EXPECT_EQ(results[1].check, CheckKind::kQuic);
  EXPECT_EQ(results[1].transport, "udp");
  EXPECT_EQ(results[2].status, Status::kPass);
  EXPECT_EQ(results[2].check, CheckKind::kDns);
  EXPECT_EQ(results[3].status, Status::kSkip);
  EXPECT_EQ(results[3].host, "*.cdn.test");
}

TEST_F(EngineTest, KindsWithoutAProbeFallBackToTcp) {
  ReachOnlyRunner reach;
  resolver_.SetAddresses("x.test", {"127.0.0.2"});
  Plan plan = MakePlan({MakeEndpoint("c", "x.test", {443})},
                       {Rule("x.test:443::" + std::to_string(open_port_))});
  EngineDeps deps{resolver_, connector_, reach};
  auto results = RunPlan(plan, options_, deps);
  EXPECT_EQ(results[0].status, Status::kPass);
  EXPECT_EQ(results[0].check, CheckKind::kTcp);
  EXPECT_NE(results[0].detail.find("no tls probe"), std::string::npos) << results[0].detail;
}

}  // namespace
}  // namespace orchard::probe
