#include "base/strings.h"

#include <gtest/gtest.h>

namespace orchard {
namespace {

TEST(Strings, AsciiLowerMapsOnlyAsciiLetters) {
  EXPECT_EQ(AsciiLower("Courier.PUSH.apple.COM:443"), "courier.push.apple.com:443");
  EXPECT_EQ(AsciiLower("@[`{"), "@[`{");  // the bytes either side of A-Z and a-z
  // "É" in UTF-8, and Latin-1 "É" alone: bytes past 0x7F are not letters here.
  EXPECT_EQ(AsciiLower("\xC3\x89T\xC9"), "\xC3\x89t\xC9");
  EXPECT_EQ(AsciiLower(std::string_view("A\0B", 3)), std::string("a\0b", 3));
  EXPECT_EQ(AsciiLower(""), "");
  EXPECT_EQ(AsciiLower('Q'), 'q');
  EXPECT_EQ(AsciiLower('\xC9'), '\xC9');
}

TEST(Strings, AsciiUpperMapsOnlyAsciiLetters) {
  EXPECT_EQ(AsciiUpper("https_proxy"), "HTTPS_PROXY");
  EXPECT_EQ(AsciiUpper("@[`{"), "@[`{");
  EXPECT_EQ(AsciiUpper("\xC3\xA9z"), "\xC3\xA9Z");
  EXPECT_EQ(AsciiUpper('q'), 'Q');
}

TEST(Strings, EqualsIgnoreCaseComparesAsciiCaselessly) {
  EXPECT_TRUE(EqualsIgnoreCase("Content-Type", "content-TYPE"));
  EXPECT_TRUE(EqualsIgnoreCase("", ""));
  EXPECT_FALSE(EqualsIgnoreCase("Content-Type", "Content-Typ"));
  EXPECT_FALSE(EqualsIgnoreCase("a", "b"));
  EXPECT_FALSE(EqualsIgnoreCase("@", "`"));  // 0x40 and 0x60 differ by the case bit only
  EXPECT_FALSE(EqualsIgnoreCase("\xC3\xA9", "\xC3\x89"));  // é and É: not ASCII
}

TEST(Strings, JoinPutsTheSeparatorBetweenItems) {
  EXPECT_EQ(Join({}, ", "), "");
  EXPECT_EQ(Join({"443"}, " "), "443");
  EXPECT_EQ(Join({"80", "443", "5223"}, " "), "80 443 5223");
  EXPECT_EQ(Join({"a", "", "b"}, ", "), "a, , b");
  EXPECT_EQ(Join({"a", "b"}, ""), "ab");
}

TEST(Strings, CsvFieldQuotesPerRfc4180) {
  EXPECT_EQ(CsvField("plain text; with: punctuation"), "plain text; with: punctuation");
  EXPECT_EQ(CsvField(""), "");
  EXPECT_EQ(CsvField("a,b"), "\"a,b\"");
  EXPECT_EQ(CsvField("say \"hi\""), "\"say \"\"hi\"\"\"");
  EXPECT_EQ(CsvField("\""), "\"\"\"\"");
  EXPECT_EQ(CsvField("line\nbreak"), "\"line\nbreak\"");
  EXPECT_EQ(CsvField("carriage\rreturn"), "\"carriage\rreturn\"");
  EXPECT_EQ(CsvField(" spaces stay "), " spaces stay ");
  EXPECT_EQ(kCsvLineEnd, "\r\n");
}

}  // namespace
}  // namespace orchard
