// Rows with missing or slid cells, in every form a browser gives: each cell is placed by its
// shape, and a row that shapes cannot decide is an error naming its line and host.
#include "catalog/article_row.h"

#include <fmt/format.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "base/file.h"
#include "catalog/article_import.h"
#include "catalog/article_items.h"
#include "catalog/listing.h"

namespace orchard::catalog {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

// "host | ports | protocol | os | description | proxy" for each row.
std::vector<std::string> Rows(std::string_view text, ArticleForm form) {
  auto catalog = ImportArticle(text, "copy.txt", form);
  EXPECT_TRUE(catalog) << catalog.error().message();
  std::vector<std::string> rows;
  if (!catalog) return rows;
  for (const Endpoint& e : catalog->endpoints) {
    rows.push_back(fmt::format("{} | {} | {} | {} | {} | {}{}", e.host, PortsText(e.ports),
                               e.protocol, fmt::join(e.os, ","), e.description, ToString(e.proxy),
                               e.proxy_note));
  }
  return rows;
}

std::string CellError(std::string_view text) {
  auto catalog = ImportArticle(text, "copy.txt", ArticleForm::kCellPerLine);
  EXPECT_FALSE(catalog);
  return catalog ? "" : catalog.error().message();
}

constexpr std::string_view kCellHeader =
    "Hosts\nPorts\nProtocol\nOS\nDescription\nSupports proxies\n";

std::vector<std::string> Placed(std::vector<std::string> cells) {
  EXPECT_EQ(PlaceCells(cells), Placement::kPlaced) << fmt::format("{}", fmt::join(cells, "|"));
  return cells;
}

TEST(ArticleRow, TrimArticleTextAlsoDropsNoBreakSpaces) {
  EXPECT_EQ(TrimArticleText(" \xC2\xA0 \t17.0.0.0/8\xC2\xA0\r\n"), "17.0.0.0/8");
  EXPECT_EQ(TrimArticleText("\xC2\xA0\xC2\xA0"), "");
  EXPECT_EQ(TrimArticleText("\v\f-\f\v"), "-");
  EXPECT_EQ(TrimArticleText("a\xC2\xA0"
                            "b"),
            "a\xC2\xA0"
            "b");  // inside a cell it stays
  // A lone 0xA0 or 0xC2 is not a no-break space.
  EXPECT_EQ(TrimArticleText("\xA0x\xC2"), "\xA0x\xC2");
  EXPECT_EQ(TrimArticleText("\xC2\xA0\xA0"), "\xA0");
}

TEST(ArticleRow, PlacesCellsByShape) {
  EXPECT_THAT(Placed({"a.apple.com", "443", "TCP", "iOS and iPadOS", "eSIM activation"}),
              ElementsAre("a.apple.com", "443", "TCP", "iOS and iPadOS", "eSIM activation", ""));
  EXPECT_THAT(Placed({"a.apple.com", "443", "TCP", "Certificate validation", "—"}),
              ElementsAre("a.apple.com", "443", "TCP", "", "Certificate validation", "—"));
  EXPECT_THAT(Placed({"a.apple.com", "443", "TCP", "macOS only", "Yes"}),
              ElementsAre("a.apple.com", "443", "TCP", "macOS only", "", "Yes"));
  EXPECT_THAT(Placed({"a.apple.com", "443", "TCP", "macOS only", "Yes", ""}),
              ElementsAre("a.apple.com", "443", "TCP", "macOS only", "", "Yes"));
  EXPECT_THAT(Placed({"a.apple.com", "22", "SSH", "-", "SFTP uploads"}),
              ElementsAre("a.apple.com", "22", "SSH", "-", "SFTP uploads", ""));
  EXPECT_THAT(Placed({"a.apple.com", "443", "TCP", "—"}),
              ElementsAre("a.apple.com", "443", "TCP", "", "", "—"));
  EXPECT_THAT(
      Placed({"*.push.apple.com", "443, 80", "TCP", "Push", "Learn more about proxies."}),
      ElementsAre("*.push.apple.com", "443, 80", "TCP", "", "Push", "Learn more about proxies."));
  EXPECT_THAT(Placed({"a.apple.com", "443", "TCP", "visionOS only", "Spatial", "Yes"}),
              ElementsAre("a.apple.com", "443", "TCP", "visionOS only", "Spatial", "Yes"));
}

TEST(ArticleRow, RefusesCellsOfTheWrongShape) {
  std::vector<std::string> no_protocol = {"a.apple.com", "443", "macOS", "x", "Yes"};
  EXPECT_EQ(PlaceCells(no_protocol), Placement::kNoFit);
  std::vector<std::string> yes_then_text = {"a.apple.com", "443", "TCP", "Yes", "x"};
  EXPECT_EQ(PlaceCells(yes_then_text), Placement::kNoFit);
  std::vector<std::string> seven = {"a.apple.com", "443", "TCP", "macOS", "x", "Yes", "y"};
  EXPECT_EQ(PlaceCells(seven), Placement::kNoFit);
}

// Apple's article copied from a browser, one cell per line: the empty proxy cell of
// sq-device.apple.com is simply absent, and its next line is the next row's host.
TEST(ArticleRow, CellPerLineRowMissingItsProxyCell) {
  std::string text = fmt::format(
      "Access to the following hosts might be required when setting up your device.\n{}"
      "sq-device.apple.com\n443\nTCP\niOS and iPadOS\neSIM activation\n"
      "tbsc.apple.com\n443\nTCP\niOS, iPadOS, tvOS, and macOS\nYes\n",
      kCellHeader);
  EXPECT_THAT(Rows(text, ArticleForm::kCellPerLine),
              ElementsAre("sq-device.apple.com | 443 | TCP | iOS,iPadOS | eSIM activation | no",
                          "tbsc.apple.com | 443 | TCP | iOS,iPadOS,tvOS,macOS |  | yes"));
}

TEST(ArticleRow, CellPerLineRowsMissingOsOrDescription) {
  std::string text = fmt::format(
      "{}a.apple.com\n80\nTCP\nCertificate validation\n—\n"  // no OS
      "b.apple.com\n443\nTCP\nmacOS only\nYes\n"             // no description
      "c.apple.com\n443\nTCP\nmacOS only\nReporting\n"       // no proxy ...
      "d.apple.com\n123\nUDP\nTime\n"                        // ... two rows in a row
      "e.apple.com\n22\nSSH\n-\nSFTP uploads\nYes\n",
      kCellHeader);
  EXPECT_THAT(Rows(text, ArticleForm::kCellPerLine),
              ElementsAre("a.apple.com | 80 | TCP |  | Certificate validation | no",
                          "b.apple.com | 443 | TCP | macOS |  | yes",
                          "c.apple.com | 443 | TCP | macOS | Reporting | no",
                          "d.apple.com | 123 | UDP |  | Time | no",
                          "e.apple.com | 22 | SSH |  | SFTP uploads | yes"));
}

TEST(ArticleRow, CellPerLineRowAtTheEndOfATable) {
  // Before a heading and a lead-in; before a blank line and a lead-in; at the end of the text.
  std::string text = fmt::format(
      "{}a.apple.com\n443\nTCP\nmacOS only\nReporting\n"
      "Apple Vision Pro\n"
      "Network access to the following hosts is required to set up Apple Vision Pro.\n"
      "{}v.apple.com\n443\nTCP\nvisionOS only\nSpatial setup\n"
      "\nAccess to the following hosts might be required when setting up your device.\n"
      "{}g.apple.com\n443\nTCP\nmacOS only\nSetup\n",
      kCellHeader, kCellHeader, kCellHeader);
  auto catalog = ImportArticle(text, "copy.txt", ArticleForm::kCellPerLine);
  ASSERT_TRUE(catalog) << catalog.error().message();
  EXPECT_THAT(Rows(text, ArticleForm::kCellPerLine),
              ElementsAre("a.apple.com | 443 | TCP | macOS | Reporting | no",
                          "v.apple.com | 443 | TCP | visionOS | Spatial setup | no",
                          "g.apple.com | 443 | TCP | macOS | Setup | no"));
  EXPECT_EQ(catalog->endpoints[1].category, "apple-vision-pro");
  EXPECT_EQ(catalog->endpoints[2].category, "device-setup");
}

TEST(ArticleRow, CellPerLineProxyNoteAtTheEndOfATable) {
  std::string text = fmt::format(
      "{}*.push.apple.com\n443, 5223\nTCP\nmacOS only\nPush notifications\n"
      "Learn more about APNs and proxies.\nApple Vision Pro\n"
      "Network access to the following hosts is required to set up Apple Vision Pro.\n{}"
      "v.apple.com\n443\nTCP\nvisionOS only\nSpatial setup\nYes\n",
      kCellHeader, kCellHeader);
  EXPECT_THAT(Rows(text, ArticleForm::kCellPerLine),
              ElementsAre("*.push.apple.com | 443, 5223 | TCP | macOS | Push notifications | "
                          "noteLearn more about APNs and proxies.",
                          "v.apple.com | 443 | TCP | visionOS | Spatial setup | yes"));
}

TEST(ArticleRow, CellPerLineAmbiguousRowIsAnErrorNamingLineAndHost) {
  // "Apple Vision Pro" may be the last row's description or the next table's heading.
  std::string message = CellError(fmt::format(
      "{}a.apple.com\n443\nTCP\nmacOS only\nApple Vision Pro\n"
      "Network access to the following hosts is required to set up Apple Vision Pro.\n{}"
      "v.apple.com\n443\nTCP\nvisionOS only\nSpatial setup\nYes\n",
      kCellHeader, kCellHeader));
  EXPECT_THAT(message, HasSubstr("line 7: the row for 'a.apple.com' has no 'Supports proxies' "
                                 "cell, and line 11 ('Apple Vision Pro') may be its description"));
  EXPECT_THAT(CellError(fmt::format("{}a.apple.com\n443\nmacOS only\nx\nYes\n", kCellHeader)),
              HasSubstr("line 7: the row for 'a.apple.com' does not fit the columns"));
}

TEST(ArticleRow, TabSeparatedRowsWithMissingCells) {
  std::string text =
      "Hosts\tPorts\tProtocol\tOS\tDescription\tSupports proxies\n"
      "sq-device.apple.com\t443\tTCP\tiOS and iPadOS\teSIM activation\t\n"
      "b.apple.com\t443\tTCP\tiOS and iPadOS\teSIM activation\n"
      "c.apple.com\t80\tTCP\tCertificate validation\t—\n"
      "d.apple.com\t443\tTCP\tmacOS only\tYes\n"
      "e.apple.com\t443\tTCP\tmacOS only\n";
  EXPECT_THAT(Rows(text, ArticleForm::kTabSeparated),
              ElementsAre("sq-device.apple.com | 443 | TCP | iOS,iPadOS | eSIM activation | no",
                          "b.apple.com | 443 | TCP | iOS,iPadOS | eSIM activation | no",
                          "c.apple.com | 80 | TCP |  | Certificate validation | no",
                          "d.apple.com | 443 | TCP | macOS |  | yes",
                          "e.apple.com | 443 | TCP | macOS |  | no"));
}

TEST(ArticleRow, HtmlRowsWithMissingCells) {
  std::string text =
      "<table><tr><th>Hosts</th><th>Ports</th><th>Protocol</th><th>OS</th>"
      "<th>Description</th><th>Supports proxies</th></tr>\n"
      "<tr><td>a.apple.com</td><td>443</td><td>TCP</td><td>iOS and iPadOS</td>"
      "<td>eSIM activation</td></tr>\n"
      "<tr><td>b.apple.com</td><td>443</td><td>TCP</td><td>Certificate validation</td>"
      "<td>&mdash;</td></tr>\n"
      "<tr><td>c.apple.com</td><td>443</td><td>TCP</td><td>macOS only</td><td>Yes</td>"
      "<td></td></tr></table>";
  EXPECT_THAT(Rows(text, ArticleForm::kHtml),
              ElementsAre("a.apple.com | 443 | TCP | iOS,iPadOS | eSIM activation | no",
                          "b.apple.com | 443 | TCP |  | Certificate validation | no",
                          "c.apple.com | 443 | TCP | macOS |  | yes"));
}

// The seed article rewritten as a browser gives it: tab-separated, and one cell per line with
// the empty cells left out (the seed's rows broken across lines joined first). Both must read as
// the seed's own pipe table does.
TEST(ArticleRow, SeedInEveryFormGivesTheSameRows) {
  auto seed = ReadFile(ORCHARD_SEED_ARTICLE);
  if (!seed) GTEST_SKIP() << seed.error().message();
  std::string tabs, cells;
  std::vector<std::string> row;
  auto flush = [&] {
    if (row.empty()) return;
    tabs += fmt::format("{}\n", fmt::join(row, "\t"));
    for (const std::string& cell : row) {
      if (!cell.empty()) cells += cell + "\n";
    }
    row.clear();
  };
  for (const std::string& line : SplitLines(*seed)) {
    std::string trimmed(TrimArticleText(line));
    if (trimmed.find('|') == std::string::npos) {
      flush();
      tabs += trimmed + "\n";
      cells += trimmed + "\n";
      continue;
    }
    if (trimmed.starts_with("---")) continue;
    std::vector<std::string> parsed;
    for (size_t start = 0, bar; (bar = trimmed.find('|', start)) != std::string::npos;
         start = bar + 1) {
      parsed.emplace_back(TrimArticleText(std::string_view(trimmed).substr(start, bar - start)));
    }
    if (IsHostCell(parsed[0]) || IsArticleHeader(parsed)) flush();
    row.insert(row.end(), parsed.begin(), parsed.end());
    if (row.size() >= kArticleColumns) flush();
  }
  flush();
  auto expected = Rows(*seed, ArticleForm::kPipeTable);
  ASSERT_EQ(expected.size(), 106u);
  EXPECT_EQ(Rows(tabs, ArticleForm::kTabSeparated), expected);
  EXPECT_EQ(Rows(cells, ArticleForm::kCellPerLine), expected);
}

}  // namespace
}  // namespace orchard::catalog
