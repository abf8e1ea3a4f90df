#include "generate/destinations.h"

#include <gtest/gtest.h>

#include "base/clock.h"
#include "generate/fixture_test_util.h"
#include "generate/resolver.h"

namespace orchard::generate {
namespace {

using std::chrono::sys_days;
using namespace std::chrono_literals;

FakeResolver FixtureDns() {
  return FakeResolver({{"ocsp.apple.com", {"23.10.1.1", "2600:1400::1"}},
                       {"crl3.digicert.com", {"192.0.2.10"}},
                       {"1-courier.push.apple.com", {"17.57.146.20"}},
                       {"valid.apple.com", {"17.32.1.1", "not-an-address", "10.0.0.0/8"}}});
}

TEST(Destinations, AppleBlockCarriesEveryPortAndFoldsCatalogCidrs) {
  auto plan = PlanAddresses(testing::FixtureList());
  ASSERT_EQ(plan.destinations.size(), 1u);
  const auto& block = plan.destinations[0];
  EXPECT_EQ(ToString(block.prefix), "17.0.0.0/8");
  EXPECT_EQ(block.tcp, (std::set<uint16_t>{22, 80, 443, 2197, 5223}));
  EXPECT_EQ(block.udp, (std::set<uint16_t>{123, 443}));
  ASSERT_EQ(plan.folded.size(), 1u);
  EXPECT_EQ(plan.folded[0], "17.248.128.0/18 (notarization) is inside 17.0.0.0/8");
  EXPECT_FALSE(plan.resolved);
}

TEST(Destinations, CidrOutsideTheBlockKeepsItsOwnPorts) {
  auto list = testing::FixtureList();
  list.rows.push_back(*RowsFromEndpoints({testing::Row("custom", "198.51.100.0/24", {8443},
                                                       catalog::ProxySupport::kNo, "d")})
                           ->begin());
  auto plan = PlanAddresses(list);
  ASSERT_EQ(plan.destinations.size(), 2u);
  EXPECT_EQ(ToString(plan.destinations[1].prefix), "198.51.100.0/24");
  EXPECT_EQ(plan.destinations[1].tcp, (std::set<uint16_t>{8443}));
  EXPECT_TRUE(plan.destinations[1].udp.empty());
}

TEST(Destinations, ResolvedAddressesCarryTheirHostsPorts) {
  auto list = testing::FixtureList();
  auto dns = FixtureDns();
  FakeClock clock(sys_days{std::chrono::year{2026} / 11 / 27} + 18h + 30min + 5s);
  ResolveHosts(list, dns, clock);
  EXPECT_EQ(list.provenance.resolved_at, "2026-11-27T18:30:05Z");

  auto plan = PlanAddresses(list);
  EXPECT_TRUE(plan.resolved);
  std::vector<std::string> networks;
  for (const auto& d : plan.destinations) networks.push_back(ToString(d.prefix));
  EXPECT_EQ(networks,
            (std::vector<std::string>{"17.0.0.0/8", "23.10.1.1", "192.0.2.10", "2600:1400::1"}));
  EXPECT_EQ(plan.destinations[1].tcp, (std::set<uint16_t>{80}));
  EXPECT_TRUE(plan.destinations[1].udp.empty());

  auto groups = GroupByPorts(plan.destinations);
  ASSERT_EQ(groups.size(), 2u);
  EXPECT_EQ(groups[1].v4.size(), 2u);  // ocsp.apple.com and crl3.digicert.com share port 80
  EXPECT_EQ(groups[1].v6.size(), 1u);

  // Apple addresses fold into the block; junk answers never reach a config.
  bool courier_folded = false;
  for (const auto& f : plan.folded) {
    if (f.starts_with("17.57.146.20 (*.push.apple.com via 1-courier.push.apple.com)")) {
      courier_folded = true;
    }
    EXPECT_EQ(f.find("not-an-address"), std::string::npos);
    EXPECT_EQ(f.find("10.0.0.0"), std::string::npos);
  }
  EXPECT_TRUE(courier_folded);
  bool wildcard_noted = false;
  for (const auto& u : plan.unresolved) {
    if (u.starts_with("*.cdn-apple.com: a wildcard has no addresses")) wildcard_noted = true;
  }
  EXPECT_TRUE(wildcard_noted);
}

TEST(Resolver, LooksEachNameUpOnce) {
  auto list = testing::FixtureList();
  auto dns = FixtureDns();
  FakeClock clock(std::chrono::system_clock::time_point{});
  ResolveHosts(list, dns, clock);
  // gdmf.apple.com is in two rows; wildcards go through their representative host only.
  EXPECT_EQ(std::count(dns.queries().begin(), dns.queries().end(), "gdmf.apple.com"), 1);
  EXPECT_EQ(std::count(dns.queries().begin(), dns.queries().end(), "1-courier.push.apple.com"), 1);
  for (const auto& q : dns.queries()) EXPECT_FALSE(q.starts_with("*")) << q;
  for (const auto& r : list.resolutions) {
    if (r.host == "time.apple.com") {
      EXPECT_EQ(r.error, "no such host");
    }
  }
}

}  // namespace
}  // namespace orchard::generate
