#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "report/render.h"
#include "support/check_results.h"

namespace orchard::report {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

probe::CheckResult Row(std::string category, std::string host, uint16_t port, probe::Status status,
                       probe::Reason reason, std::string detail = "") {
  probe::CheckResult r = testing::MakeResult(std::move(host), port)
                             .Kind(probe::CheckKind::kTls)
                             .Status(status, reason)
                             .Detail(std::move(detail))
                             .Took(42);
  r.category = std::move(category);
  return r;
}

results::CheckDocument Doc() {
  results::CheckDocument doc;
  doc.run.hostname = "mac-01";
  doc.run.duration_ms = 1500;
  doc.results.push_back(Row("certificate-validation", "ocsp.apple.com", 80, probe::Status::kFail,
                            probe::Reason::kTcpTimeout, "no answer within 5 s"));
  doc.results.push_back(
      Row("apple-id", "idmsa.apple.com", 443, probe::Status::kPass, probe::Reason::kOk));
  doc.results.push_back(Row("certificate-validation", "valid.apple.com", 443, probe::Status::kWarn,
                            probe::Reason::kProxyRequired));
  diagnose::Diagnosis d;
  d.id = "cert-validation-blocked";
  d.severity = diagnose::Severity::kCritical;
  d.title = "Certificate validation is blocked";
  d.explanation = "macOS cannot check certificates.";
  d.remedy = "Allow TCP 80 to ocsp.apple.com.";
  d.affected = {"ocsp.apple.com:80"};
  doc.diagnoses.push_back(d);
  return doc;
}

TEST(TextReport, PutsDiagnosesBeforeResultsAndSummaryLast) {
  std::string out = RenderText(Doc(), {});
  size_t diagnosis = out.find("Certificate validation is blocked");
  size_t fix = out.find("Fix: Allow TCP 80 to ocsp.apple.com.");
  size_t first_row = out.find("ocsp.apple.com:80  ");
  size_t summary = out.find("3 checks: 1 passed, 1 failed, 1 warned, 0 skipped in 1.5 s");
  ASSERT_NE(diagnosis, std::string::npos) << out;
  ASSERT_NE(fix, std::string::npos) << out;
  ASSERT_NE(first_row, std::string::npos) << out;
  ASSERT_NE(summary, std::string::npos) << out;
  EXPECT_LT(diagnosis, fix);
  EXPECT_LT(fix, first_row);
  EXPECT_LT(first_row, summary);
  EXPECT_THAT(out, HasSubstr("CRITICAL"));
}

TEST(TextReport, HostFactsGetOneHeaderLineOnlyWhenRead) {
  results::CheckDocument doc = Doc();
  EXPECT_EQ(RenderText(doc, {}).find("Host:"), std::string::npos);
  host::HostFacts facts;
  facts.platform = host::Platform::kMacOS;
  facts.os = {"macOS", "14.4", "23E214"};
  facts.mdm = host::MdmEnrollment{false, true, true, ""};
  facts.system_extensions = std::vector<host::SystemExtension>(3);
  doc.host = facts;
  std::string text = RenderText(doc, {});
  EXPECT_THAT(text, ::testing::HasSubstr("\nHost: macOS 14.4 (23E214), MDM enrolled, 3 system "
                                         "extensions\n"));
  facts = {};  // read from a folder without sw_vers, profiles or systemextensionsctl
  facts.platform = host::Platform::kMacOS;
  doc.host = facts;
  EXPECT_THAT(RenderText(doc, {}), ::testing::HasSubstr("\nHost: macos\n"));
}

TEST(TextReport, GroupsRowsByCategoryInFirstSeenOrder) {
  std::string out = RenderText(Doc(), {});
  size_t cert = out.find("certificate-validation  0/2 passed");
  size_t valid = out.find("valid.apple.com:443");
  size_t apple_id = out.find("apple-id  1/1 passed");
  ASSERT_NE(cert, std::string::npos) << out;
  ASSERT_NE(apple_id, std::string::npos) << out;
  EXPECT_LT(cert, valid);
  EXPECT_LT(valid, apple_id);  // both certificate rows come before the next category
  EXPECT_THAT(out, HasSubstr("✗ FAIL"));
  EXPECT_THAT(out, HasSubstr("tcp_timeout"));
  EXPECT_THAT(out, HasSubstr("! warn"));
  EXPECT_THAT(out, HasSubstr("proxy_required"));
}

TEST(TextReport, ColoursOnlyWhenAsked) {
  EXPECT_THAT(RenderText(Doc(), {.color = false}), Not(HasSubstr("\x1b[")));
  EXPECT_THAT(RenderText(Doc(), {.color = true}), HasSubstr("\x1b[1;31m✗ FAIL\x1b[0m"));
}

TEST(TextReport, VerboseAddsFactsPerRow) {
  results::CheckDocument doc = Doc();
  doc.results[0].cname_chain = {"ocsp.apple.com", "ocsp-lb.apple.com.akadns.net"};
  doc.results[0].addresses = {{"17.253.7.1", 80, "filtered", 5000}};
  EXPECT_THAT(RenderText(doc, {}), Not(HasSubstr("17.253.7.1")));
  std::string out = RenderText(doc, {.verbose = true});
  EXPECT_THAT(out, HasSubstr("ocsp.apple.com -> ocsp-lb.apple.com.akadns.net"));
  EXPECT_THAT(out, HasSubstr("17.253.7.1 filtered (5.0 s)"));
  EXPECT_THAT(out, Not(HasSubstr("datagrams")));
  doc.results[0].udp = probe::UdpFacts{3, 1};
  EXPECT_THAT(RenderText(doc, {.verbose = true}), HasSubstr("datagrams 3 sent, 1 answered"));
}

// The cell after the check kind used to be padded to fixed widths (7 for the kind, 8 for a
// time, 22 for a reason) with nothing in between, so a kind that filled its column ran into the
// next cell: "captivedns_timeout".
TEST(TextReport, KeepsAGapAfterEveryCheckKind) {
  for (std::string_view kind :
       {"dns", "tcp", "tls", "http", "captive", "ocsp", "crl", "ntp", "ssh", "quic"}) {
    results::CheckDocument doc;
    doc.results.push_back(Row("device-setup", "captive.apple.com", 80, probe::Status::kFail,
                              probe::Reason::kDnsTimeout, "no answer"));
    doc.results.push_back(Row("device-setup", "time.apple.com", 123, probe::Status::kFail,
                              probe::Reason::kTlsCertTimeInvalid, "expired"));
    doc.results.push_back(
        Row("device-setup", "albert.apple.com", 443, probe::Status::kPass, probe::Reason::kOk));
    doc.results.back().timings.total = 86'400'000;  // "86400.0 s": longer than any fixed width
    for (auto& r : doc.results) r.check = probe::CheckKindFromString(kind).value();
    std::string out = RenderText(doc, {});
    std::string k(kind);
    EXPECT_THAT(out, HasSubstr(k + "  dns_timeout")) << out;
    EXPECT_THAT(out, HasSubstr(k + "  tls_cert_time_invalid")) << out;
    EXPECT_THAT(out, ::testing::ContainsRegex(k + " +86400.0 s")) << out;
  }
}

TEST(TextReport, AlignsReasonsAndTimesInColumns) {
  results::CheckDocument doc;
  doc.results.push_back(Row("device-setup", "captive.apple.com", 80, probe::Status::kFail,
                            probe::Reason::kDnsTimeout, "no answer"));
  doc.results.back().check = probe::CheckKind::kCaptive;
  doc.results.push_back(Row("device-setup", "time.apple.com", 123, probe::Status::kFail,
                            probe::Reason::kTlsCertTimeInvalid, "expired"));
  doc.results.push_back(
      Row("device-setup", "gsa.apple.com", 443, probe::Status::kPass, probe::Reason::kOk, "fine"));
  doc.results.back().timings.total = 1500;
  std::string out = RenderText(doc, {});
  EXPECT_THAT(out, HasSubstr("captive.apple.com:80  captive  dns_timeout            no answer\n"));
  EXPECT_THAT(out, HasSubstr("time.apple.com:123    tls      tls_cert_time_invalid  expired\n"));
  EXPECT_THAT(out, HasSubstr("gsa.apple.com:443     tls      1.5 s  fine\n"));
}

TEST(TextReport, SaysSoWhenEverythingPassed) {
  results::CheckDocument doc;
  doc.results.push_back(
      Row("apple-id", "idmsa.apple.com", 443, probe::Status::kPass, probe::Reason::kOk));
  EXPECT_THAT(RenderText(doc, {}), HasSubstr("No problems found"));
}

TEST(TextReport, NeverSaysEveryCheckPassedWhenChecksWereSkipped) {
  results::CheckDocument doc;
  doc.results.push_back(
      Row("apple-id", "idmsa.apple.com", 443, probe::Status::kSkip, probe::Reason::kDeadline));
  doc.results.push_back(
      Row("apple-id", "gsa.apple.com", 443, probe::Status::kSkip, probe::Reason::kDeadline));
  std::string all_skipped = RenderText(doc, {});
  EXPECT_THAT(all_skipped, HasSubstr("Nothing was checked: all 2 checks were skipped."));
  EXPECT_THAT(all_skipped, Not(HasSubstr("No problems found")));
  EXPECT_EQ(RenderJamf(doc, {}), "<result>SKIP nothing checked, 2 of 2 skipped</result>\n");

  doc.results.push_back(
      Row("apple-id", "appleid.apple.com", 443, probe::Status::kPass, probe::Reason::kOk));
  std::string one_ran = RenderText(doc, {});
  EXPECT_THAT(one_ran, HasSubstr("No problems found in the 1 check that ran (2 skipped)."));
  EXPECT_THAT(one_ran, Not(HasSubstr("every check passed")));
  EXPECT_EQ(RenderJamf(doc, {}), "<result>PASS 1/3, 2 skipped</result>\n");

  EXPECT_THAT(RenderText(results::CheckDocument{}, {}),
              HasSubstr("Nothing was checked: no catalog row was selected."));
}

TEST(Render, KnowsFormatsByName) {
  EXPECT_EQ(FormatFromString("json"), Format::kJson);
  EXPECT_EQ(FormatFromString("yaml"), std::nullopt);
  EXPECT_EQ(FormatFromString("JSON"), std::nullopt);  // names are lower case, as the help lists
}

}  // namespace
}  // namespace orchard::report
