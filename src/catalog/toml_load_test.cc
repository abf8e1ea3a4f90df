#include "catalog/toml_load.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

namespace orchard::catalog {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

constexpr std::string_view kHeader = R"([catalog]
source = "test"

[[category]]
id = "certificate-validation"
section = "Certificate validation"
)";

// A well-formed row at line 8 of the document (after kHeader's 7 lines and one blank line).
std::string Doc(std::string_view rows) { return std::string(kHeader) + "\n" + std::string(rows); }

constexpr std::string_view kRow = R"([[endpoint]]
category = "certificate-validation"
host = "ocsp.apple.com"
ports = [80]
transport = "tcp"
os = ["macOS"]
description = "Certificate validation"
proxy = "no"
hints = { http_check = "ocsp", url = "http://ocsp.apple.com/x" }
)";

std::string Message(std::string_view text) {
  auto catalog = ParseCatalogToml(text, "test.toml");
  if (catalog) return "(no error)";
  EXPECT_EQ(catalog.error().code(), ErrorCode::kCatalog);
  return catalog.error().message();
}

TEST(TomlLoad, ParsesARow) {
  auto catalog = ParseCatalogToml(Doc(kRow), "test.toml");
  ASSERT_TRUE(catalog) << catalog.error().message();
  ASSERT_EQ(catalog->endpoints.size(), 1u);
  const Endpoint& e = catalog->endpoints[0];
  EXPECT_EQ(e.id, "certificate-validation/ocsp.apple.com");
  EXPECT_EQ(e.section, "Certificate validation");
  EXPECT_EQ(e.ports, std::vector<uint16_t>{80});
  EXPECT_EQ(e.protocol, "TCP");
  EXPECT_EQ(e.proxy, ProxySupport::kNo);
  EXPECT_EQ(e.hints.http_check, "ocsp");
  EXPECT_EQ(e.origin, "test.toml:8");
}

TEST(TomlLoad, RejectsPortOutOfRange) {
  std::string doc = Doc(kRow);
  doc.replace(doc.find("[80]"), 4, "[80,\n 70000]");
  EXPECT_EQ(Message(doc), "test.toml:12: port 70000 out of range (1-65535)");
}

TEST(TomlLoad, RejectsPortZeroAndNonIntegerPorts) {
  std::string zero = Doc(kRow);
  zero.replace(zero.find("[80]"), 4, "[0]");
  EXPECT_THAT(Message(zero), HasSubstr("test.toml:11: port 0 out of range"));
  std::string text = Doc(kRow);
  text.replace(text.find("[80]"), 4, "[\"80\"]");
  EXPECT_THAT(Message(text), HasSubstr("test.toml:11: 'ports' must be"));
  std::string empty = Doc(kRow);
  empty.replace(empty.find("[80]"), 4, "[]");
  EXPECT_THAT(Message(empty), HasSubstr("test.toml:11: 'ports' must be a non-empty"));
}

TEST(TomlLoad, RejectsUnknownTransport) {
  std::string doc = Doc(kRow);
  doc.replace(doc.find("\"tcp\""), 5, "\"sctp\"");
  EXPECT_EQ(Message(doc), "test.toml:12: unknown transport 'sctp' (expected tcp or udp)");
}

TEST(TomlLoad, RejectsBadCidr) {
  std::string doc = Doc(kRow);
  doc.replace(doc.find("\"ocsp.apple.com\""), 16, "\"17.248.128.0/33\"");
  EXPECT_THAT(Message(doc), HasSubstr("test.toml:10: bad CIDR '17.248.128.0/33'"));
}

TEST(TomlLoad, RejectsDuplicateRowId) {
  std::string rows = std::string(kRow) + "\n" + std::string(kRow);
  rows.insert(rows.find("category"), "id = \"x\"\n");
  rows.insert(rows.rfind("category"), "id = \"x\"\n");
  EXPECT_EQ(Message(Doc(rows)),
            "test.toml:19: duplicate row id 'x' (first defined at test.toml:8)");
}

TEST(TomlLoad, DerivesDistinctIdsForAHostTwiceInOneCategory) {
  auto catalog = ParseCatalogToml(Doc(std::string(kRow) + "\n" + std::string(kRow)), "t.toml");
  ASSERT_TRUE(catalog) << catalog.error().message();
  EXPECT_EQ(catalog->endpoints[0].id, "certificate-validation/ocsp.apple.com");
  EXPECT_EQ(catalog->endpoints[1].id, "certificate-validation/ocsp.apple.com#2");
}

TEST(TomlLoad, RejectsProfileNamingUnknownCategoryOrRow) {
  std::string unknown_category =
      Doc(kRow) + "\n[[profile]]\nname = \"p\"\ncategories = [\"nope\"]\n";
  EXPECT_EQ(Message(unknown_category), "test.toml:18: profile 'p' names unknown category 'nope'");
  std::string unknown_row = Doc(kRow) + "\n[[profile]]\nname = \"p\"\nrows = [\"x.apple.com\"]\n";
  EXPECT_EQ(Message(unknown_row), "test.toml:18: profile 'p' names unknown row 'x.apple.com'");
}

TEST(TomlLoad, RejectsRowInUndeclaredCategory) {
  std::string doc = Doc(kRow);
  doc.replace(doc.find("category = \"certificate-validation\"\nhost"), 35, "category = \"nope\"");
  EXPECT_EQ(Message(doc), "test.toml:8: row 'ocsp.apple.com' names unknown category 'nope'");
}

TEST(TomlLoad, ReportsSyntaxErrorsWithTheirLine) {
  std::string doc = Doc(kRow);
  doc.replace(doc.find("proxy = \"no\""), 12, "proxy = \"no");
  EXPECT_THAT(Message(doc), HasSubstr("test.toml:15: TOML syntax error"));
}

TEST(TomlLoad, RejectsUnknownKeysAndBadValues) {
  std::string typo = Doc(kRow);
  typo.replace(typo.find("os ="), 4, "oss =");
  EXPECT_EQ(Message(typo), "test.toml:13: unknown key 'oss' in [[endpoint]]");
  std::string proxy = Doc(kRow);
  proxy.replace(proxy.find("\"no\""), 4, "\"maybe\"");
  EXPECT_THAT(Message(proxy), HasSubstr("test.toml:15: unknown proxy 'maybe'"));
  std::string note = Doc(kRow);
  note.replace(note.find("\"no\""), 4, "\"note\"");
  EXPECT_THAT(Message(note), HasSubstr("test.toml:8: proxy = \"note\" needs a proxy_note"));
  std::string check = Doc(kRow);
  check.replace(check.find("\"ocsp\""), 6, "\"gopher\"");
  EXPECT_THAT(Message(check), HasSubstr("test.toml:16: unknown http_check 'gopher'"));
  std::string missing = Doc(kRow);
  missing.replace(missing.find("transport = \"tcp\"\n"), 18, "");
  EXPECT_EQ(Message(missing), "test.toml:8: missing 'transport'");
}

TEST(TomlLoad, RejectsCategoryRedefinedWithAnotherHeading) {
  std::string doc =
      Doc(kRow) + "\n[[category]]\nid = \"certificate-validation\"\nsection = \"Other\"\n";
  EXPECT_THAT(Message(doc), HasSubstr("test.toml:18: category 'certificate-validation' redefined"));
}

TEST(TomlLoad, NeverThrowsOnHostileInput) {
  for (std::string_view text : {"\x01\x02\xff", "[[endpoint]]\nports = [1e999]", "a = [[[[[[",
                                "endpoint = 3", "[catalog]\nnotes = [1]"}) {
    EXPECT_FALSE(ParseCatalogToml(text, "x.toml"));
  }
}

}  // namespace
}  // namespace orchard::catalog

namespace orchard::catalog {
namespace {

std::string Repeat(std::string_view part, size_t times, std::string_view separator) {
  std::string out;
  for (size_t i = 0; i < times; ++i) {
    if (i) out += separator;
    out += part;
  }
  return out;
}

// toml++ recurses once per level: 50,000 of them (a 100 KB file) overflowed the stack and
// killed orchard. Refused before parsing, with the file and line.
TEST(TomlLoad, RefusesNestingThatWouldExhaustTheStack) {
  const size_t kParts = 50000;
  std::vector<std::pair<std::string, std::string>> cases = {
      {"dotted key", "x = 1\n" + Repeat("a", kParts, ".") + " = 1\n"},
      {"table header", "x = 1\n[" + Repeat("a", kParts, ".") + "]\n"},
      {"array header", "x = 1\n[[" + Repeat("a", kParts, ".") + "]]\n"},
      {"inline tables", "x = 1\ny = " + Repeat("{a=", kParts, "") + "1" + std::string(kParts, '}')},
      {"arrays", "x = 1\ny = " + std::string(kParts, '[') + std::string(kParts, ']') + "\n"},
      {"dotted keys in inline tables", "x = 1\ny = " + Repeat("{a.a.a.a=", kParts / 4, "") + "1"},
  };
  for (const auto& [what, text] : cases) {
    auto catalog = ParseCatalogFile(text, "deep.toml");
    ASSERT_FALSE(catalog) << what;
    EXPECT_THAT(catalog.error().message(), HasSubstr("deep.toml:2: ")) << what;
    EXPECT_THAT(catalog.error().message(), HasSubstr("nested more than 128 deep")) << what;
  }
}

TEST(TomlLoad, DepthLimitIgnoresStringsAndCommentsAndAllowsDeepRealisticInput) {
  std::string dots(10000, '.');
  std::string brackets(10000, '[');
  std::string text = "a = \"" + dots + brackets + "\"\nb = '" + dots + "'\n# " + dots + brackets +
                     "\nc = \"\"\"\n" + dots + "\n\"\"\"\nd = '''" + brackets + "'''\n" +
                     "e = \"\\\"" + dots + "\"\n" + "f = 1.5\ng = [1.5, 2.5, [3.5]]\n";
  auto catalog = ParseCatalogFile(text, "flat.toml");
  ASSERT_FALSE(catalog);  // unknown keys, but not refused for depth
  EXPECT_THAT(catalog.error().message(), Not(HasSubstr("nested more than")));
  // At the limit, in every shape at once, toml++ still parses without trouble.
  std::string deep = "[" + Repeat("t", 60, ".") + "]\n" + Repeat("k", 60, ".") + " = " +
                     Repeat("{a.a=", 2, "") + "[[1]]" + "}}\n";
  catalog = ParseCatalogFile(deep, "deep.toml");
  ASSERT_FALSE(catalog);
  EXPECT_THAT(catalog.error().message(), Not(HasSubstr("nested more than")));
  EXPECT_THAT(catalog.error().message(), Not(HasSubstr("syntax error")));
}

}  // namespace
}  // namespace orchard::catalog
