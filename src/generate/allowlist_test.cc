#include "generate/allowlist.h"

#include <gtest/gtest.h>

#include "support/check_results.h"
#include "support/generate_catalog.h"

namespace orchard::generate {
namespace {

probe::CheckResult Check(std::string row_id, std::string host, uint16_t port, probe::Status status,
                         probe::Reason reason = probe::Reason::kOk) {
  return orchard::testing::MakeResult(std::move(host), port)
      .RowId(std::move(row_id))
      .ProxySupport("no")
      .Status(status, reason);
}

TEST(Allowlist, RejectsHostsNoConfigCouldHoldSafely) {
  for (const char* host : {"evil.com\nhttp_access allow all", "a b.com", "\"quoted\".com",
                           "a..b.com", "*.", "*.*.apple.com", "apple.com;"}) {
    auto rows = RowsFromEndpoints(
        {testing::EndpointRow("x", host, {443}, catalog::ProxySupport::kNo, "d")});
    EXPECT_FALSE(rows) << host;
    if (!rows) {
      EXPECT_EQ(rows.error().code(), ErrorCode::kParse);
    }
  }
  auto bad_cidr = testing::EndpointRow("x", "17.0.0.0/8", {443}, catalog::ProxySupport::kNo, "d");
  bad_cidr.host = "17.0.0.0/40";
  auto rows = RowsFromEndpoints({bad_cidr});
  ASSERT_FALSE(rows);
  EXPECT_NE(rows.error().message().find("fixture.toml:x/17.0.0.0/8"), std::string::npos);
}

TEST(Allowlist, NormalisesHostCase) {
  auto rows = RowsFromEndpoints(
      {testing::EndpointRow("x", "OCSP.Apple.COM", {80}, catalog::ProxySupport::kNo, "d")});
  ASSERT_TRUE(rows);
  EXPECT_EQ((*rows)[0].endpoint.host, "ocsp.apple.com");
}

TEST(Allowlist, FromResultsKeepsCheckedRowsWithCatalogPorts) {
  auto known = testing::FixtureEndpoints();
  results::CheckDocument doc;
  doc.results = {
      Check("mdm/*.push.apple.com", "*.push.apple.com", 443, probe::Status::kPass),
      Check("mdm/*.push.apple.com", "*.push.apple.com", 5223, probe::Status::kFail,
            probe::Reason::kTcpTimeout),
      Check("certificate-validation/ocsp.apple.com", "ocsp.apple.com", 80, probe::Status::kPass)};
  auto rows = RowsFromResults(doc, known, /*only_failing=*/false, /*keep_unknown=*/true);
  ASSERT_TRUE(rows);
  ASSERT_EQ(rows->size(), 2u);
  EXPECT_EQ((*rows)[0].endpoint.ports, (std::vector<uint16_t>{443, 80, 5223, 2197}));
  EXPECT_EQ((*rows)[0].findings.size(), 2u);
  EXPECT_EQ(BlockedText((*rows)[0]), "5223/tcp tcp_timeout");
}

TEST(Allowlist, OnlyFailingKeepsBlockedRowsAndTheirBlockedPorts) {
  auto known = testing::FixtureEndpoints();
  results::CheckDocument doc;
  doc.results = {
      Check("mdm/*.push.apple.com", "*.push.apple.com", 443, probe::Status::kPass),
      Check("mdm/*.push.apple.com", "*.push.apple.com", 5223, probe::Status::kFail,
            probe::Reason::kTcpTimeout),
      Check("certificate-validation/ocsp.apple.com", "ocsp.apple.com", 80, probe::Status::kPass),
      Check("certificate-validation/ocsp2.apple.com", "ocsp2.apple.com", 443, probe::Status::kWarn,
            probe::Reason::kProxyRequired),
      Check("certificate-validation/valid.apple.com", "valid.apple.com", 443, probe::Status::kWarn,
            probe::Reason::kHttpUnexpected),
  };
  auto rows = RowsFromResults(doc, known, /*only_failing=*/true, /*keep_unknown=*/true);
  ASSERT_TRUE(rows);
  ASSERT_EQ(rows->size(), 2u);
  EXPECT_EQ((*rows)[0].endpoint.host, "*.push.apple.com");
  EXPECT_EQ((*rows)[0].endpoint.ports, (std::vector<uint16_t>{5223}));
  EXPECT_EQ((*rows)[1].endpoint.host, "ocsp2.apple.com");  // proxy-required counts as blocked
}

TEST(Allowlist, UnknownRowsAreRebuiltOrDropped) {
  results::CheckDocument doc;
  auto r = Check("custom/intranet.example.com", "intranet.example.com", 8443, probe::Status::kFail,
                 probe::Reason::kTcpRefused);
  r.proxy_support = "yes";
  r.category = "custom";
  doc.results = {r};
  auto kept = RowsFromResults(doc, {}, true, /*keep_unknown=*/true);
  ASSERT_TRUE(kept);
  ASSERT_EQ(kept->size(), 1u);
  const auto& e = (*kept)[0].endpoint;
  EXPECT_EQ(e.host, "intranet.example.com");
  EXPECT_EQ(e.kind, catalog::HostKind::kName);
  EXPECT_EQ(e.ports, (std::vector<uint16_t>{8443}));
  EXPECT_EQ(e.proxy, catalog::ProxySupport::kYes);
  EXPECT_EQ(e.category, "custom");

  auto dropped = RowsFromResults(doc, {}, true, /*keep_unknown=*/false);
  ASSERT_TRUE(dropped);
  EXPECT_TRUE(dropped->empty());
}

TEST(Allowlist, HostileHostInResultsIsAnError) {
  results::CheckDocument doc;
  doc.results = {Check("x/y", "y.com\nacl all src all", 443, probe::Status::kFail)};
  auto rows = RowsFromResults(doc, {}, true, true);
  ASSERT_FALSE(rows);
  EXPECT_EQ(rows.error().code(), ErrorCode::kParse);
  EXPECT_NE(rows.error().message().find("results: row 'x/y'"), std::string::npos);
}

TEST(Allowlist, CollapseNeedsAParentDomain) {
  EXPECT_EQ(*NormaliseCollapse("Apple.com"), "apple.com");
  EXPECT_EQ(*NormaliseCollapse("*.apple.com"), "apple.com");
  EXPECT_EQ(*NormaliseCollapse(".icloud.com"), "icloud.com");
  for (const char* bad : {"com", "", ".", "*.com", "apple..com", "a pple.com", "*.*.apple.com"}) {
    auto r = NormaliseCollapse(bad);
    EXPECT_FALSE(r) << bad;
    if (!r) {
      EXPECT_EQ(r.error().code(), ErrorCode::kUsage);
    }
  }
}

}  // namespace
}  // namespace orchard::generate
