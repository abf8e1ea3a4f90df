#include "probe/plan.h"

#include <gtest/gtest.h>

#include "support/endpoints.h"

namespace orchard::probe {
namespace {

using testing::MakeEndpoint;

ConnectToRule Rule(std::string_view text) {
  auto r = ParseConnectTo(text);
  EXPECT_TRUE(r) << r.error().ToString();
  return *r;
}

TEST(Plan, KindPerPortAndTransport) {
  EXPECT_EQ(KindFor(MakeEndpoint("c", "time.apple.com", {123}, catalog::Transport::kUdp), 123),
            CheckKind::kNtp);
  EXPECT_EQ(KindFor(MakeEndpoint("c", "mask.icloud.com", {443}, catalog::Transport::kUdp), 443),
            CheckKind::kQuic);
  EXPECT_EQ(KindFor(MakeEndpoint("c", "x", {5000}, catalog::Transport::kUdp), 5000),
            CheckKind::kDns);
  EXPECT_EQ(KindFor(MakeEndpoint("c", "x", {22}), 22), CheckKind::kSsh);
  EXPECT_EQ(KindFor(MakeEndpoint("c", "x", {443}), 443), CheckKind::kTls);
  EXPECT_EQ(KindFor(MakeEndpoint("c", "x", {5223}), 5223), CheckKind::kTls);
  EXPECT_EQ(KindFor(MakeEndpoint("c", "x", {2197}), 2197), CheckKind::kTls);
  EXPECT_EQ(KindFor(MakeEndpoint("c", "x", {8080}), 8080), CheckKind::kTcp);
  auto row = MakeEndpoint("c", "ocsp.apple.com", {80});
  EXPECT_EQ(KindFor(row, 80), CheckKind::kHttp);
  for (auto [hint, kind] : {std::pair{"ocsp", CheckKind::kOcsp},
                            {"crl", CheckKind::kCrl},
                            {"captive", CheckKind::kCaptive},
                            {"http", CheckKind::kHttp}}) {
    row.hints.http_check = hint;
    EXPECT_EQ(KindFor(row, 80), kind) << hint;
  }
}

TEST(Plan, OneCheckPerRowAndPort) {
  Plan plan = MakePlan({MakeEndpoint("setup", "captive.apple.com", {443, 80})}, {});
  ASSERT_EQ(plan.checks.size(), 2u);
  ASSERT_EQ(plan.probes.size(), 2u);
  EXPECT_EQ(plan.checks[0].port, 443);
  EXPECT_EQ(plan.checks[1].port, 80);
  EXPECT_EQ(plan.probes[*plan.checks[0].probe].kind, CheckKind::kTls);
  EXPECT_EQ(plan.probes[*plan.checks[0].probe].sni, "captive.apple.com");
}

TEST(Plan, SameTargetInTwoSectionsIsProbedOnce) {
  Plan plan = MakePlan({MakeEndpoint("device-setup", "gs.apple.com", {443}),
                        MakeEndpoint("software-updates", "GS.apple.com", {443}),
                        MakeEndpoint("software-updates", "gs.apple.com", {80})},
                       {});
  ASSERT_EQ(plan.checks.size(), 3u);
  // Names compare case-insensitively, as DNS does.
  EXPECT_EQ(plan.checks[0].probe, std::optional<size_t>(0));
  EXPECT_EQ(plan.checks[1].probe, plan.checks[0].probe);
  EXPECT_EQ(plan.probes.size(), 2u);
  EXPECT_EQ(plan.probes[0].target, "gs.apple.com");
  Plan same = MakePlan(
      {MakeEndpoint("a", "gs.apple.com", {443}), MakeEndpoint("b", "gs.apple.com", {443})}, {});
  EXPECT_EQ(same.probes.size(), 1u);
  EXPECT_EQ(same.checks[0].probe, same.checks[1].probe);
  EXPECT_EQ(same.checks[0].category, "a");
  EXPECT_EQ(same.checks[1].category, "b");
}

// gdmf.apple.com is listed under MDM ("Supports proxies: Yes") and under software updates ("—"):
// the device reaches it through the proxy for one and directly for the other, so each row is
// judged by its own route.
TEST(Plan, RowsThatDisagreeOnProxiesAreProbedOncePerRoute) {
  auto mdm = MakeEndpoint("mdm", "gdmf.apple.com", {443});
  mdm.proxy = catalog::ProxySupport::kYes;
  auto updates = MakeEndpoint("software-updates", "gdmf.apple.com", {443});
  updates.proxy = catalog::ProxySupport::kNo;
  auto also_mdm = MakeEndpoint("device-setup", "gdmf.apple.com", {443});
  also_mdm.proxy = catalog::ProxySupport::kYes;
  Plan plan = MakePlan({mdm, updates, also_mdm}, {});
  ASSERT_EQ(plan.checks.size(), 3u);
  ASSERT_EQ(plan.probes.size(), 2u);
  EXPECT_FALSE(plan.probes[*plan.checks[0].probe].direct_only);
  EXPECT_TRUE(plan.probes[*plan.checks[1].probe].direct_only);
  EXPECT_EQ(plan.checks[2].probe, plan.checks[0].probe);

  // APNs ("note"): proxies on 443 only.
  auto apns = MakeEndpoint("push", "*.push.apple.com", {443, 5223});
  apns.proxy = catalog::ProxySupport::kNote;
  apns.hints.representative_host = "1-courier.push.apple.com";
  Plan push = MakePlan({apns}, {});
  ASSERT_EQ(push.probes.size(), 2u);
  EXPECT_FALSE(push.probes[0].direct_only);
  EXPECT_TRUE(push.probes[1].direct_only);
}

TEST(Plan, UdpRowsThatDisagreeOnProxiesShareTheirProbe) {
  auto a = MakeEndpoint("a", "time.apple.com", {123}, catalog::Transport::kUdp);
  a.proxy = catalog::ProxySupport::kYes;
  auto b = MakeEndpoint("b", "time.apple.com", {123}, catalog::Transport::kUdp);
  Plan plan = MakePlan({a, b}, {});
  EXPECT_EQ(plan.probes.size(), 1u);
  EXPECT_FALSE(plan.probes[0].direct_only);
}

TEST(Plan, DifferentTransportIsADifferentProbe) {
  Plan plan = MakePlan({MakeEndpoint("a", "x.apple.com", {443}),
                        MakeEndpoint("b", "x.apple.com", {443}, catalog::Transport::kUdp)},
                       {});
  EXPECT_EQ(plan.probes.size(), 2u);
}

TEST(Plan, WildcardAndCidrUseTheirRepresentatives) {
  auto push = MakeEndpoint("push", "*.push.apple.com", {5223});
  push.hints.representative_host = "1-courier.push.apple.com";
  auto range = MakeEndpoint("mdm", "17.0.0.0/8", {443});
  range.hints.representative_address = "17.253.144.10";
  range.hints.sni = "gdmf.apple.com";
  auto bare = MakeEndpoint("x", "*.cdn-apple.com", {443});
  Plan plan = MakePlan({push, range, bare}, {});
  ASSERT_EQ(plan.checks.size(), 3u);
  const ProbeSpec& p0 = plan.probes[*plan.checks[0].probe];
  EXPECT_EQ(p0.target, "1-courier.push.apple.com");
  EXPECT_FALSE(p0.target_is_address);
  const ProbeSpec& p1 = plan.probes[*plan.checks[1].probe];
  EXPECT_EQ(p1.target, "17.253.144.10");
  EXPECT_TRUE(p1.target_is_address);
  EXPECT_EQ(p1.sni, "gdmf.apple.com");
  EXPECT_FALSE(plan.checks[2].probe.has_value());
  EXPECT_NE(plan.checks[2].skip_detail.find("representative"), std::string::npos);
}

TEST(ConnectTo, ParsesCurlForms) {
  auto r = Rule("ocsp.apple.com:80:127.0.0.1:8080");
  EXPECT_EQ(r.host, "ocsp.apple.com");
  EXPECT_EQ(r.port, std::optional<uint16_t>(80));
  EXPECT_EQ(r.address, "127.0.0.1");
  EXPECT_EQ(r.to_port, std::optional<uint16_t>(8080));
  auto any = Rule("::[::1]:");
  EXPECT_TRUE(any.host.empty());
  EXPECT_FALSE(any.port);
  EXPECT_EQ(any.address, "::1");
  EXPECT_FALSE(any.to_port);
  auto cidr = Rule("17.0.0.0/8:443:127.0.0.2:");
  EXPECT_EQ(cidr.host, "17.0.0.0/8");
  auto v6 = Rule("[2620:149::/32]::[::1]:9443");
  EXPECT_EQ(v6.host, "2620:149::/32");
}

TEST(ConnectTo, RejectsMalformedRules) {
  for (const char* bad : {"", "a:1:b", "a:1:b:2:c", "a:x:b:2", "a:1:b:70000", "[::1:1:b:2",
                          "17.0.0.0/99:1:b:2", "nothost/8:1:b:2"}) {
    auto r = ParseConnectTo(bad);
    EXPECT_FALSE(r) << bad;
    if (!r) {
      EXPECT_EQ(r.error().code(), ErrorCode::kUsage);
    }
  }
}

TEST(ConnectTo, MatchesNamesPatternsAndRanges) {
  EXPECT_TRUE(Matches(Rule("OCSP.apple.com:80::"), "ocsp.apple.com", "ocsp.apple.com", 80));
  EXPECT_FALSE(Matches(Rule("ocsp.apple.com:80::"), "ocsp.apple.com", "ocsp.apple.com", 443));
  EXPECT_TRUE(Matches(Rule("ocsp.apple.com:::"), "ocsp.apple.com", "ocsp.apple.com", 443));
  EXPECT_FALSE(Matches(Rule("ocsp.apple.com:::"), "ocsp2.apple.com", "ocsp2.apple.com", 443));
  // A catalog pattern matches its own row and any name under it.
  auto wild = Rule("*.push.apple.com::127.0.0.1:");
  EXPECT_TRUE(Matches(wild, "*.push.apple.com", "1-courier.push.apple.com", 5223));
  EXPECT_TRUE(Matches(wild, "api.push.apple.com", "api.push.apple.com", 443));
  EXPECT_FALSE(Matches(wild, "push.apple.com", "push.apple.com", 443));
  EXPECT_FALSE(Matches(wild, "xpush.apple.com", "xpush.apple.com", 443));
  // A CIDR matches its own row and addresses inside it.
  auto range = Rule("17.0.0.0/8:443:127.0.0.1:");
  EXPECT_TRUE(Matches(range, "17.0.0.0/8", "17.253.144.10", 443));
  EXPECT_TRUE(Matches(range, "other", "17.1.2.3", 443));
  EXPECT_FALSE(Matches(range, "other", "18.1.2.3", 443));
  EXPECT_FALSE(Matches(range, "other", "name.apple.com", 443));
  EXPECT_TRUE(Matches(Rule(":::"), "anything", "anything", 1));
}

TEST(ConnectTo, CidrContainment) {
  EXPECT_TRUE(CidrContains("17.0.0.0/8", "17.0.0.0"));
  EXPECT_TRUE(CidrContains("17.0.0.0/8", "17.255.255.255"));
  EXPECT_FALSE(CidrContains("17.0.0.0/8", "16.255.255.255"));
  EXPECT_TRUE(CidrContains("10.1.2.3/32", "10.1.2.3"));
  EXPECT_TRUE(CidrContains("0.0.0.0/0", "8.8.8.8"));
  EXPECT_TRUE(CidrContains("2620:149::/32", "2620:149:a::1"));
  EXPECT_FALSE(CidrContains("2620:149::/32", "17.0.0.1"));
  EXPECT_FALSE(CidrContains("garbage", "17.0.0.1"));
}

TEST(Plan, FirstMatchingConnectToRuleWins) {
  auto ocsp = MakeEndpoint("certs", "ocsp.apple.com", {80, 443});
  auto push = MakeEndpoint("push", "*.push.apple.com", {5223});
  push.hints.representative_host = "1-courier.push.apple.com";
  Plan plan = MakePlan({ocsp, push}, {Rule("ocsp.apple.com:80:127.0.0.1:8080"),
                                      Rule("*.push.apple.com::[::1]:"), Rule(":::9999")});
  ASSERT_EQ(plan.checks.size(), 3u);
  const ProbeSpec& http = plan.probes[*plan.checks[0].probe];
  EXPECT_EQ(http.connect_host, "127.0.0.1");
  EXPECT_EQ(http.connect_port, 8080);
  EXPECT_EQ(http.sni, "ocsp.apple.com");
  const ProbeSpec& tls = plan.probes[*plan.checks[1].probe];
  EXPECT_EQ(tls.connect_host, "");
  EXPECT_EQ(tls.connect_port, 9999);
  const ProbeSpec& courier = plan.probes[*plan.checks[2].probe];
  EXPECT_EQ(courier.connect_host, "::1");
  EXPECT_EQ(courier.connect_port, 5223);
  EXPECT_EQ(courier.connect_rule, "*.push.apple.com::[::1]:");
}

}  // namespace
}  // namespace orchard::probe
