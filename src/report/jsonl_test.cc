#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <sstream>

#include "base/json.h"
#include "report/render.h"
#include "results/json_codec.h"
#include "results/labels.h"
#include "support/check_results.h"

namespace orchard::report {
namespace {

namespace json = boost::json;

results::CheckDocument Sample() {
  results::CheckDocument doc;
  doc.run.orchard_version = "0.1.0";
  doc.run.run_id = "run-7";
  doc.run.started_at = "2026-11-27T18:00:00Z";
  doc.run.hostname = "mac-01";
  doc.run.labels = {{"site", "paris"}, {"fleet", "lab \"b\"\n"}};
  doc.run.catalog_source = "e2e";
  doc.run.profiles = {"sep"};
  doc.run.duration_ms = 812.5;
  for (auto status : {probe::Status::kPass, probe::Status::kFail, probe::Status::kWarn}) {
    probe::CheckResult r = testing::MakeResult("idmsa.apple.com", 443)
                               .Status(status,
                                       status == probe::Status::kPass ? probe::Reason::kOk
                                                                      : probe::Reason::kTcpTimeout)
                               .Detail("line one\nline two");  // a newline must not split the line
    r.category = "apple-id";
    r.target.clear();
    doc.results.push_back(r);
  }
  doc.diagnoses.push_back(
      {"ports-blocked", diagnose::Severity::kHigh, "t", "e", "r", {"idmsa.apple.com:443"}, 5});
  return doc;
}

std::vector<json::object> Lines(const std::string& text) {
  std::vector<json::object> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    boost::system::error_code ec;
    json::value v = json::parse(line, ec);
    EXPECT_FALSE(ec) << ec.message() << ": " << line;
    EXPECT_TRUE(v.is_object()) << line;
    if (v.is_object()) out.push_back(v.as_object());
  }
  return out;
}

TEST(JsonLines, OneSelfContainedLinePerResultThenDiagnosesThenTheRun) {
  results::CheckDocument doc = Sample();
  std::string text = RenderJsonLines(doc, {});
  ASSERT_FALSE(text.empty());
  EXPECT_EQ(text.back(), '\n');
  auto lines = Lines(text);
  ASSERT_EQ(lines.size(), 5u);
  for (size_t i = 0; i < lines.size(); ++i) {
    const auto& o = lines[i];
    EXPECT_EQ(o.at("type"), i < 3 ? "result" : i == 3 ? "diagnosis" : "run");
    EXPECT_EQ(o.at("schema"), "orchard/jsonl-v1");
    EXPECT_EQ(o.at("run_id"), "run-7");
    EXPECT_EQ(o.at("timestamp"), "2026-11-27T18:00:00Z");
    EXPECT_EQ(o.at("hostname"), "mac-01");
    EXPECT_EQ(o.at("orchard_version"), "0.1.0");
    EXPECT_EQ(o.at("site"), "paris");
    EXPECT_EQ(o.at("fleet"), "lab \"b\"\n");
  }
  EXPECT_EQ(lines[1].at("status"), "fail");
  EXPECT_EQ(lines[1].at("reason"), "tcp_timeout");
  EXPECT_EQ(lines[1].at("detail"), "line one\nline two");
  EXPECT_EQ(lines[3].at("id"), "ports-blocked");
  EXPECT_EQ(lines[3].at("severity"), "high");
  EXPECT_EQ(lines[4].at("summary").at("failed"), 1);
  EXPECT_EQ(lines[4].at("summary").at("duration_ms"), 812.5);
  EXPECT_EQ(lines[4].at("catalog").at("profiles").at(0), "sep");
}

// A result line is the envelope plus exactly what the check-v1 encoder writes for that result.
TEST(JsonLines, ResultFieldsAreTheCheckV1Encoders) {
  results::CheckDocument doc = Sample();
  auto lines = Lines(RenderJsonLines(doc, {}));
  ASSERT_GE(lines.size(), 1u);
  json::object expected = results::ToJson(doc.results[0]);
  for (const auto& kv : expected) {
    ASSERT_TRUE(lines[0].contains(kv.key())) << kv.key();
    // Compared as written: 0.0 is written "0" and reads back as an integer.
    EXPECT_EQ(SerializeJson(lines[0].at(kv.key()), 0), SerializeJson(kv.value(), 0)) << kv.key();
  }
  // envelope (6) + labels (2) + the result's own fields
  EXPECT_EQ(lines[0].size(), expected.size() + 8);
}

TEST(JsonLines, NoResultsStillWritesTheRunLine) {
  results::CheckDocument doc;
  auto lines = Lines(RenderJsonLines(doc, {}));
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_EQ(lines[0].at("type"), "run");
  EXPECT_EQ(lines[0].at("summary").at("total"), 0);
}

// A document built in code (not through --label or the decoder) may carry a bad label; the
// line keeps its own field.
TEST(JsonLines, AFieldWinsOverACollidingLabel) {
  results::CheckDocument doc = Sample();
  doc.run.labels["status"] = "fine";
  auto lines = Lines(RenderJsonLines(doc, {}));
  EXPECT_EQ(lines[1].at("status"), "fail");
}

// Every key any line can carry is reserved, so no --label can shadow one. Adding a field to the
// check-v1 encoder without reserving it fails here.
TEST(JsonLines, EveryFieldNameIsReservedForLabels) {
  results::CheckDocument doc = Sample();
  doc.run.labels.clear();
  probe::CheckResult full = doc.results[0];
  full.tls = probe::TlsFacts{};
  full.http = probe::HttpFacts{};
  full.ntp = probe::NtpFacts{};
  full.compared = probe::RouteComparison{};
  doc.results.push_back(full);
  for (const auto& line : Lines(RenderJsonLines(doc, {}))) {
    for (const auto& kv : line) EXPECT_TRUE(results::IsReservedLabelName(kv.key())) << kv.key();
  }
  for (const auto& kv : results::ToJson(doc))
    EXPECT_TRUE(results::IsReservedLabelName(kv.key())) << kv.key();
}

}  // namespace
}  // namespace orchard::report
