// Golden-file tests: tests/golden/results.json (a fixed run, the input) is diagnosed and
// rendered in every format, and each output must equal its reviewed golden file. Run with
// ORCHARD_UPDATE_GOLDEN=1 to rewrite the goldens after an intended change, then review the diff.
// Structural checks ride along, so a broken renderer fails even if its golden was regenerated.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <boost/property_tree/ptree.hpp>
#include <boost/property_tree/xml_parser.hpp>
#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <regex>
#include <sstream>

#include "base/file.h"
#include "diagnose/diagnose.h"
#include "report/render.h"
#include "results/json_codec.h"

namespace orchard {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

const std::filesystem::path kDir = ORCHARD_GOLDEN_DIR;

results::CheckDocument Fixture() {
  auto text = ReadFile(kDir / "results.json");
  EXPECT_TRUE(text) << text.error().ToString();
  auto doc = results::DecodeCheckDocument(*text);
  EXPECT_TRUE(doc) << doc.error().ToString();
  doc->diagnoses = diagnose::Diagnose(doc->results, {});
  return *doc;
}

std::string Rendered(report::Format format) {
  return report::Render(format, Fixture(), {.color = false, .verbose = false});
}

void ExpectGolden(report::Format format, const std::string& name) {
  std::string out = Rendered(format);
  std::filesystem::path path = kDir / name;
  if (std::getenv("ORCHARD_UPDATE_GOLDEN")) {
    ASSERT_TRUE(WriteFileAtomically(path, out));
  }
  auto expected = ReadFile(path);
  ASSERT_TRUE(expected) << expected.error().ToString();
  EXPECT_EQ(out, *expected) << "rendering differs from " << path
                            << "; if intended, rerun with ORCHARD_UPDATE_GOLDEN=1 and review";
}

// One golden file per report format, named by the format's row: expected.EXTENSION.
class Golden : public ::testing::TestWithParam<report::FormatSpec> {};

TEST_P(Golden, RendersTheFixtureAsItsGoldenFile) {
  ExpectGolden(GetParam().format, "expected." + std::string(GetParam().extension));
}

INSTANTIATE_TEST_SUITE_P(EveryFormat, Golden, ::testing::ValuesIn(report::Formats()),
                         [](const ::testing::TestParamInfo<report::FormatSpec>& info) {
                           std::string name;
                           for (char c : info.param.name) {
                             if (std::isalnum(static_cast<unsigned char>(c))) name += c;
                           }
                           return name;
                         });

TEST(GoldenStructure, FixtureDiagnosesNameTheCauses) {
  std::vector<std::string> ids;
  for (const auto& d : Fixture().diagnoses) ids.push_back(d.id);
  EXPECT_EQ(ids, (std::vector<std::string>{"cert-validation-blocked", "tls-interception",
                                           "dns-sinkhole", "proxy-required", "proxy-denied",
                                           "ports-blocked", "partial-outage"}));
}

TEST(GoldenStructure, JsonRoundTrips) {
  std::string out = Rendered(report::Format::kJson);
  auto doc = results::DecodeCheckDocument(out);
  ASSERT_TRUE(doc) << doc.error().ToString();
  EXPECT_EQ(doc->results.size(), 23u);
  EXPECT_EQ(doc->diagnoses.size(), 7u);
  EXPECT_EQ(results::EncodeCheckDocument(*doc), out);
}

TEST(GoldenStructure, JsonLinesParseOneByOneWithTheRunsIdentity) {
  std::istringstream in(Rendered(report::Format::kJsonLines));
  std::map<std::string, int> types;
  for (std::string line; std::getline(in, line);) {
    boost::system::error_code ec;
    boost::json::value v = boost::json::parse(line, ec);
    ASSERT_FALSE(ec) << ec.message() << ": " << line;
    ASSERT_TRUE(v.is_object());
    const auto& o = v.as_object();
    const auto& type = o.at("type").as_string();
    ++types[std::string(type.data(), type.size())];
    EXPECT_EQ(o.at("run_id"), "golden-0001");
    EXPECT_EQ(o.at("timestamp"), "2026-11-27T09:30:00Z");
    EXPECT_EQ(o.at("hostname"), "mac-lab-07.corp.example");
    EXPECT_EQ(o.at("site"), "paris");
    EXPECT_EQ(o.at("fleet"), "lab");
  }
  EXPECT_EQ(types, (std::map<std::string, int>{{"result", 23}, {"diagnosis", 7}, {"run", 1}}));
}

TEST(GoldenStructure, JunitIsWellFormedWithOneTestcasePerCheck) {
  std::istringstream in(Rendered(report::Format::kJunit));
  boost::property_tree::ptree tree;
  ASSERT_NO_THROW(boost::property_tree::read_xml(in, tree));
  const auto& suites = tree.get_child("testsuites");
  EXPECT_EQ(suites.get<int>("<xmlattr>.tests"), 23);
  EXPECT_EQ(suites.get<int>("<xmlattr>.failures"), 12);
  int cases = 0, failures = 0, skipped = 0;
  for (const auto& [tag, suite] : suites) {
    if (tag != "testsuite") continue;
    std::map<std::string, std::string> properties;
    for (const auto& [ptag, property] : suite.get_child("properties")) {
      if (ptag != "property") continue;
      properties[property.get<std::string>("<xmlattr>.name")] =
          property.get<std::string>("<xmlattr>.value");
    }
    EXPECT_EQ(properties,
              (std::map<std::string, std::string>{{"hostname", "mac-lab-07.corp.example"},
                                                  {"run_id", "golden-0001"},
                                                  {"label.fleet", "lab"},
                                                  {"label.site", "paris"}}));
    for (const auto& [ctag, testcase] : suite) {
      if (ctag != "testcase") continue;
      ++cases;
      if (auto f = testcase.get_child_optional("failure")) {
        ++failures;
        EXPECT_FALSE(f->get<std::string>("<xmlattr>.message").empty());
        EXPECT_FALSE(f->get<std::string>("<xmlattr>.type").empty());
      }
      if (testcase.get_child_optional("skipped")) ++skipped;
    }
  }
  EXPECT_EQ(cases, 23);
  EXPECT_EQ(failures, 12);
  EXPECT_EQ(skipped, 1);
}

// A small RFC 4180 reader: quoted fields, doubled quotes, CRLF records.
std::vector<std::vector<std::string>> ParseCsv(const std::string& s) {
  std::vector<std::vector<std::string>> rows(1);
  std::string field;
  bool quoted = false;
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (quoted) {
      if (c == '"' && i + 1 < s.size() && s[i + 1] == '"') {
        field += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        field += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      rows.back().push_back(std::move(field));
      field.clear();
    } else if (c == '\r' && i + 1 < s.size() && s[i + 1] == '\n') {
      rows.back().push_back(std::move(field));
      field.clear();
      rows.emplace_back();
      ++i;
    } else {
      field += c;
    }
  }
  if (rows.back().empty()) rows.pop_back();
  return rows;
}

TEST(GoldenStructure, CsvHasAHeaderAndOneRecordPerCheckWithTheRunsIdentity) {
  auto rows = ParseCsv(Rendered(report::Format::kCsv));
  ASSERT_EQ(rows.size(), 24u);
  for (const auto& row : rows) ASSERT_EQ(row.size(), rows[0].size());
  std::map<std::string, size_t> column;
  for (size_t i = 0; i < rows[0].size(); ++i) column[rows[0][i]] = i;
  for (size_t i = 1; i < rows.size(); ++i) {
    EXPECT_EQ(rows[i][column.at("hostname")], "mac-lab-07.corp.example");
    EXPECT_EQ(rows[i][column.at("run_id")], "golden-0001");
    EXPECT_EQ(rows[i][column.at("started_at")], "2026-11-27T09:30:00Z");
    EXPECT_EQ(rows[i][column.at("labels")], "fleet=lab;site=paris");
  }
  EXPECT_EQ(rows[22][column.at("host")], "ppq.apple.com");
  EXPECT_EQ(rows[23][column.at("status")], "fail");
  const std::string& detail = rows[22][column.at("detail")];
  EXPECT_EQ(detail.substr(0, 12), "'=HYPERLINK(") << "formula must be defused";
  EXPECT_THAT(detail, HasSubstr("\n"));  // the newline survived inside the quotes
}

TEST(GoldenStructure, HtmlIsSelfContainedAndEscaped) {
  std::string html = Rendered(report::Format::kHtml);
  EXPECT_THAT(html, Not(HasSubstr("<script")));
  EXPECT_THAT(html, HasSubstr("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;"));
  std::regex external(R"((src|href)\s*=\s*(?!["']?#)|url\(|@import|<link|<iframe|<object)",
                      std::regex::icase);
  EXPECT_FALSE(std::regex_search(html, external)) << "the report must load nothing external";
  auto count = [&](std::string_view needle) {
    size_t n = 0;
    for (size_t pos = html.find(needle); pos != std::string::npos;
         pos = html.find(needle, pos + 1)) {
      ++n;
    }
    return n;
  };
  EXPECT_EQ(count("<table>"), 7u);  // one per category
  EXPECT_EQ(count("<svg "), 23u);   // one timing bar per check
  EXPECT_EQ(count("<article class=\"diag"), 7u);
  EXPECT_LT(html.find("What is wrong"), html.find("Results by category"));
}

TEST(GoldenStructure, EveryReportForPeopleNamesTheMachineInItsHeader) {
  for (auto format : {report::Format::kText, report::Format::kHtml, report::Format::kMarkdown}) {
    std::string out = Rendered(format);
    std::string head = out.substr(0, out.find("What is wrong"));
    EXPECT_THAT(head, HasSubstr("mac-lab-07.corp.example")) << report::ToString(format);
    EXPECT_THAT(head, HasSubstr("fleet=lab, site=paris")) << report::ToString(format);
  }
}

TEST(GoldenStructure, MarkdownAndJamfStayInTheirLanes) {
  std::string md = Rendered(report::Format::kMarkdown);
  EXPECT_THAT(md, Not(HasSubstr("<script>")));
  EXPECT_THAT(md, HasSubstr("\\<script\\>"));
  EXPECT_THAT(md, HasSubstr("| ❌ **FAIL** | `ocsp.apple.com:80` | ocsp | `tcp_timeout` |"));
  std::string jamf = Rendered(report::Format::kJamf);
  EXPECT_TRUE(std::regex_match(jamf, std::regex("<result>FAIL [^<>\n]*</result>\n"))) << jamf;
}

}  // namespace
}  // namespace orchard
