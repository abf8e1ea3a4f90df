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

TEST(CleanText, ReplacesInvalidUtf8AndControlCharacters) {
  EXPECT_EQ(CleanText("ok é ✓"), "ok é ✓");
  EXPECT_EQ(CleanText("a\x01"
                      "b\x7f"),
            "a b ");
  EXPECT_EQ(CleanText("bad \xff end"), "bad \xef\xbf\xbd end");
  EXPECT_EQ(CleanText("\xc0\xaf"), "\xef\xbf\xbd\xef\xbf\xbd");                  // overlong '/'
  EXPECT_EQ(CleanText("\xed\xa0\x80"), "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd");  // surrogate
  EXPECT_EQ(CleanText("cut \xe2\x9c"), "cut \xef\xbf\xbd\xef\xbf\xbd");
  // U+202E (right-to-left override) and U+2066 (isolate), and the C1 CSI U+009B.
  EXPECT_EQ(CleanText("evil\xe2\x80\xaetxt.exe"), "evil\xef\xbf\xbdtxt.exe");
  EXPECT_EQ(CleanText("a\xe2\x81\xa6"
                      "b"),
            "a\xef\xbf\xbd"
            "b");
  EXPECT_EQ(CleanText("x\xc2\x9b"
                      "31m"),
            "x 31m");
  EXPECT_EQ(CleanText("\xe2\x80\x94 \xc2\xa0"), "\xe2\x80\x94 \xc2\xa0");  // em dash, nbsp stay
}

}  // namespace
}  // namespace orchard
