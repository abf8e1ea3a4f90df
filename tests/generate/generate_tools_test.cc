// Every generated config checked by the tool that will read it: squid -k parse, nft -c,
// iptables-restore --test, and the PAC run by Node.js with the standard helper functions.
// A test skips, saying why, when its tool is missing; scripts/packages-test.txt installs them.
// nft and iptables run inside a fresh user+network namespace (unshare -rn) so nothing touches
// the machine's own firewall.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

#include "generate/renderers.h"
#include "generate/resolver.h"
#include "pac_samples.h"
#include "support/fake_clock.h"
#include "support/fake_host_resolver.h"
#include "support/generate_catalog.h"
#include "support/temp_dir.h"
#include "tool_check.h"

namespace orchard::generate {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

using orchard::testing::TempDir;
using testing::FirewallSandbox;
using testing::Have;
using testing::Sandbox;
using testing::Shell;
using testing::ShellRun;
using testing::SquidParse;

Allowlist Fixture(bool resolved) {
  auto list = orchard::testing::FixtureList();
  if (resolved) {
    orchard::testing::FakeHostResolver dns({{"ocsp.apple.com", {"23.10.1.1", "2600:1400::1"}},
                                            {"crl3.digicert.com", {"192.0.2.10"}},
                                            {"valid.apple.com", {"17.32.1.1"}},
                                            {"1-courier.push.apple.com", {"17.57.146.20"}}});
    orchard::testing::FakeClock clock(std::chrono::sys_days{std::chrono::year{2026} / 11 / 27});
    ResolveHosts(list, dns, clock);
  }
  return list;
}

// ---- squid ----

void ExpectSquidAccepts(const std::string& config) {
  TempDir dir;
  std::string file = dir.Write("orchard.conf", config);
  ShellRun run = SquidParse(file);
  EXPECT_EQ(run.exit_code, 0) << run.output;
  // squid parses past some mistakes with only a warning (overlapping dstdomain entries): none.
  EXPECT_THAT(run.output, Not(HasSubstr("WARNING"))) << run.output;
  EXPECT_THAT(run.output, Not(HasSubstr("ERROR"))) << run.output;
}

TEST(SquidTool, ParsesTheGeneratedConfig) {
  if (!Have("squid")) GTEST_SKIP() << "squid not installed (package squid-openssl)";
  ExpectSquidAccepts(RenderSquid(Fixture(false)));
  auto collapsed = Fixture(false);
  collapsed.collapse = {"apple.com", "icloud.com"};
  ExpectSquidAccepts(RenderSquid(collapsed));
}

TEST(SquidTool, RejectsABrokenConfig) {
  if (!Have("squid")) GTEST_SKIP() << "squid not installed (package squid-openssl)";
  TempDir dir;
  std::string file = dir.Write("bad.conf", RenderSquid(Fixture(false)) + "ssl_bump splize all\n");
  EXPECT_NE(SquidParse(file).exit_code, 0);
}

// ---- nftables ----

TEST(NftTool, ChecksTheGeneratedRuleset) {
  if (!Have("nft")) GTEST_SKIP() << "nft not installed (package nftables)";
  Sandbox sandbox = FirewallSandbox();
  if (!sandbox.unavailable.empty()) GTEST_SKIP() << sandbox.unavailable;
  TempDir dir;
  for (bool resolved : {false, true}) {
    std::string file = dir.Write("apple.nft", RenderNftables(Fixture(resolved)));
    ShellRun run = Shell(sandbox.prefix + "nft -c -f " + file);
    EXPECT_EQ(run.exit_code, 0) << "resolved=" << resolved << "\n" << run.output;
  }
}

TEST(NftTool, LoadsIntoAnExistingDropPolicyAndKeepsIt) {
  if (!Have("nft")) GTEST_SKIP() << "nft not installed (package nftables)";
  Sandbox sandbox = FirewallSandbox();
  if (!sandbox.unavailable.empty()) GTEST_SKIP() << sandbox.unavailable;
  TempDir dir;
  std::string site = dir.Write("site.nft",
                               "table inet filter {\n"
                               "  chain forward { type filter hook forward priority filter; "
                               "policy drop; }\n"
                               "  chain output { type filter hook output priority filter; "
                               "policy drop; ct state established accept; }\n"
                               "}\n");
  std::string apple = dir.Write("apple.nft", RenderNftables(Fixture(true)));
  ShellRun run = Shell(sandbox.prefix + "sh -c 'nft -f " + site + " && nft -f " + apple +
                       " && nft -f " + apple + " && nft list ruleset'");
  ASSERT_EQ(run.exit_code, 0) << run.output;
  // The site's drop policy stays; the jump comes before the site's own rules; loading twice
  // leaves one copy of the rules.
  EXPECT_THAT(run.output, HasSubstr("hook output priority filter; policy drop;"));
  EXPECT_THAT(run.output, HasSubstr("policy drop;\n\t\tjump orchard_apple\n\t\tjump orchard_apple\n"
                                    "\t\tct state established accept"));
  std::string listing = run.output;
  size_t count = 0;
  for (size_t at = 0; (at = listing.find("ip daddr 17.0.0.0/8 tcp dport", at)) != std::string::npos;
       ++at) {
    ++count;
  }
  EXPECT_EQ(count, 1u) << listing;
  EXPECT_THAT(listing, HasSubstr("ip6 daddr 2600:1400::1 tcp dport 80 accept"));
}

TEST(NftTool, RejectsABrokenRuleset) {
  if (!Have("nft")) GTEST_SKIP() << "nft not installed (package nftables)";
  Sandbox sandbox = FirewallSandbox();
  if (!sandbox.unavailable.empty()) GTEST_SKIP() << sandbox.unavailable;
  TempDir dir;
  std::string bad = RenderNftables(Fixture(false));
  bad.replace(bad.find("tcp dport {"), 11, "tcp dport {{");
  EXPECT_NE(Shell(sandbox.prefix + "nft -c -f " + dir.Write("bad.nft", bad)).exit_code, 0);
}

// ---- iptables ----

TEST(IptablesTool, TestsTheGeneratedRules) {
  if (!Have("iptables-restore"))
    GTEST_SKIP() << "iptables-restore not installed (package iptables)";
  Sandbox sandbox = FirewallSandbox();
  if (!sandbox.unavailable.empty()) GTEST_SKIP() << sandbox.unavailable;
  TempDir dir;
  for (bool resolved : {false, true}) {
    std::string file = dir.Write("apple.rules", RenderIptables(Fixture(resolved)));
    ShellRun run = Shell(sandbox.prefix + "iptables-restore --test --noflush " + file);
    EXPECT_EQ(run.exit_code, 0) << "resolved=" << resolved << "\n" << run.output;
  }
}

TEST(IptablesTool, LoadsWithNoflushBeforeTheSitesRules) {
  if (!Have("iptables-restore"))
    GTEST_SKIP() << "iptables-restore not installed (package iptables)";
  Sandbox sandbox = FirewallSandbox();
  if (!sandbox.unavailable.empty()) GTEST_SKIP() << sandbox.unavailable;
  TempDir dir;
  std::string apple = dir.Write("apple.rules", RenderIptables(Fixture(true)));
  ShellRun run = Shell(sandbox.prefix +
                       "sh -c 'iptables -P OUTPUT DROP && iptables -A OUTPUT -j DROP && "
                       "iptables-restore --noflush " +
                       apple + " && iptables -S'");
  ASSERT_EQ(run.exit_code, 0) << run.output;
  EXPECT_THAT(run.output, HasSubstr("-P OUTPUT DROP"));
  EXPECT_THAT(run.output, HasSubstr("-A OUTPUT -j ORCHARD-APPLE\n-A OUTPUT -j DROP"));
  EXPECT_THAT(run.output, HasSubstr("-A ORCHARD-APPLE -d 192.0.2.10/32 -p tcp -m multiport "
                                    "--dports 80"));
}

TEST(IptablesTool, RejectsBrokenRules) {
  if (!Have("iptables-restore"))
    GTEST_SKIP() << "iptables-restore not installed (package iptables)";
  Sandbox sandbox = FirewallSandbox();
  if (!sandbox.unavailable.empty()) GTEST_SKIP() << sandbox.unavailable;
  TempDir dir;
  std::string bad = RenderIptables(Fixture(false));
  bad.replace(bad.find("--dports"), 8, "--dportz");
  EXPECT_NE(
      Shell(sandbox.prefix + "iptables-restore --test --noflush " + dir.Write("bad.rules", bad))
          .exit_code,
      0);
}

// ---- PAC in Node.js ----

std::map<std::string, std::string> EvaluatePac(const std::string& pac,
                                               const std::vector<std::string>& urls,
                                               std::string* error) {
  return testing::EvaluatePacInNode(ORCHARD_PAC_HARNESS, pac, urls, error);
}

TEST(PacNode, AppleHostsGoDirectAndTheRestToTheProxy) {
  if (!Have("node")) GTEST_SKIP() << "node not installed (package nodejs)";
  auto pac = RenderPac(Fixture(false), testing::kPacProxy);
  ASSERT_TRUE(pac);
  auto expected = testing::PacSamples();
  std::vector<std::string> urls;
  for (const auto& [url, answer] : expected) urls.push_back(url);
  std::string error;
  auto answers = EvaluatePac(*pac, urls, &error);
  ASSERT_TRUE(error.empty()) << error;
  for (const auto& [url, answer] : expected) EXPECT_EQ(answers[url], answer) << url;
}

TEST(PacNode, CollapsedParentCoversItsApex) {
  if (!Have("node")) GTEST_SKIP() << "node not installed (package nodejs)";
  auto list = Fixture(false);
  list.collapse = {"apple.com"};
  auto pac = RenderPac(list, "socks5://127.0.0.1:1080");
  ASSERT_TRUE(pac);
  std::string error;
  auto answers = EvaluatePac(
      *pac, {"https://apple.com/", "https://www.apple.com/", "https://example.com/"}, &error);
  ASSERT_TRUE(error.empty()) << error;
  EXPECT_EQ(answers["https://apple.com/"], "DIRECT");
  EXPECT_EQ(answers["https://www.apple.com/"], "DIRECT");
  EXPECT_EQ(answers["https://example.com/"], "SOCKS5 127.0.0.1:1080");
}

TEST(PacNode, HarnessRejectsABrokenPac) {
  if (!Have("node")) GTEST_SKIP() << "node not installed (package nodejs)";
  auto pac = RenderPac(Fixture(false), "http://proxy.corp.example:3128");
  ASSERT_TRUE(pac);
  std::string error;
  EvaluatePac(pac->substr(0, pac->size() - 3), {"https://example.com/"}, &error);
  EXPECT_THAT(error, HasSubstr("SyntaxError"));
}

}  // namespace
}  // namespace orchard::generate
