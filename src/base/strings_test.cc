#include "base/strings.h"

#include <gtest/gtest.h>

#include <cctype>
#include <string>

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

TEST(Strings, TrimDropsAsciiWhiteSpaceAtBothEnds) {
  EXPECT_EQ(Trim("  Key: value \t\r\n"), "Key: value");
  EXPECT_EQ(Trim("\v\fa b\f\v"), "a b");  // the whole of the C locale's isspace() set
  EXPECT_EQ(Trim("inner  space\tstays"), "inner  space\tstays");
  EXPECT_EQ(Trim(""), "");
  EXPECT_EQ(Trim(" \t\n\v\f\r"), "");
  // No other byte is space: NUL, the UTF-8 no-break space, Latin-1's 0xA0 and 0x85.
  EXPECT_EQ(Trim(std::string_view("\0x\0", 3)), std::string_view("\0x\0", 3));
  EXPECT_EQ(Trim("\xC2\xA0x\xC2\xA0"), "\xC2\xA0x\xC2\xA0");
  EXPECT_EQ(Trim("\xA0x\x85"), "\xA0x\x85");
  // Every byte agrees with std::isspace in the "C" locale, the set the old helpers used.
  for (int c = 0; c < 256; ++c) {
    std::string one(1, static_cast<char>(c));
    EXPECT_EQ(Trim(one).empty(), std::isspace(c) != 0) << c;
  }
}

TEST(Strings, CanonicalHostNameLowersAndDropsTrailingDots) {
  EXPECT_EQ(CanonicalHostName("Push.Apple.COM."), "push.apple.com");
  EXPECT_EQ(CanonicalHostName("push.apple.com"), "push.apple.com");
  EXPECT_EQ(CanonicalHostName("a.b.."), "a.b");  // every trailing dot, not just one
  EXPECT_EQ(CanonicalHostName("."), "");
  EXPECT_EQ(CanonicalHostName(""), "");
  EXPECT_EQ(CanonicalHostName(".Apple.com"), ".apple.com");      // a leading dot stays
  EXPECT_EQ(CanonicalHostName(" Apple.com. "), " apple.com. ");  // no trimming
  EXPECT_EQ(CanonicalHostName("[2001:DB8::1]"), "[2001:db8::1]");
  EXPECT_EQ(CanonicalHostName("\xC3\x89.example."), "\xC3\x89.example");  // only ASCII letters
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

TEST(Strings, AppendUtf8EncodesEveryLengthAndReplacesWhatIsNoCharacter) {
  std::string out;
  for (uint32_t cp : {0x41u, 0xE9u, 0x20ACu, 0x1F600u}) AppendUtf8(out, cp);
  EXPECT_EQ(out, "A\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80");
  out.clear();
  for (uint32_t cp : {0x0u, 0xD800u, 0xDFFFu, 0x110000u}) AppendUtf8(out, cp);
  EXPECT_EQ(out, "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");
}

}  // namespace
}  // namespace orchard
