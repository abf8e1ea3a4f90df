// Megabytes of hostile HTML import in linear time. No timing assertion: a quadratic importer
// takes minutes on these inputs and hits the TIMEOUT ctest gives this binary (a linear one
// takes well under a second, a few seconds under sanitizers).
#include <fmt/format.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "catalog/article_import.h"

namespace orchard::catalog {
namespace {

using ::testing::HasSubstr;

constexpr size_t kMegabyte = 1 << 20;

std::string RepeatTo(std::string prefix, std::string_view unit, size_t bytes = kMegabyte) {
  while (prefix.size() < bytes) prefix += unit;
  return prefix;
}

constexpr std::string_view kHtmlHeader =
    "<table><tr><th>Hosts</th><th>Ports</th><th>Protocol</th><th>OS</th><th>Description</th>"
    "<th>Supports proxies</th></tr>\n";

TEST(ArticleScale, AMegabyteOfCommentsOrScripts) {
  for (std::string_view unit : {"<!---->", "<script></script>", "<SCRIPT></Script>"}) {
    SCOPED_TRACE(unit);
    auto catalog = ImportArticle(RepeatTo("", unit), "big.html", ArticleForm::kHtml);
    ASSERT_FALSE(catalog);
    EXPECT_THAT(catalog.error().message(), HasSubstr("big.html: no host table found"));
  }
}

// These two were quadratic with a smaller constant: four megabytes take minutes that way.
TEST(ArticleScale, FourMegabytesOfAmpersandsInACell) {
  auto catalog = ImportArticle(RepeatTo(std::string(kHtmlHeader) + "<tr><td>", "&", 4 * kMegabyte),
                               "big.html", ArticleForm::kHtml);
  ASSERT_FALSE(catalog);
  EXPECT_THAT(catalog.error().message(), HasSubstr("line 2: a table row with 1 cells"));
}

TEST(ArticleScale, FourMegabytesOfOneRowRepeated) {
  std::string text = RepeatTo(std::string(kHtmlHeader),
                              "<tr><td>a.apple.com</td><td>443</td><td>TCP</td>"
                              "<td>macOS only</td><td>x</td><td>Yes</td></tr>\n",
                              4 * kMegabyte);
  auto catalog = ImportArticle(text, "big.html", ArticleForm::kHtml);
  ASSERT_TRUE(catalog) << catalog.error().message();
  size_t rows = catalog->endpoints.size();
  ASSERT_GT(rows, 40000u);
  EXPECT_EQ(catalog->endpoints.back().id, fmt::format("section-1/a.apple.com#{}", rows));
}

}  // namespace
}  // namespace orchard::catalog
