#include "results/diff.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "support/check_results.h"

namespace orchard::results {
namespace {

using probe::Reason;
using probe::Status;
using ::testing::HasSubstr;

probe::CheckResult Row(std::string host, uint16_t port, Status status,
                       Reason reason = Reason::kOk) {
  probe::CheckResult r =
      testing::MakeResult(std::move(host), port).Category("c").Status(status, reason);
  r.target.clear();
  return r;
}

CheckDocument Before() {
  CheckDocument d;
  d.run.run_id = "before";
  d.results = {Row("fixed.apple.com", 80, Status::kFail, Reason::kTcpTimeout),
               Row("broke.apple.com", 443, Status::kPass),
               Row("reason.apple.com", 443, Status::kFail, Reason::kTcpTimeout),
               Row("same.apple.com", 443, Status::kPass),
               Row("gone.apple.com", 443, Status::kPass),
               Row("multi.apple.com", 80, Status::kPass),
               Row("multi.apple.com", 443, Status::kPass)};
  d.diagnoses.push_back({"partial-outage", diagnose::Severity::kMedium, "t", "", "", {}, 1});
  return d;
}

CheckDocument After() {
  CheckDocument d;
  d.run.run_id = "after";
  d.results = {Row("fixed.apple.com", 80, Status::kPass),
               Row("broke.apple.com", 443, Status::kFail, Reason::kTlsIntercepted),
               Row("reason.apple.com", 443, Status::kFail, Reason::kTcpRefused),
               Row("same.apple.com", 443, Status::kPass),
               Row("new.apple.com", 443, Status::kWarn, Reason::kProxyRequired),
               Row("multi.apple.com", 80, Status::kPass),
               Row("multi.apple.com", 443, Status::kSkip, Reason::kDeadline)};
  d.diagnoses.push_back({"tls-interception", diagnose::Severity::kHigh, "t", "", "", {}, 1});
  return d;
}

TEST(Diff, ClassifiesEachRowAndPutsWorseFirst) {
  RunDiff diff = DiffRuns(Before(), After());
  std::vector<std::pair<std::string, std::string>> got;
  for (const auto& c : diff.changes) got.emplace_back(c.label, ToString(c.kind));
  EXPECT_EQ(got, (std::vector<std::pair<std::string, std::string>>{
                     {"broke.apple.com:443", "broke"},
                     {"new.apple.com:443", "added"},
                     {"fixed.apple.com:80", "fixed"},
                     {"reason.apple.com:443", "reason_changed"},
                     {"multi.apple.com:443", "status_changed"},
                     {"gone.apple.com:443", "removed"},
                 }));
  EXPECT_EQ(diff.unchanged, 2);
  EXPECT_TRUE(diff.worse());
  EXPECT_EQ(diff.diagnoses_appeared, std::vector<std::string>{"tls-interception"});
  EXPECT_EQ(diff.diagnoses_resolved, std::vector<std::string>{"partial-outage"});
}

TEST(Diff, OnlyImprovementsAreNotWorse) {
  CheckDocument before = Before();
  CheckDocument after = Before();
  after.results[0].status = Status::kPass;
  after.results[0].reason = Reason::kOk;
  RunDiff diff = DiffRuns(before, after);
  ASSERT_EQ(diff.changes.size(), 1u);
  EXPECT_FALSE(diff.worse());
  EXPECT_FALSE(DiffRuns(before, before).worse());
  EXPECT_TRUE(DiffRuns(before, before).changes.empty());
}

TEST(Diff, WarnToFailIsWorseAndFailToWarnIsBetter) {
  CheckDocument a, b;
  a.results = {Row("x.apple.com", 443, Status::kWarn, Reason::kProxyRequired)};
  b.results = {Row("x.apple.com", 443, Status::kFail, Reason::kTcpTimeout)};
  EXPECT_TRUE(DiffRuns(a, b).worse());
  EXPECT_EQ(DiffRuns(b, a).changes[0].kind, ChangeKind::kFixed);
  EXPECT_FALSE(DiffRuns(b, a).worse());
}

TEST(Diff, RendersTextAndJson) {
  RunDiff diff = DiffRuns(Before(), After());
  std::string text = RenderDiffText(diff, false);
  EXPECT_THAT(text, HasSubstr("orchard diff: run before  ->  run after"));
  EXPECT_THAT(text, HasSubstr("broke.apple.com:443"));
  EXPECT_THAT(text, HasSubstr("pass -> fail tls_intercepted"));
  EXPECT_THAT(text, HasSubstr("2 worse, 1 better, 3 other changes (1 added, 1 removed), 2 "
                              "unchanged"));
  EXPECT_THAT(text, HasSubstr("Diagnoses that appeared: tls-interception"));
  boost::json::value v = boost::json::parse(RenderDiffJson(diff));
  EXPECT_EQ(v.at("schema"), "orchard/diff-v1");
  EXPECT_EQ(v.at("worse"), true);
  EXPECT_EQ(v.at("changes").as_array().size(), 6u);
  EXPECT_EQ(v.at("changes").at(0).at("change"), "broke");
  EXPECT_EQ(v.at("changes").at(0).at("before").at("status"), "pass");
  EXPECT_TRUE(v.at("changes").at(5).at("after").is_null());
}

}  // namespace
}  // namespace orchard::results
