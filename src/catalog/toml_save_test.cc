#include "catalog/toml_save.h"

#include <gtest/gtest.h>

#include <boost/json/serialize.hpp>

#include "catalog/catalog_json.h"
#include "catalog/load.h"
#include "catalog/toml_load.h"

namespace orchard::catalog {
namespace {

std::string Json(const Catalog& catalog) {
  boost::json::array rows;
  for (const Endpoint& e : catalog.endpoints) rows.emplace_back(EndpointToJson(e));
  return boost::json::serialize(rows);
}

TEST(TomlSave, WritingAndParsingAgainGivesTheSameCatalog) {
  Catalog builtin = LoadBuiltinCatalog().value();
  auto again = ParseCatalogToml(CatalogToToml(builtin), "saved.toml");
  ASSERT_TRUE(again) << again.error().message();
  EXPECT_EQ(Json(*again), Json(builtin));
  ASSERT_EQ(again->profiles.size(), builtin.profiles.size());
  for (size_t i = 0; i < builtin.profiles.size(); ++i) {
    EXPECT_EQ(again->profiles[i].name, builtin.profiles[i].name);
    EXPECT_EQ(again->profiles[i].categories, builtin.profiles[i].categories);
    EXPECT_EQ(again->profiles[i].rows, builtin.profiles[i].rows);
  }
  EXPECT_EQ(again->info.notes, builtin.info.notes);
  EXPECT_EQ(again->info.url, builtin.info.url);
}

TEST(TomlSave, EscapesStrings) {
  Catalog catalog;
  catalog.info.source = "quote \" backslash \\ tab \t newline \n bell \x07";
  catalog.categories.push_back({"c", "Heading \"x\"", ""});
  Endpoint e;
  e.category = "c";
  e.host = "a.apple.com";
  e.ports = {443};
  e.description = "say \"hi\"\\";
  catalog.endpoints.push_back(e);
  auto again = ParseCatalogToml(CatalogToToml(catalog), "x.toml");
  ASSERT_TRUE(again) << again.error().message();
  EXPECT_EQ(again->info.source, catalog.info.source);
  EXPECT_EQ(again->endpoints[0].description, e.description);
  EXPECT_EQ(again->categories[0].section, "Heading \"x\"");
}

// Found by tests/fuzz/article_fuzz.cc: an article whose heading held U+0012 was imported into a
// catalog that no TOML reader accepts, because the section's comment line carried it raw.
TEST(TomlSave, ControlCharactersNeverReachAComment) {
  Catalog catalog;
  const std::string heading = "Head\x12ing\nnext\x7f\r";
  catalog.categories.push_back({"c", heading, ""});
  Endpoint e;
  e.category = "c";
  e.section = heading;
  e.host = "a.apple.com";
  e.ports = {443};
  catalog.endpoints.push_back(e);
  const std::string toml = CatalogToToml(catalog);
  EXPECT_NE(toml.find("# --- Head ing next   ---"), std::string::npos) << toml;
  auto again = ParseCatalogToml(toml, "x.toml");
  ASSERT_TRUE(again) << again.error().message();
  EXPECT_EQ(again->categories[0].section, heading);  // the value itself keeps them, escaped
}

}  // namespace
}  // namespace orchard::catalog
