// scutil --dns on every recorded output in testdata/scutil_dns (see testdata/SOURCES.md).
#include "host/scutil_dns.h"

#include <gtest/gtest.h>

#include "support/host_testdata.h"

namespace orchard::host {
namespace {

using testing::Fixture;

TEST(ScutilDns, ReadsPlainHomeNetwork) {
  auto rs = ParseScutilDns(Fixture("scutil_dns/comcast_en0.txt"));
  ASSERT_TRUE(rs) << rs.error().message();
  ASSERT_EQ(rs->size(), 4u);
  const ScutilResolver& first = (*rs)[0];
  EXPECT_EQ(first.section, DnsSection::kDefault);
  EXPECT_EQ(first.number, 1);
  EXPECT_EQ(first.nameservers, (std::vector<std::string>{"75.75.75.75", "75.75.76.76"}));
  EXPECT_EQ(first.if_index, 15u);
  EXPECT_EQ(first.interface, "en0");
  EXPECT_EQ(first.flags, (std::vector<std::string>{"Request A records"}));
  EXPECT_EQ(first.reach, "0x00000002 (Reachable)");
  EXPECT_EQ(first.reachable, true);
  EXPECT_FALSE(first.order);
  const ScutilResolver& mdns = (*rs)[1];
  EXPECT_EQ(mdns.domain, "local");
  EXPECT_EQ(mdns.options, "mdns");
  EXPECT_EQ(mdns.timeout, 5u);
  EXPECT_EQ(mdns.order, 300000u);
  EXPECT_EQ(mdns.reachable, false);
  EXPECT_TRUE(mdns.nameservers.empty());
  EXPECT_EQ((*rs)[3].domain, "8.e.f.ip6.arpa");
}

TEST(ScutilDns, ReadsVpnScopedResolverAndBareReachLines) {
  auto rs = ParseScutilDns(Fixture("scutil_dns/tunnelblick_scoped_utun.txt"));
  ASSERT_TRUE(rs) << rs.error().message();
  ASSERT_EQ(rs->size(), 8u);
  // 10.13 printed reachability as a bare line.
  EXPECT_EQ((*rs)[0].reach, "Not Reachable");
  EXPECT_EQ((*rs)[0].reachable, false);
  EXPECT_TRUE((*rs)[0].nameservers.empty());
  EXPECT_EQ((*rs)[6].order, 301000u);
  const ScutilResolver& vpn = (*rs)[7];
  EXPECT_EQ(vpn.section, DnsSection::kScoped);
  EXPECT_EQ(vpn.number, 1);
  EXPECT_EQ(vpn.search_domains, (std::vector<std::string>{"openvpn"}));
  EXPECT_EQ(vpn.nameservers, (std::vector<std::string>{"8.8.8.8", "8.8.4.4"}));
  EXPECT_EQ(vpn.interface, "utun0");
  EXPECT_EQ(vpn.if_index, 13u);
  EXPECT_TRUE(vpn.Scoped());
  EXPECT_FALSE(vpn.Supplemental());
  EXPECT_EQ(vpn.reachable, true);
}

TEST(ScutilDns, ReadsSupplementalVpnResolver) {
  auto rs = ParseScutilDns(Fixture("scutil_dns/supplemental_ppp0.txt"));
  ASSERT_TRUE(rs) << rs.error().message();
  ASSERT_EQ(rs->size(), 2u);
  const ScutilResolver& vpn = (*rs)[0];
  EXPECT_TRUE(vpn.Supplemental());
  EXPECT_FALSE(vpn.Scoped());
  EXPECT_EQ(vpn.interface, "ppp0");
  EXPECT_EQ(vpn.search_domains, (std::vector<std::string>{"home-domain"}));
  EXPECT_EQ(vpn.nameservers, (std::vector<std::string>{"<dns1>", "<dns2>"}));
  EXPECT_EQ(vpn.order, 100000u);
  EXPECT_EQ((*rs)[1].reach, "0x00020002 (Reachable,Directly Reachable Address)");
  EXPECT_EQ((*rs)[1].nameservers, (std::vector<std::string>{"10.0.2.1"}));
}

TEST(ScutilDns, ReadsSupplementalResolverForADomain) {
  auto rs = ParseScutilDns(Fixture("scutil_dns/tailscale_supplemental_utun4.txt"));
  ASSERT_TRUE(rs) << rs.error().message();
  ASSERT_EQ(rs->size(), 4u);
  EXPECT_FALSE((*rs)[0].Supplemental());
  EXPECT_TRUE((*rs)[0].domain.empty());
  EXPECT_EQ((*rs)[0].search_domains, (std::vector<std::string>{"example.com"}));
  const ScutilResolver& vpn = (*rs)[1];
  EXPECT_EQ(vpn.section, DnsSection::kDefault);
  EXPECT_EQ(vpn.domain, "example.com");
  EXPECT_EQ(vpn.nameservers, (std::vector<std::string>{"172.31.66.13", "172.31.66.14"}));
  EXPECT_EQ(vpn.interface, "utun4");
  EXPECT_EQ(vpn.if_index, 18u);
  EXPECT_TRUE(vpn.Supplemental());
  EXPECT_FALSE(vpn.Scoped());
  EXPECT_EQ(vpn.order, 102200u);
  EXPECT_EQ((*rs)[2].domain, "local");
}

TEST(ScutilDns, KeepsIpv6NameserverWithScope) {
  auto rs = ParseScutilDns(
      "DNS configuration\n\nresolver #1\n  nameserver[0] : fe80::8e3b:adff:fead:7bf6%en0\n");
  ASSERT_TRUE(rs) << rs.error().message();
  EXPECT_EQ((*rs)[0].nameservers, (std::vector<std::string>{"fe80::8e3b:adff:fead:7bf6%en0"}));
}

TEST(ScutilDns, BlockCutMidKeyIsAnError) {
  std::string text = Fixture("scutil_dns/comcast_en0.txt");
  text = text.substr(0, text.find("75.75.76.76"));  // ends with "  nameserver[1] : "
  auto rs = ParseScutilDns(text);
  ASSERT_FALSE(rs);
  EXPECT_EQ(rs.error().message(), "scutil --dns:5: nameserver[1] has no value");
}

TEST(ScutilDns, MissingResolverNumberIsAnError) {
  auto rs = ParseScutilDns("DNS configuration\n\nresolver #1\n  domain : a\n\nresolver #3\n");
  ASSERT_FALSE(rs);
  EXPECT_EQ(rs.error().message(), "scutil --dns:6: expected \"resolver #2\", got \"resolver #3\"");
}

TEST(ScutilDns, SkippedIndexIsAnError) {
  auto rs = ParseScutilDns("DNS configuration\nresolver #1\n  nameserver[1] : 10.0.0.1\n");
  ASSERT_FALSE(rs);
  EXPECT_EQ(rs.error().message(), "scutil --dns:3: expected nameserver[0], got nameserver[1]");
}

TEST(ScutilDns, GarbageIsAnError) {
  auto html = ParseScutilDns("<html><body>proxy error</body></html>\n");
  ASSERT_FALSE(html);
  EXPECT_EQ(html.error().message(),
            "scutil --dns:1: expected \"DNS configuration\", got \"<html><body>proxy "
            "error</body></html>\"");
  auto outside = ParseScutilDns("DNS configuration\n  nameserver[0] : 1.1.1.1\n");
  ASSERT_FALSE(outside);
  EXPECT_EQ(outside.error().message(),
            "scutil --dns:2: \"nameserver[0]\" outside any \"resolver #N\" block");
  auto bad_index = ParseScutilDns("DNS configuration\nresolver #1\n  if_index : en0\n");
  ASSERT_FALSE(bad_index);
  EXPECT_EQ(bad_index.error().message(),
            "scutil --dns:3: if_index \"en0\" is not \"N (interface)\"");
  EXPECT_FALSE(ParseScutilDns(""));
}

}  // namespace
}  // namespace orchard::host
