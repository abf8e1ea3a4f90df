#include "cli/options.h"

#include <gtest/gtest.h>

namespace orchard::cli {
namespace {

TEST(Options, UnknownFormatIsAUsageErrorListingTheNames) {
  Error error = UnknownFormat("yaml", {"text", "json", "jsonl"});
  EXPECT_EQ(error.code(), ErrorCode::kUsage);
  EXPECT_EQ(error.message(), "unknown format 'yaml' (known: text, json, jsonl)");
}

TEST(Options, ColorModeFromStringKnowsTheThreeModes) {
  EXPECT_EQ(ColorModeFromString("auto"), ColorMode::kAuto);
  EXPECT_EQ(ColorModeFromString("always"), ColorMode::kAlways);
  EXPECT_EQ(ColorModeFromString("never"), ColorMode::kNever);
  EXPECT_EQ(ColorModeFromString("Never"), std::nullopt);
  EXPECT_EQ(ColorModeFromString(""), std::nullopt);
}

}  // namespace
}  // namespace orchard::cli
