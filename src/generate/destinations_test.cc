#include "generate/destinations.h"

#include <gtest/gtest.h>

#include <condition_variable>
#include <mutex>

#include "base/clock.h"
#include "generate/resolver.h"
#include "support/fake_clock.h"
#include "support/fake_host_resolver.h"
#include "support/generate_catalog.h"

namespace orchard::generate {
namespace {

using std::chrono::sys_days;
using namespace std::chrono_literals;

testing::FakeHostResolver FixtureDns() {
  return testing::FakeHostResolver(
      {{"ocsp.apple.com", {"23.10.1.1", "2600:1400::1"}},
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
  list.rows.push_back(*RowsFromEndpoints({testing::EndpointRow("custom", "198.51.100.0/24", {8443},
                                                               catalog::ProxySupport::kNo, "d")})
                           ->begin());
  auto plan = PlanAddresses(list);
  ASSERT_EQ(plan.destinations.size(), 2u);
  EXPECT_EQ(ToString(plan.destinations[1].prefix), "198.51.100.0/24");
  EXPECT_EQ(plan.destinations[1].tcp, (std::set<uint16_t>{8443}));
  EXPECT_TRUE(plan.destinations[1].udp.empty());
}

// A thread-safe resolver that holds each lookup until `want` are in flight at once (or gives up
// after a generous wait), so the test sees whether lookups overlap without timing anything.
class OverlapResolver final : public HostResolver {
 public:
  explicit OverlapResolver(int want) : want_(want) {}
  Result<std::vector<std::string>> Resolve(const std::string& name) override {
    std::unique_lock lock(mutex_);
    ++in_flight_;
    most_ = std::max(most_, in_flight_);
    changed_.notify_all();
    changed_.wait_for(lock, std::chrono::seconds(10), [&] { return most_ >= want_; });
    --in_flight_;
    if (name == "ocsp.apple.com") return std::vector<std::string>{"23.10.1.1"};
    return MakeError(ErrorCode::kIo, "no such host");
  }
  bool ThreadSafe() const override { return true; }
  int most() const { return most_; }

 private:
  std::mutex mutex_;
  std::condition_variable changed_;
  int want_;
  int in_flight_ = 0;
  int most_ = 0;
};

TEST(Destinations, ThreadSafeResolverIsAskedForSeveralNamesAtOnceInRowOrder) {
  auto list = testing::FixtureList();
  auto sequential = FixtureDns();
  testing::FakeClock clock(sys_days{std::chrono::year{2026} / 11 / 27});
  auto expected = list;
  ResolveHosts(expected, sequential, clock);
  ASSERT_GE(expected.resolutions.size(), 3u);

  OverlapResolver overlap(3);
  ResolveHosts(list, overlap, clock);
  EXPECT_GE(overlap.most(), 3) << "lookups ran one at a time";
  ASSERT_EQ(list.resolutions.size(), expected.resolutions.size());
  for (size_t i = 0; i < list.resolutions.size(); ++i) {
    EXPECT_EQ(list.resolutions[i].host, expected.resolutions[i].host) << i;
    EXPECT_EQ(list.resolutions[i].queried, expected.resolutions[i].queried) << i;
  }
  EXPECT_EQ(list.resolutions[0].addresses, (std::vector<std::string>{"23.10.1.1"}));
}

TEST(Destinations, ResolvedAddressesCarryTheirHostsPorts) {
  auto list = testing::FixtureList();
  auto dns = FixtureDns();
  testing::FakeClock clock(sys_days{std::chrono::year{2026} / 11 / 27} + 18h + 30min + 5s);
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
  testing::FakeClock clock(std::chrono::system_clock::time_point{});
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
