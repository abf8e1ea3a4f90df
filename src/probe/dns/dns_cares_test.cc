#include "probe/dns/dns_cares.h"

#include <gtest/gtest.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <chrono>

#include "support/fake_dns_server.h"

// The real c-ares resolver against a hand-built DNS server on loopback.
namespace orchard::probe {
namespace {

using namespace std::chrono_literals;
using testing::DnsBehaviour;
using testing::FakeDnsServer;
using testing::FakeZoneEntry;

std::map<std::string, FakeZoneEntry> Zone() {
  return {
      {"ok.test", {DnsBehaviour::kAnswer, {}, {"17.253.1.1", "17.253.1.2"}, {"2a01:b740::1"}}},
      {"chain.test",
       {DnsBehaviour::kAnswer, {"edge.cdn.test", "host.edge.test"}, {"17.1.2.3"}, {}}},
      {"nx.test", {DnsBehaviour::kNxdomain, {}, {}, {}}},
      {"servfail.test", {DnsBehaviour::kServfail, {}, {}, {}}},
      {"refused.test", {DnsBehaviour::kRefused, {}, {}, {}}},
      {"nodata.test", {DnsBehaviour::kNodata, {}, {}, {}}},
      {"cname-nodata.test", {DnsBehaviour::kNodata, {"target.test"}, {}, {}}},
      {"sinkhole.test", {DnsBehaviour::kAnswer, {}, {"0.0.0.0"}, {"::"}}},
      {"silent.test", {DnsBehaviour::kSilent, {}, {}, {}}},
  };
}

class CaresTest : public ::testing::Test {
 protected:
  DnsAnswer Resolve(const std::string& name, AddressFamilies families = AddressFamilies::kBoth,
                    std::chrono::milliseconds budget = 3000ms) {
    auto resolver = CaresResolver::Create({server_.address()});
    EXPECT_TRUE(resolver);
    boost::asio::io_context io;
    DnsAnswer out;
    out.detail = "never ran";
    auto deadline = std::chrono::steady_clock::now() + budget;
    boost::asio::co_spawn(
        io,
        [&]() -> boost::asio::awaitable<void> {
          out = co_await (*resolver)->Resolve(name, families, deadline);
        },
        boost::asio::detached);
    io.run();
    return out;
  }

  FakeDnsServer server_{Zone()};
};

TEST_F(CaresTest, AnswersBothFamilies) {
  DnsAnswer a = Resolve("ok.test");
  ASSERT_EQ(a.status, DnsStatus::kOk) << a.detail;
  ASSERT_EQ(a.addresses.size(), 3u);
  EXPECT_EQ(a.addresses[0].to_string(), "17.253.1.1");
  EXPECT_EQ(a.addresses[2].to_string(), "2a01:b740::1");
  EXPECT_EQ(JudgeDns("ok.test", a).reason, Reason::kOk);
}

TEST_F(CaresTest, FamiliesRestrictTheQueries) {
  DnsAnswer v4 = Resolve("ok.test", AddressFamilies::kIpv4Only);
  ASSERT_EQ(v4.addresses.size(), 2u);
  EXPECT_TRUE(v4.addresses[0].is_v4());
  DnsAnswer v6 = Resolve("ok.test", AddressFamilies::kIpv6Only);
  ASSERT_EQ(v6.addresses.size(), 1u);
  EXPECT_TRUE(v6.addresses[0].is_v6());
  EXPECT_EQ(server_.queries(), 2);
}

TEST_F(CaresTest, ReportsTheCnameChain) {
  DnsAnswer a = Resolve("chain.test");
  ASSERT_EQ(a.status, DnsStatus::kOk) << a.detail;
  EXPECT_EQ(a.cname_chain,
            (std::vector<std::string>{"chain.test", "edge.cdn.test", "host.edge.test"}));
  ASSERT_EQ(a.addresses.size(), 1u);
  EXPECT_EQ(a.addresses[0].to_string(), "17.1.2.3");
}

TEST_F(CaresTest, Nxdomain) {
  DnsAnswer a = Resolve("nx.test");
  EXPECT_EQ(a.status, DnsStatus::kNxdomain);
  EXPECT_EQ(JudgeDns("nx.test", a).reason, Reason::kDnsNxdomain);
}

TEST_F(CaresTest, Servfail) {
  EXPECT_EQ(JudgeDns("servfail.test", Resolve("servfail.test")).reason, Reason::kDnsServfail);
}

TEST_F(CaresTest, Refused) {
  EXPECT_EQ(JudgeDns("refused.test", Resolve("refused.test")).reason, Reason::kDnsRefused);
}

TEST_F(CaresTest, Nodata) {
  EXPECT_EQ(JudgeDns("nodata.test", Resolve("nodata.test")).reason, Reason::kDnsNodata);
}

TEST_F(CaresTest, CnameWithoutAddressesIsNodataWithItsChain) {
  DnsAnswer a = Resolve("cname-nodata.test");
  EXPECT_EQ(a.status, DnsStatus::kNodata);
  EXPECT_EQ(a.cname_chain, (std::vector<std::string>{"cname-nodata.test", "target.test"}));
}

TEST_F(CaresTest, SinkholeAnswersAreFlagged) {
  DnsAnswer a = Resolve("sinkhole.test");
  ASSERT_EQ(a.status, DnsStatus::kOk);
  EXPECT_EQ(JudgeDns("sinkhole.test", a).reason, Reason::kDnsSinkhole);
}

TEST_F(CaresTest, SilentServerTimesOutAtTheDeadline) {
  const auto start = std::chrono::steady_clock::now();
  DnsAnswer a = Resolve("silent.test", AddressFamilies::kBoth, 600ms);
  const auto took = std::chrono::steady_clock::now() - start;
  EXPECT_EQ(a.status, DnsStatus::kTimeout);
  EXPECT_EQ(JudgeDns("silent.test", a).reason, Reason::kDnsTimeout);
  // The deadline ends the lookup, not c-ares's own timeouts (which would take seconds).
  EXPECT_GE(took, 550ms);
  EXPECT_LT(took, 2000ms);
  // c-ares retried inside the budget rather than waiting out one long timeout.
  EXPECT_GE(server_.queries(), 4);
}

TEST_F(CaresTest, NobodyListeningIsATimeout) {
  auto resolver = CaresResolver::Create({"127.0.0.1:9"});
  ASSERT_TRUE(resolver);
  boost::asio::io_context io;
  DnsAnswer out;
  boost::asio::co_spawn(
      io,
      [&]() -> boost::asio::awaitable<void> {
        out = co_await (*resolver)->Resolve("ok.test", AddressFamilies::kIpv4Only,
                                            std::chrono::steady_clock::now() + 1s);
      },
      boost::asio::detached);
  io.run();
  EXPECT_EQ(out.status, DnsStatus::kTimeout);
}

TEST_F(CaresTest, ManyLookupsShareOneLoop) {
  auto resolver = CaresResolver::Create({server_.address()});
  ASSERT_TRUE(resolver);
  boost::asio::io_context io;
  int ok = 0;
  auto deadline = std::chrono::steady_clock::now() + 3s;
  for (int i = 0; i < 50; ++i) {
    boost::asio::co_spawn(
        io,
        [&]() -> boost::asio::awaitable<void> {
          DnsAnswer a =
              co_await (*resolver)->Resolve("chain.test", AddressFamilies::kBoth, deadline);
          if (a.status == DnsStatus::kOk) ++ok;
        },
        boost::asio::detached);
  }
  io.run();
  EXPECT_EQ(ok, 50);
}

}  // namespace
}  // namespace orchard::probe
