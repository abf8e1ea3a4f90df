#include "catalog/article_import.h"

#include <fmt/format.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <random>

#include "base/file.h"
#include "catalog/listing.h"
#include "catalog/load.h"
#include "catalog/toml_load.h"
#include "catalog/toml_save.h"

namespace orchard::catalog {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

std::string Fixture(std::string_view name) {
  auto text = ReadFile(std::filesystem::path(ORCHARD_CATALOG_TESTDATA) / name);
  EXPECT_TRUE(text) << text.error().message();
  return text.value_or("");
}

// Every field the article carries, one string per row, so gtest shows which row differs.
std::vector<std::string> ArticleFields(const Catalog& catalog) {
  std::vector<std::string> rows;
  for (const Endpoint& e : catalog.endpoints) {
    rows.push_back(fmt::format("{} | {} | {} | {}/{} | {} | {} | {} {} | {} | {}", e.id, e.host,
                               PortsText(e.ports), ToString(e.transport), e.protocol,
                               fmt::join(e.os, ","), e.description, ToString(e.proxy), e.proxy_note,
                               e.section, e.category));
  }
  return rows;
}

Catalog Import(std::string_view text, std::optional<ArticleForm> form = std::nullopt) {
  auto catalog = ImportArticle(text, "article", form);
  EXPECT_TRUE(catalog) << catalog.error().message();
  return catalog.value_or(Catalog{});
}

const Endpoint& Row(const Catalog& catalog, std::string_view id) {
  for (const Endpoint& e : catalog.endpoints) {
    if (e.id == id) return e;
  }
  ADD_FAILURE() << "no row " << id;
  static const Endpoint kNone;
  return kNone;
}

TEST(ArticleImport, DetectsEachForm) {
  EXPECT_EQ(DetectArticleForm(Fixture("article_pipe.txt")), ArticleForm::kPipeTable);
  EXPECT_EQ(DetectArticleForm(Fixture("article_tabs.txt")), ArticleForm::kTabSeparated);
  EXPECT_EQ(DetectArticleForm(Fixture("article_cells.txt")), ArticleForm::kCellPerLine);
  EXPECT_EQ(DetectArticleForm(Fixture("article.html")), ArticleForm::kHtml);
}

TEST(ArticleImport, ReadsThePipeTableForm) {
  Catalog catalog = Import(Fixture("article_pipe.txt"));
  EXPECT_THAT(
      ArticleFields(catalog),
      ElementsAre(
          "certificate-validation/crl.apple.com | crl.apple.com | 80 | tcp/TCP | "
          "iOS,iPadOS,tvOS,macOS | Certificate validation | no  | Certificate validation | "
          "certificate-validation",
          "certificate-validation/ocsp2.apple.com | ocsp2.apple.com | 443 | tcp/TCP | "
          "iOS,iPadOS,tvOS,macOS | Certificate validation | yes  | Certificate validation | "
          "certificate-validation",
          "device-setup/captive.apple.com | captive.apple.com | 443, 80 | tcp/TCP | "
          "iOS,iPadOS,tvOS,macOS | Internet connectivity validation for networks that use "
          "captive portals | yes  | Device setup | device-setup",
          "device-setup/gs.apple.com | gs.apple.com | 443 | tcp/TCP | iOS,iPadOS,tvOS,macOS |  "
          "| yes  | Device setup | device-setup",
          "device-setup/time-macos.apple.com | time-macos.apple.com | 123 | udp/UDP | macOS | "
          "Used by devices to set their date and time | no  | Device setup | device-setup",
          "mdm/*.push.apple.com | *.push.apple.com | 443, 80, 5223, 2197 | tcp/TCP | "
          "iOS,iPadOS,tvOS,macOS | Push notifications | note Learn more about APNs and "
          "proxies. | Device management | mdm",
          "mdm/deviceservices-external.apple.com | deviceservices-external.apple.com | 443 | "
          "tcp/TCP | iOS,iPadOS,tvOS,macOS |  | no  | Device management | mdm",
          "mdm/upload.appleschoolcontent.com | upload.appleschoolcontent.com | 22 | tcp/SSH |  | "
          "SFTP uploads | yes  | Device management | mdm",
          "apple-vision-pro/vision.apple.com | vision.apple.com | 443 | tcp/TCP | visionOS | "
          "Spatial setup | yes  | Apple Vision Pro | apple-vision-pro",
          "feedback-assistant/cssubmissions.apple.com | cssubmissions.apple.com | 443 | tcp/TCP "
          "| iOS,iPadOS,tvOS,macOS | Used by Feedback Assistant to upload files | yes  | "
          "Feedback Assistant | feedback-assistant",
          "feedback-assistant/fba.apple.com | fba.apple.com | 443 | tcp/TCP | "
          "iOS,iPadOS,tvOS,macOS | Used by Feedback Assistant to file and view feedback | yes  | "
          "Feedback Assistant | feedback-assistant",
          "notarization/17.248.128.0/18 | 17.248.128.0/18 | 443 | tcp/TCP | macOS | Ticket "
          "delivery | no  | App notarization | notarization",
          "app-validation/*.appattest.apple.com | *.appattest.apple.com | 443 | tcp/TCP | "
          "iOS,iPadOS,macOS | App validation, Touch ID and Face ID authentication for websites | "
          "no  | App validation | app-validation",
          "additional-content/xp.apple.com | xp.apple.com | 443 | tcp/TCP | "
          "iOS,iPadOS,tvOS,macOS |  | yes  | Additional content | additional-content"));
  EXPECT_EQ(catalog.info.url, "https://support.apple.com/en-us/HT210060");
  EXPECT_EQ(Row(catalog, "feedback-assistant/fba.apple.com").origin, "article:27");
}

TEST(ArticleImport, AllFourFormsGiveTheSameRows) {
  auto expected = ArticleFields(Import(Fixture("article_pipe.txt")));
  ASSERT_EQ(expected.size(), 14u);
  for (std::string_view name : {"article_tabs.txt", "article_cells.txt", "article.html"}) {
    SCOPED_TRACE(name);
    EXPECT_EQ(ArticleFields(Import(Fixture(name))), expected);
  }
}

TEST(ArticleImport, HtmlIgnoresScriptsCommentsAndHead) {
  Catalog catalog = Import(Fixture("article.html"));
  for (const Endpoint& e : catalog.endpoints) {
    EXPECT_NE(e.host, "fake.apple.com");
    EXPECT_NE(e.host, "commented.apple.com");
  }
}

TEST(ArticleImport, RepairsYesOrDashThatSlidIntoTheDescription) {
  Catalog catalog = Import(
      "Access to the following hosts might be required when setting up your device.\n"
      "Hosts | Ports | Protocol | OS | Description | Supports proxies |\n"
      "gs.apple.com | 443 | TCP | macOS only | Yes | |\n"
      "humb.apple.com | 443 | TCP | macOS only | — |\n"
      "tbsc.apple.com | 443 | TCP | macOS only | Yes |\n");
  EXPECT_EQ(Row(catalog, "device-setup/gs.apple.com").proxy, ProxySupport::kYes);
  EXPECT_EQ(Row(catalog, "device-setup/gs.apple.com").description, "");
  EXPECT_EQ(Row(catalog, "device-setup/humb.apple.com").proxy, ProxySupport::kNo);
  EXPECT_EQ(Row(catalog, "device-setup/tbsc.apple.com").proxy, ProxySupport::kYes);
}

TEST(ArticleImport, JoinsRowsBrokenAcrossLines) {
  Catalog catalog = Import(
      "A Mac that provides content caching must be able to connect to the following hosts.\n"
      "Hosts | Ports | Protocol | OS | Description | Supports proxies |\n"
      "suconfig.apple.com | 80 | TCP | macOS only |\n"
      "Configuration | — |\n"
      "xp-cdn.apple.com | 443 | TCP | macOS only | Reporting | Yes |\n");
  EXPECT_EQ(Row(catalog, "content-caching-server/suconfig.apple.com").description, "Configuration");
  EXPECT_EQ(Row(catalog, "content-caching-server/suconfig.apple.com").origin, "article:3");
  EXPECT_EQ(catalog.endpoints.size(), 2u);
}

TEST(ArticleImport, ParsesOsLists) {
  Catalog catalog = Import(
      "Hosts | Ports | Protocol | OS | Description | Supports proxies |\n"
      "a.apple.com | 443 | TCP | iOS, iPadOS, tvOS, watchOS, and macOS | x | Yes |\n"
      "b.apple.com | 443 | TCP | iOS and iPadOS | x | Yes |\n"
      "c.apple.com | 443 | TCP | tvOS only | x | Yes |\n"
      "d.apple.com | 443 | TCP | iOS, iPadOS, macOS | x | Yes |\n"
      "e.apple.com | 443 | TCP | - | x | Yes |\n");
  std::vector<std::vector<std::string>> os;
  for (const Endpoint& e : catalog.endpoints) os.push_back(e.os);
  EXPECT_THAT(os, ElementsAre(ElementsAre("iOS", "iPadOS", "tvOS", "watchOS", "macOS"),
                              ElementsAre("iOS", "iPadOS"), ElementsAre("tvOS"),
                              ElementsAre("iOS", "iPadOS", "macOS"), ElementsAre()));
  EXPECT_EQ(catalog.endpoints[0].category, "section-1") << "no heading at all: numbered";
}

TEST(ArticleImport, KeepsAHostTwiceInOneSectionAsTwoRows) {
  Catalog catalog = Import(
      "Hosts | Ports | Protocol | OS | Description | Supports proxies |\n"
      "a.apple.com | 443 | TCP | macOS | x | Yes |\n"
      "a.apple.com | 80 | TCP | macOS | y | — |\n");
  EXPECT_EQ(catalog.endpoints[0].id, "section-1/a.apple.com");
  EXPECT_EQ(catalog.endpoints[1].id, "section-1/a.apple.com#2");
}

TEST(ArticleImport, ReportsEveryUnreadableLineByNumber) {
  auto catalog = ImportArticle(
      "Apple devices must be able to connect to the following hosts to validate the digital "
      "certificates.\n"
      "Hosts | Ports | Protocol | OS | Description | Supports proxies |\n"
      "ocsp.apple.com | 80 | TCP | macOS | ok | — |\n"
      "bad.apple.com | 80 |\n"
      "\n"
      "port.apple.com | 8o | TCP | macOS | x | — |\n"
      "proto.apple.com | 80 | SCTP | macOS | x | — |\n"
      "bad host name | 80 | TCP | macOS | x | — |\n"
      "Some prose.\n"
      "stray.apple.com | 443 | TCP | macOS | x | Yes |\n",
      "new.txt");
  ASSERT_FALSE(catalog);
  EXPECT_EQ(catalog.error().code(), ErrorCode::kParse);
  const std::string& message = catalog.error().message();
  EXPECT_THAT(message, HasSubstr("new.txt: could not read 5 line(s)"));
  EXPECT_THAT(message, HasSubstr("line 4: expected 6 cells"));
  EXPECT_THAT(message, HasSubstr("line 6: bad port '8o'"));
  EXPECT_THAT(message, HasSubstr("line 7: unknown protocol 'SCTP'"));
  EXPECT_THAT(message, HasSubstr("line 8: bad host name 'bad host name'"));
  EXPECT_THAT(message, HasSubstr("line 10: a table row with no"));
}

TEST(ArticleImport, ReportsUnreadableCellsAndHtmlRows) {
  auto cells = ImportArticle(
      "Hosts\nPorts\nProtocol\nOS\nDescription\nSupports proxies\n"
      "a.apple.com\n443\nTCP\nmacOS\nx\nYes\nnot a host\n443\nTCP\n",
      "cells.txt");
  ASSERT_FALSE(cells);
  EXPECT_THAT(cells.error().message(), HasSubstr("line 13: 'not a host' is not a host"));
  auto html = ImportArticle(
      "<table><tr><th>Hosts</th><th>Ports</th><th>Protocol</th><th>OS</th><th>Description</th>"
      "<th>Supports proxies</th></tr>\n<tr><td>a.apple.com</td><td>443</td></tr></table>",
      "page.html");
  ASSERT_FALSE(html);
  EXPECT_THAT(html.error().message(), HasSubstr("line 2: a table row with 2 cells"));
}

// A catalog must be UTF-8 (TOML is); a byte from another encoding is refused, never passed on
// into a catalog that orchard could not read back.
TEST(ArticleImport, RefusesTextThatIsNotUtf8) {
  std::string text =
      "Hosts | Ports | Protocol | OS | Description | Supports proxies |\n"
      "a.apple.com | 443 | TCP | macOS | Apple\x92s updates | Yes |\n"
      "b.apple.com | 443 | TCP | macOS | ok | Yes |\n"
      "c.apple.com | 443 | TCP | macOS | \xED\xA0\x80 \xC0\xAF | Yes |\n";
  for (auto form : {ArticleForm::kPipeTable, ArticleForm::kCellPerLine, ArticleForm::kHtml}) {
    auto catalog = ImportArticle(text, "latin1.txt", form);
    ASSERT_FALSE(catalog);
    EXPECT_EQ(catalog.error().code(), ErrorCode::kParse);
    EXPECT_THAT(catalog.error().message(),
                HasSubstr("latin1.txt: not UTF-8 text (line 2, column 40: byte 0x92; line 4, "
                          "column 35: byte 0xED; line 4, column 36: byte 0xA0; line 4, column 37: "
                          "byte 0x80; line 4, column 39: byte 0xC0; and 1 more)"));
  }
}

TEST(ArticleImport, ImportedCatalogReadsBack) {
  Catalog imported = Import(
      "Hosts | Ports | Protocol | OS | Description | Supports proxies |\n"
      "a.apple.com | 443 | TCP | macOS | Apple’s “updates” — 日本 \xF0\x9F\x8D\x8E | Yes |\n");
  auto read_back = ParseCatalogToml(CatalogToToml(imported), "out.toml");
  ASSERT_TRUE(read_back) << read_back.error().message();
  EXPECT_EQ(ArticleFields(*read_back), ArticleFields(imported));
}

TEST(ArticleImport, TextWithoutATableIsAnError) {
  auto catalog = ImportArticle("Nothing here.\nJust prose.\n", "empty.txt");
  ASSERT_FALSE(catalog);
  EXPECT_THAT(catalog.error().message(), HasSubstr("empty.txt: no host table found"));
}

TEST(ArticleImport, SurvivesHostileInput) {
  std::mt19937 random(42);
  std::string html = Fixture("article.html");
  for (int round = 0; round < 200; ++round) {
    std::string text = html.substr(0, 1 + random() % html.size());
    for (int k = 0; k < 20; ++k) text[random() % text.size()] = static_cast<char>(random());
    for (auto form : {ArticleForm::kPipeTable, ArticleForm::kTabSeparated,
                      ArticleForm::kCellPerLine, ArticleForm::kHtml}) {
      (void)ImportArticle(text, "fuzz", form);  // must neither throw nor crash
    }
  }
  EXPECT_FALSE(ImportArticle("<table><tr><td>&#xFFFFFFFF;&#;&", "x"));
  EXPECT_FALSE(ImportArticle("<h2", "x"));
  EXPECT_FALSE(ImportArticle("<!-- never closed", "x"));
}

TEST(ArticleImport, MarkdownListingImportsBackToTheBuiltinCatalog) {
  Catalog builtin = LoadBuiltinCatalog().value();
  std::string markdown = RenderRows(builtin.endpoints, ListFormat::kMarkdown);
  EXPECT_EQ(ArticleFields(Import(markdown)), ArticleFields(builtin));
}

// The seed article (Apple's page as the project received it) must import to exactly the rows
// of catalog/apple.toml. Its path comes from CMake (../shared/seeds/... beside the repository)
// or from ORCHARD_SEED_ARTICLE.
TEST(ArticleImport, SeedArticleGivesExactlyTheBuiltinRows) {
  const char* from_env = std::getenv("ORCHARD_SEED_ARTICLE");
  std::filesystem::path path = from_env != nullptr ? from_env : ORCHARD_SEED_ARTICLE;
  if (!std::filesystem::exists(path)) {
    GTEST_SKIP() << "seed article not found at " << path
                 << " (set ORCHARD_SEED_ARTICLE to its path to run this comparison)";
  }
  auto text = ReadFile(path);
  ASSERT_TRUE(text) << text.error().message();
  Catalog imported = Import(*text);
  Catalog builtin = LoadBuiltinCatalog().value();
  EXPECT_EQ(imported.endpoints.size(), 106u);
  EXPECT_EQ(ArticleFields(imported), ArticleFields(builtin));
  ASSERT_EQ(imported.categories.size(), builtin.categories.size());
  for (size_t i = 0; i < builtin.categories.size(); ++i) {
    EXPECT_EQ(imported.categories[i].id, builtin.categories[i].id);
    EXPECT_EQ(imported.categories[i].section, builtin.categories[i].section);
  }
}

}  // namespace
}  // namespace orchard::catalog
