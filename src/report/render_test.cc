#include "report/render.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <set>

#include "report/common.h"
#include "support/check_results.h"

namespace orchard::report {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

probe::CheckResult Row(probe::Status status, std::string detail = "") {
  probe::CheckResult r =
      testing::MakeResult("idmsa.apple.com", 443)
          .Status(status,
                  status == probe::Status::kPass ? probe::Reason::kOk : probe::Reason::kTcpTimeout)
          .Detail(std::move(detail));
  r.category = "apple-id";
  r.target.clear();
  return r;
}

TEST(MarkupEscape, EscapesWhatMarkupCaresAbout) {
  EXPECT_EQ(MarkupEscape("<a href='x'>&\"</a>"), "&lt;a href=&#39;x&#39;&gt;&amp;&quot;&lt;/a&gt;");
}

TEST(Csv, QuotesPerRfc4180AndDefusesFormulas) {
  results::CheckDocument doc;
  doc.results.push_back(Row(probe::Status::kFail, "say \"hi\", then\nleave"));
  doc.results.push_back(Row(probe::Status::kFail, "@SUM(A1)"));
  std::string csv = RenderCsv(doc, {});
  EXPECT_THAT(csv, HasSubstr(",\"say \"\"hi\"\", then\nleave\","));
  EXPECT_THAT(csv, HasSubstr(",'@SUM(A1),"));
  EXPECT_EQ(std::count(csv.begin(), csv.end(), '\r'), 3);
}

// Text a label or host name could carry that each format must escape: markup, Markdown, a CSV
// separator and quote, and the CSV labels field's own separators.
results::CheckDocument LabelledDoc() {
  results::CheckDocument doc;
  doc.run.hostname = "mac-07";
  doc.run.run_id = "run-1";
  doc.run.started_at = "2026-11-27T09:30:00Z";
  doc.run.labels = {{"site", "paris"}, {"note", "<b>a_b</b> & \"c\", 10%; d"}};
  doc.results.push_back(Row(probe::Status::kFail, "x"));
  return doc;
}

TEST(RunHeader, TextShowsHostAndLabelsSortedByKey) {
  std::string out = RenderText(LabelledDoc(), {});
  EXPECT_THAT(out.substr(0, out.find('\n')),
              HasSubstr("on mac-07 at 2026-11-27T09:30:00Z · labels: note=<b>a_b</b> & \"c\", "
                        "10%; d, site=paris"));
}

TEST(RunHeader, HtmlShowsHostAndEscapedLabels) {
  std::string out = RenderHtml(LabelledDoc(), {});
  EXPECT_THAT(out, HasSubstr("<p class=\"meta\">from mac-07 · labels: note=&lt;b&gt;a_b&lt;/b&gt; "
                             "&amp; &quot;c&quot;, 10%; d, site=paris · "));
  EXPECT_THAT(out, Not(HasSubstr("<b>a_b")));
}

TEST(RunHeader, MarkdownShowsHostAndEscapedLabels) {
  std::string out = RenderMarkdown(LabelledDoc(), {});
  EXPECT_THAT(out, HasSubstr("# orchard: Apple services reachability from mac-07\n"));
  EXPECT_THAT(out, HasSubstr("\nLabels: note=\\<b\\>a\\_b\\</b\\> & \"c\", 10%; d, "
                             "site=paris\n"));
}

TEST(RunHeader, JunitCarriesHostRunIdAndLabelsAsProperties) {
  std::string out = RenderJunit(LabelledDoc(), {});
  EXPECT_THAT(out, HasSubstr(" hostname=\"mac-07\">\n"
                             "    <properties>\n"
                             "      <property name=\"hostname\" value=\"mac-07\"/>\n"
                             "      <property name=\"run_id\" value=\"run-1\"/>\n"
                             "      <property name=\"label.note\" value=\"&lt;b&gt;a_b&lt;/b&gt; "
                             "&amp; &quot;c&quot;, 10%; d\"/>\n"
                             "      <property name=\"label.site\" value=\"paris\"/>\n"
                             "    </properties>\n"
                             "    <testcase "));
  results::CheckDocument bare;
  bare.results.push_back(Row(probe::Status::kPass));
  EXPECT_THAT(RenderJunit(bare, {}), Not(HasSubstr("properties")));
}

// The Mac's facts, when read, head every human report as they head the text one.
TEST(RunHeader, EveryHumanFormatSaysWhatTheMacIs) {
  results::CheckDocument doc = LabelledDoc();
  host::HostFacts facts;
  facts.platform = host::Platform::kMacOS;
  facts.os = {"macOS", "14.4", "23E214"};
  facts.mdm = host::MdmEnrollment{false, true, true, ""};
  doc.host = facts;
  const std::string summary = host::HostSummary(facts);
  EXPECT_THAT(summary, HasSubstr("macOS 14.4 (23E214)"));
  EXPECT_THAT(RenderMarkdown(doc, {}), HasSubstr("\nHost: " + summary + "\n"));
  EXPECT_THAT(RenderHtml(doc, {}), HasSubstr(" · host: " + summary + "</p></header>"));
  EXPECT_THAT(RenderJunit(doc, {}),
              HasSubstr("<property name=\"host\" value=\"" + summary + "\"/>"));
  for (const std::string& out : {RenderMarkdown(LabelledDoc(), {}), RenderHtml(LabelledDoc(), {}),
                                 RenderJunit(LabelledDoc(), {})}) {
    EXPECT_THAT(out, Not(HasSubstr("macOS")));
  }
}

TEST(Csv, StartsEveryRecordWithTheRunsIdentity) {
  std::string csv = RenderCsv(LabelledDoc(), {});
  std::string header = csv.substr(0, csv.find("\r\n"));
  EXPECT_THAT(header,
              ::testing::StartsWith("hostname,run_id,started_at,labels,host_facts,category,host,"));
  // No host facts read: the host_facts field is there, empty.
  EXPECT_THAT(csv, HasSubstr("\r\nmac-07,run-1,2026-11-27T09:30:00Z,"
                             "\"note=<b>a_b</b> & \"\"c\"\", 10%25%3B d;site=paris\","
                             ",apple-id,idmsa.apple.com,"));
  // Another machine, other labels or none: the same header, so the files concatenate.
  results::CheckDocument other;
  other.results.push_back(Row(probe::Status::kPass));
  std::string other_csv = RenderCsv(other, {});
  EXPECT_EQ(other_csv.substr(0, other_csv.find("\r\n")), header);
  EXPECT_THAT(other_csv, HasSubstr("\r\n,,,,,apple-id,"));
}

// The Mac's one-line summary rides in every record, quoted (it holds commas), right after the
// run's identity; the header does not change, so files with and without facts concatenate.
TEST(Csv, CarriesTheHostSummaryWhenTheRunReadHostFacts) {
  results::CheckDocument doc = LabelledDoc();
  doc.results.push_back(Row(probe::Status::kPass));
  host::HostFacts facts;
  facts.platform = host::Platform::kMacOS;
  facts.os = {"macOS", "14.4", "23E214"};
  facts.mdm = host::MdmEnrollment{false, true, true, ""};
  facts.system_extensions.emplace(1);
  doc.host = facts;
  std::string csv = RenderCsv(doc, {});
  const std::string field =
      "\"macOS 14.4 (23E214), MDM enrolled, 1 system extension\",apple-id,idmsa.apple.com,";
  const std::string bare = RenderCsv(LabelledDoc(), {});
  EXPECT_EQ(csv.substr(0, csv.find("\r\n")), bare.substr(0, bare.find("\r\n")));
  size_t records = 0;
  for (size_t pos = csv.find(field); pos != std::string::npos; pos = csv.find(field, pos + 1)) {
    ++records;
  }
  EXPECT_EQ(records, 2u) << csv;
}

TEST(Jamf, StatusWordFirst) {
  results::CheckDocument doc;
  doc.results.push_back(Row(probe::Status::kPass));
  EXPECT_EQ(RenderJamf(doc, {}), "<result>PASS 1/1</result>\n");
  doc.results.push_back(Row(probe::Status::kWarn));
  EXPECT_EQ(RenderJamf(doc, {}), "<result>WARN 1 of 2 warned</result>\n");
  doc.results.push_back(Row(probe::Status::kFail));
  doc.diagnoses.push_back({"x</result>", diagnose::Severity::kHigh, "t", "", "", {}, 1});
  EXPECT_EQ(RenderJamf(doc, {}), "<result>FAIL 1 of 3 failed: x&lt;/result&gt;</result>\n");
}

host::SystemExtension Extension(std::string team, std::string bundle, std::string state) {
  host::SystemExtension e;
  e.team_id = std::move(team);
  e.bundle_id = std::move(bundle);
  e.state = std::move(state);
  return e;
}

// A Mac whose network is fine but whose endpoint protection waits for someone to allow it: the
// status word stays the checks' verdict, and the line names what waits and its team, which Jamf
// inventories nowhere else. Nothing of the Mac is added when nothing waits.
TEST(Jamf, NamesTheSystemExtensionsWaitingForTheUser) {
  results::CheckDocument doc;
  doc.results.push_back(Row(probe::Status::kPass));
  doc.diagnoses.push_back(
      {"system-extension-waiting", diagnose::Severity::kCritical, "t", "", "", {}, 850});
  host::HostFacts facts;
  facts.platform = host::Platform::kMacOS;
  facts.os = {"macOS", "14.4", "23E214"};
  facts.system_extensions = std::vector<host::SystemExtension>{
      Extension("9PTGMPNXZ2", "com.symantec.mes.systemextension", "activated waiting for user"),
      Extension("EQHXZ8M8AV", "com.google.santa.daemon", "activated enabled"),
      Extension("9PTGMPNXZ2", "com.symantec.mes.systemextension", "activated waiting for user"),
  };
  doc.host = facts;
  EXPECT_EQ(RenderJamf(doc, {}),
            "<result>PASS 1/1: system-extension-waiting; waiting for user: "
            "com.symantec.mes.systemextension (9PTGMPNXZ2)</result>\n");
  // Four waiting, from a recorded listing somebody sent: three named, the rest counted, and
  // nothing in a name can break the line or the tag.
  doc.diagnoses.clear();
  facts.system_extensions = std::vector<host::SystemExtension>{
      Extension("A", "a.one", "activated waiting for user"),
      Extension("B", "b.two\n</result>", "activated waiting for user"),
      Extension("C", "c.three", "activated waiting for user"),
      Extension("D", "d.four", "activated waiting for user"),
  };
  doc.host = facts;
  EXPECT_EQ(RenderJamf(doc, {}),
            "<result>PASS 1/1; waiting for user: a.one (A), b.two &lt;/result&gt; (B), "
            "c.three (C) +1</result>\n");
  facts.system_extensions = std::vector<host::SystemExtension>{
      Extension("EQHXZ8M8AV", "com.google.santa.daemon", "activated enabled")};
  doc.host = facts;
  EXPECT_EQ(RenderJamf(doc, {}), "<result>PASS 1/1</result>\n");
}

TEST(Junit, WarnPassesWithItsReasonAndFailCarriesTheDetail) {
  results::CheckDocument doc;
  doc.results.push_back(Row(probe::Status::kWarn, "w"));
  doc.results.push_back(Row(probe::Status::kFail, "a < b"));
  std::string xml = RenderJunit(doc, {});
  EXPECT_THAT(xml, HasSubstr("<system-out>WARN tcp_timeout: w"));
  EXPECT_THAT(xml, HasSubstr("<failure type=\"tcp_timeout\" message=\"tcp_timeout: a &lt; b\">"));
  EXPECT_THAT(xml, HasSubstr("failures=\"1\""));
}

TEST(Render, EveryFormatHasARendererANameAndAHelpLine) {
  results::CheckDocument doc;
  doc.results.push_back(Row(probe::Status::kPass));
  std::set<std::string_view> names, extensions;
  std::set<Format> formats;
  for (const FormatSpec& spec : Formats()) {
    EXPECT_TRUE(names.insert(spec.name).second) << "two formats named " << spec.name;
    EXPECT_TRUE(extensions.insert(spec.extension).second) << spec.name;
    EXPECT_TRUE(formats.insert(spec.format).second) << spec.name;
    auto format = FormatFromString(spec.name);
    ASSERT_TRUE(format) << spec.name;
    EXPECT_EQ(*format, spec.format);
    EXPECT_EQ(ToString(spec.format), spec.name);
    EXPECT_EQ(&SpecOf(spec.format), &spec);
    EXPECT_FALSE(Render(spec.format, doc, {}).empty()) << spec.name;
    EXPECT_THAT(FormatsHelp(), HasSubstr(std::string(spec.help))) << spec.name;
  }
  EXPECT_EQ(formats.size(), static_cast<size_t>(Format::kJamf) + 1) << "an enumerator has no row";
  EXPECT_EQ(FormatNames().size(), Formats().size());
  EXPECT_FALSE(FormatFromString("yaml"));
}

TEST(RouteComparisonRendering, EveryHumanFormatShowsTheRouteAndWhatGoingDirectChanges) {
  results::CheckDocument doc;
  doc.run.routing = "--proxy 127.20.0.1:3128";
  auto via = Row(probe::Status::kPass);
  via.target = "idmsa.apple.com";
  via.route.kind = "proxy";
  via.route.proxy = "127.20.0.1:3128";
  via.compared = probe::RouteComparison{
      {}, probe::Status::kFail, probe::Reason::kTcpTimeout, "no answer from 17.32.194.37:443"};
  doc.results.push_back(via);
  for (Format f : {Format::kText, Format::kMarkdown, Format::kHtml}) {
    std::string out = Render(f, doc, RenderOptions{});
    EXPECT_THAT(out, HasSubstr("Through the proxy and direct")) << static_cast<int>(f);
    EXPECT_THAT(out, HasSubstr("1 pass only through the proxy")) << static_cast<int>(f);
    EXPECT_THAT(out, ::testing::AnyOf(HasSubstr("tcp_timeout"), HasSubstr("tcp\\_timeout")))
        << static_cast<int>(f);
    EXPECT_THAT(out, HasSubstr("127.20.0.1:3128")) << static_cast<int>(f);
  }
  doc.results[0].compared.reset();
  EXPECT_THAT(Render(Format::kMarkdown, doc, RenderOptions{}),
              ::testing::Not(HasSubstr("Through the proxy and direct")));
}

}  // namespace
}  // namespace orchard::report
