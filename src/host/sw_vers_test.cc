// sw_vers on every recorded output in testdata/sw_vers (see testdata/SOURCES.md), and on
// broken input.
#include "host/sw_vers.h"

#include <gtest/gtest.h>

#include "support/host_testdata.h"

namespace orchard::host {
namespace {

using testing::Fixture;

TEST(SwVers, ReadsHighSierraWithTabs) {
  auto v = ParseSwVers(Fixture("sw_vers/high_sierra_10_13.txt"));
  ASSERT_TRUE(v) << v.error().message();
  EXPECT_EQ(v->product_name, "Mac OS X");
  EXPECT_EQ(v->product_version, "10.13");
  EXPECT_EQ(v->build_version, "17A405");
  EXPECT_EQ(v->product_version_extra, "");
}

TEST(SwVers, ReadsCatalinaPastedWithSpaces) {
  auto v = ParseSwVers(Fixture("sw_vers/catalina_spaces.txt"));
  ASSERT_TRUE(v) << v.error().message();
  EXPECT_EQ(v->product_name, "Mac OS X");
  EXPECT_EQ(v->product_version, "10.15.5");
  EXPECT_EQ(v->build_version, "19F101");
}

TEST(SwVers, ReadsSonomaWithDoubleTabs) {
  auto v = ParseSwVers(Fixture("sw_vers/sonoma_14_0.txt"));
  ASSERT_TRUE(v) << v.error().message();
  EXPECT_EQ(v->product_name, "macOS");
  EXPECT_EQ(v->product_version, "14.0");
  EXPECT_EQ(v->build_version, "23A344");
}

TEST(SwVers, TruncatedOutputNamesWhatIsMissing) {
  auto v = ParseSwVers("ProductName:\tmacOS\nProductVersion:\t14.0\n");
  ASSERT_FALSE(v);
  EXPECT_EQ(v.error().message(), "sw_vers:3: no BuildVersion (output ends early?)");
  EXPECT_EQ(v.error().code(), ErrorCode::kParse);
}

TEST(SwVers, GarbageNamesItsLine) {
  auto v = ParseSwVers("ProductName:\tmacOS\n<html>oops</html>\n");
  ASSERT_FALSE(v);
  EXPECT_EQ(v.error().message(), "sw_vers:2: expected \"Key: value\", got \"<html>oops</html>\"");
  EXPECT_FALSE(ParseSwVers(""));
}

// The parsers trim with base Trim, so a vertical tab or form feed is white space as a space is
// (host's own Trim used to keep them, unlike every other parser's): no key or value ends in one,
// and a line of them is a blank line.
TEST(SwVers, VerticalTabAndFormFeedAreWhiteSpace) {
  auto v =
      ParseSwVers("ProductName:\tmacOS\v\nProductVersion:\t14.0\f\n\f\v\nBuildVersion: 23A344\n");
  ASSERT_TRUE(v) << v.error().message();
  EXPECT_EQ(v->product_name, "macOS");
  EXPECT_EQ(v->product_version, "14.0");
  EXPECT_EQ(v->build_version, "23A344");
}

}  // namespace
}  // namespace orchard::host
