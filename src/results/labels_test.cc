#include "results/labels.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>

namespace orchard::results {
namespace {

using ::testing::HasSubstr;

std::string ErrorOf(std::vector<std::string> items) {
  auto labels = ParseLabels(items);
  if (labels) return "(no error)";
  EXPECT_EQ(labels.error().code(), ErrorCode::kUsage);
  return labels.error().message();
}

TEST(Labels, ParsesKeyValuePairsAndKeepsEqualsInTheValue) {
  auto labels = ParseLabels({"site=paris", "_Fleet9=a=b", "note=é ok"});
  ASSERT_TRUE(labels) << labels.error().ToString();
  EXPECT_EQ(*labels, (Labels{{"site", "paris"}, {"_Fleet9", "a=b"}, {"note", "é ok"}}));
  EXPECT_TRUE(ParseLabels({}).value().empty());
}

TEST(Labels, RefusesWhatALogPipelineCouldNotUse) {
  EXPECT_EQ(ErrorOf({"site"}), "'site': expected KEY=VALUE");
  EXPECT_THAT(ErrorOf({"=paris"}), HasSubstr("'' is not a label name"));
  EXPECT_THAT(ErrorOf({"9site=x"}), HasSubstr("'9site' is not a label name"));
  EXPECT_THAT(ErrorOf({"si-te=x"}), HasSubstr("'si-te' is not a label name"));
  EXPECT_THAT(ErrorOf({"site.name=x"}), HasSubstr("is not a label name"));
  EXPECT_THAT(ErrorOf({std::string(65, 'a') + "=x"}), HasSubstr("at most 64 characters"));
  EXPECT_EQ(ErrorOf({"status=ok"}),
            "'status=ok': 'status' is reserved: every JSON line already has a field of that name");
  EXPECT_THAT(ErrorOf({"hostname=x"}), HasSubstr("reserved"));
  EXPECT_THAT(ErrorOf({"type=x"}), HasSubstr("reserved"));
  EXPECT_EQ(ErrorOf({"site="}), "'site=': the value is empty");
  EXPECT_THAT(ErrorOf({"site=a\nb"}), HasSubstr("control characters"));
  EXPECT_THAT(ErrorOf({"site=\xff"}), HasSubstr("not valid UTF-8"));
  EXPECT_THAT(ErrorOf({"site=" + std::string(1025, 'x')}), HasSubstr("longer than 1024"));
  EXPECT_EQ(ErrorOf({"site=a", "site=b"}), "'site=b': site is already set to 'a'");
}

TEST(Labels, MessagesStayShortAndPrintable) {
  std::string message = ErrorOf({std::string(500, '\x01') + "=x"});
  EXPECT_LT(message.size(), 200u);
  EXPECT_TRUE(std::none_of(message.begin(), message.end(), [](char c) { return c < 0x20; }));
}

TEST(Labels, ReservedNamesAreSortedSoLookupWorks) {
  const auto& names = ReservedLabelNames();
  EXPECT_TRUE(std::is_sorted(names.begin(), names.end()));
  EXPECT_TRUE(IsReservedLabelName("row_id"));
  EXPECT_FALSE(IsReservedLabelName("site"));
}

}  // namespace
}  // namespace orchard::results
